import * as pulumi from "@pulumi/pulumi";

/** A stand-in for @pulumi/command's Command (no plugin here): a dynamic resource with a `create` script input. */
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, string>) {
    return { id: "cmd", outs: inputs };
  },
};

const secret = new pulumi.Config().get("value") ?? "Mv5Tz8Qp2Wx7Ln4Rb9Kd3s";
class Plain extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(provider, name, props);
  }
}
new Plain("save-secret", { create: `echo "${secret}" > secrets.txt` });
