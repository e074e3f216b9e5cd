/**
 * The documented config route (`pulumi config set --secret genesys-oauth-guard:clientSecret`): the engine copies
 * the stack config into the default pulumi-nodejs provider's state, encrypted. That is not a finding; a plain
 * value there, or an encrypted secret under another namespace, still is.
 */
import * as assert from "assert";
import { CONFIG_NAMESPACE } from "../../../providers/config-keys";
import { OWN_CONFIG_NAMESPACE, PULUMI_SECRET_SIG, PULUMI_SIG_KEY, RULE_IDS, scanStack } from "../../../detection";
import { fakeSecret } from "./fixtures";

const encrypted = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:bm9uY2U=:Y2lwaGVydGV4dA==" };
const provider = (config: Record<string, unknown>) => ({
  urn: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default",
  type: "pulumi:providers:pulumi-nodejs",
  inputs: config,
  outputs: config,
});

describe("detection: the project's own config namespace in the pulumi-nodejs provider", () => {
  it("uses the providers' namespace", () => {
    assert.strictEqual(OWN_CONFIG_NAMESPACE, CONFIG_NAMESPACE);
  });

  it("an encrypted genesys-oauth-guard:clientSecret (config set --secret) is not a finding, in inputs or outputs", () => {
    assert.deepStrictEqual(
      scanStack([
        provider({ "genesys-oauth-guard:clientSecret": encrypted, "genesys-oauth-guard:vaultToken": encrypted, "genesys-oauth-guard:clientId": "admin" }),
      ]),
      [],
    );
  });

  it("a plain genesys-oauth-guard:clientSecret (config set without --secret) is", () => {
    const ds = scanStack([provider({ "genesys-oauth-guard:clientSecret": fakeSecret() })]);
    assert.deepStrictEqual([...new Set(ds.map((d) => d.ruleId))], [RULE_IDS.secretKeyPlaintext]);
    assert.deepStrictEqual(ds.map((d) => d.path).sort(), ['inputs["genesys-oauth-guard:clientSecret"]', 'outputs["genesys-oauth-guard:clientSecret"]']);
  });

  it("an encrypted secret under another namespace still is", () => {
    const ds = scanStack([provider({ "myapp:clientSecret": encrypted })]);
    assert.ok(ds.length > 0 && ds.every((d) => d.ruleId === RULE_IDS.secretKeyEncrypted), JSON.stringify(ds));
  });
});
