import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { scanProviderSource } from "../../../detection/provider-source";
import { oauthClientProvider, secretRotationProvider } from "../../../providers/serialized";

/** Serializes a provider object the way `pulumi.dynamic.Resource` does (the `__provider` text in state). */
async function serialize(provider: object): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

describe("audit of __provider text serialized by the real Pulumi SDK", function () {
  this.timeout(30_000);

  it("is quiet on this project's OAuthClient and SecretRotation providers", async () => {
    for (const provider of [oauthClientProvider, secretRotationProvider]) {
      const text = await serialize(provider);
      assert.match(text, /genesys-oauth-guard\/providers\/runtime/);
      assert.deepStrictEqual(scanProviderSource(text, "inputs.__provider"), []);
    }
  });

  it("finds a credential captured from module scope (pulumi/pulumi#8265) and an environment snapshot", async () => {
    const secret = ["q8ZtR2vL", "mN5xWc7Y", "bK3pHd"].join("");
    const creds = { clientSecret: secret, region: "mypurecloud.ie" };
    const leaky = {
      async create(inputs: unknown) {
        return { id: String(creds.clientSecret.length), outs: inputs };
      },
    };
    const found = scanProviderSource(await serialize(leaky), "inputs.__provider");
    assert.deepStrictEqual(
      found.map((d) => d.ruleId),
      ["genesys-provider-captured-credential"],
    );
    assert.ok(!found[0].evidence.includes(secret));

    const env = { PATH: "/usr/bin:/bin", HOME: "/home/ci", SHELL: "/bin/bash", GENESYS_CLOUD_CLIENT_SECRET: secret };
    // Passing the whole object on (a child process env, a client config) captures every variable.
    const snapshot = {
      async create(inputs: unknown) {
        return { id: String(Object.keys(env).length), outs: inputs };
      },
    };
    const rules = scanProviderSource(await serialize(snapshot), "inputs.__provider").map((d) => d.ruleId);
    assert.ok(rules.includes("genesys-provider-env-snapshot"));
    assert.ok(rules.includes("genesys-provider-captured-credential"));
  });
});
