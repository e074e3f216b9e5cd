/**
 * The documented config route: `pulumi config set --secret genesys-oauth-guard:clientSecret` raises nothing at
 * preview (the pack cannot tell --secret from plain there; the audit of the exported state can, and does).
 */
import * as assert from "assert";
import { noCredentialsInDynamicProvider } from "../../../policies/rules";
import { fakeSecret } from "../detection/fixtures";
import { runStack } from "./harness";

describe("policy genesys-no-credentials-in-dynamic-provider: this package's own config keys", () => {
  it("passes genesys-oauth-guard:clientSecret and the store credentials, still flags other namespaces", async () => {
    const s = fakeSecret();
    const own = {
      type: "pulumi:providers:pulumi-nodejs",
      name: "default",
      props: { "genesys-oauth-guard:clientSecret": s, "genesys-oauth-guard:vaultToken": "hvs.abcdefghijkl", "genesys-oauth-guard:clientId": "admin" },
    };
    assert.deepStrictEqual(await runStack(noCredentialsInDynamicProvider, [own]), []);
    const other = { ...own, props: { ...own.props, "proj:genesysClientSecret": s } };
    const vs = await runStack(noCredentialsInDynamicProvider, [other]);
    assert.strictEqual(vs.length, 1);
    assert.match(vs[0].message, /proj:genesysClientSecret/);
  });
});
