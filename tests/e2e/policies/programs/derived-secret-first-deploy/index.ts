/**
 * A user's first deploy: the opted-in `clientSecret` output, base64-encoded into a stack output and into
 * another resource's tag. At the first preview both are unknown; without the taint rule `pulumi up` writes
 * them to state before any policy sees a value.
 */
import * as pulumi from "@pulumi/pulumi";
import { OAuthClient } from "genesys-oauth-guard";

const config = new pulumi.Config();
const client = new OAuthClient("ci", {
  name: "derived-secret",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: ["Developer"],
  secretStore: config.require("secretStore"),
  rotation: { every: "30d" },
  exposeSecretAsOutput: true,
});

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: "consumer", outs: inputs };
  },
};
class Consumer extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(provider, name, props);
  }
}

const encoded = client.clientSecret.apply((s) => Buffer.from(s ?? "").toString("base64"));
new Consumer("consumer", { tags: { team: "platform", auth: encoded } });
export const buildToken = encoded;
