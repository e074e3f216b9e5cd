import * as pulumi from "@pulumi/pulumi";

/** A resource whose output `value` is only known after create: during preview the stack output is unknown. */
const provider: pulumi.dynamic.ResourceProvider = {
  async create() {
    return { id: "gen", outs: { value: "not-known-before-create" } };
  },
};

class Generated extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string) {
    super(provider, name, { value: undefined });
  }
}

export const clientSecret = new Generated("gen").value;
