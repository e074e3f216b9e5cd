import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: "bucket", outs: inputs };
  },
};

const secret = new pulumi.Config().get("value") ?? "Pk6Yw3Ns8Jd2Qt9Lx4Mc7f";
class Plain extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(provider, name, props);
  }
}
new Plain("bucket", { tags: { team: "platform", note: secret } });
