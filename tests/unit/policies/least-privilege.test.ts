/** `genesys-oauth-client-least-privilege` at preview: denied roles and the allowlist, on our OAuthClient and ClientPair only. */
import * as assert from "assert";
import { CLIENT_PAIR_TYPE, OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import { oauthClientLeastPrivilege } from "../../../policies/rules";
import { UNKNOWN_STRING, runResource } from "./harness";

const OUR_TYPE = OAUTH_CLIENT_TYPE;
const client = (over: Record<string, unknown>) => ({
  type: OUR_TYPE,
  name: "ci",
  props: { name: "ci", authorizedGrantType: "CLIENT-CREDENTIALS", secretStore: "vault://secret/ci", roles: ["Developer"], ...over },
});

describe("policy genesys-oauth-client-least-privilege", () => {
  it("passes a client-credentials client with an ordinary role", async () => {
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, client({})), []);
  });

  it("fails the default denied roles, by name (any case) or in the object form, and says where", async () => {
    const vs = await runResource(oauthClientLeastPrivilege, client({ roles: ["admin", { role: "Master Admin", division: "*" }, "Developer"] }));
    assert.deepStrictEqual(
      vs.map((v) => v.message),
      [
        "OAuthClient 'ci' holds the denied role 'admin': a client-credentials client with it can do what an administrator can",
        "OAuthClient 'ci' holds the denied role 'Master Admin' on all divisions: a client-credentials client with it can do what an administrator can",
      ],
    );
  });

  it("only client credentials hold roles; other grants and other resources pass; unknowns are skipped", async () => {
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, client({ authorizedGrantType: "CODE", roles: ["Admin"] })), []);
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, { type: "aws:iam/role:Role", name: "r", props: { roles: ["Admin"] } }), []);
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, client({ authorizedGrantType: UNKNOWN_STRING, roles: ["Admin"] })), []);
  });

  it("judges our ClientPair (it creates two clients with these roles); a look-alike generic dynamic resource is not ours", async () => {
    const pair = await runResource(oauthClientLeastPrivilege, { ...client({ roles: ["Admin"] }), type: CLIENT_PAIR_TYPE });
    assert.deepStrictEqual(
      pair.map((v) => v.message),
      ["ClientPair 'ci' holds the denied role 'Admin': a client-credentials client with it can do what an administrator can"],
    );
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, { ...client({ roles: ["Admin"] }), type: "pulumi-nodejs:dynamic:Resource" }), []);
  });

  it("config: another deny list, and an allowlist of grant types and roles", async () => {
    assert.strictEqual((await runResource(oauthClientLeastPrivilege, client({}), { denyRoles: ["Developer"] })).length, 1);
    const allowlist = [{ grantType: "CLIENT-CREDENTIALS", roles: ["Employee"] }];
    const vs = await runResource(oauthClientLeastPrivilege, client({}), { allowlist });
    assert.deepStrictEqual(
      vs.map((v) => v.message),
      ["OAuthClient 'ci': role Developer not allowed for grant type CLIENT-CREDENTIALS"],
    );
    assert.deepStrictEqual(await runResource(oauthClientLeastPrivilege, client({ roles: ["Employee"] }), { allowlist }), []);
  });
});
