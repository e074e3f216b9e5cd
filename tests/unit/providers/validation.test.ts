import { strict as assert } from "assert";
import { checkOAuthClientInputs, checkSecretRotationInputs, UNKNOWN } from "../../../providers/validation";

const parse = (reference: string): void => {
  if (!/^(file|vault|awssm):\/\//.test(reference)) throw new Error("unknown scheme; use file://, vault:// or awssm://");
};

const valid = { name: "ci", authorizedGrantType: "CLIENT-CREDENTIALS", roles: ["Developer"], secretStore: "file://./s/ci" };

function reasons(news: Record<string, unknown>): string[] {
  return checkOAuthClientInputs(news, parse).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("providers: input validation (check)", () => {
  it("fills defaults for a valid client", () => {
    const { inputs, failures } = checkOAuthClientInputs(valid, parse);
    assert.deepEqual(failures, []);
    assert.equal(inputs.accessTokenValiditySeconds, 86400);
    assert.equal(inputs.state, "active");
    assert.equal(inputs.description, "");
    assert.deepEqual(inputs.roles, [{ role: "Developer" }]);
    assert.equal(inputs.deleteSecretOnDestroy, false);
    assert.equal(inputs.exposeSecretAsOutput, false);
  });

  it("explains the CLIENT_CREDENTIALS spelling mistake", () => {
    const [reason] = reasons({ ...valid, authorizedGrantType: "CLIENT_CREDENTIALS" });
    assert.match(reason, /authorizedGrantType: .*write "CLIENT-CREDENTIALS" \(with a hyphen/);
  });

  it("lists the grant types for an unknown one and normalises SAML2BEARER", () => {
    assert.match(reasons({ ...valid, authorizedGrantType: "IMPLICIT" })[0], /must be one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS/);
    const { inputs, failures } = checkOAuthClientInputs({ ...valid, authorizedGrantType: "saml2bearer", scopes: ["a"], roles: [] }, parse);
    assert.deepEqual(failures, []);
    assert.equal(inputs.authorizedGrantType, "SAML2-BEARER");
  });

  it("requires roles for CLIENT-CREDENTIALS and scopes for other grants", () => {
    assert.match(reasons({ ...valid, roles: [] })[0], /^roles: a CLIENT-CREDENTIALS client needs at least one role/);
    assert.match(
      reasons({ ...valid, authorizedGrantType: "CODE", roles: [], redirectUris: ["https://a.example/cb"] })[0],
      /^scopes: a CODE client needs scopes/,
    );
  });

  it("bounds the token validity to 300..172800", () => {
    assert.match(reasons({ ...valid, accessTokenValiditySeconds: 299 })[0], /from 300 \(5 minutes\) to 172800 \(48 hours\); got 299/);
    assert.match(reasons({ ...valid, accessTokenValiditySeconds: 172801 })[0], /got 172801/);
    assert.deepEqual(reasons({ ...valid, accessTokenValiditySeconds: 300 }), []);
  });

  it("wants absolute redirect URIs", () => {
    const r = reasons({ ...valid, authorizedGrantType: "CODE", scopes: ["x"], redirectUris: ["/callback", "https://ok.example/cb"] });
    assert.equal(r.length, 1);
    assert.match(r[0], /^redirectUris\[0\]: redirect URI "\/callback" must be an absolute URL/);
  });

  it("requires a store reference that parses", () => {
    assert.match(reasons({ ...valid, secretStore: undefined })[0], /^secretStore: secretStore is required/);
    assert.match(reasons({ ...valid, secretStore: "s3://bucket/x" })[0], /^secretStore: unknown scheme; use file/);
  });

  it("requires a name of at most 255 characters", () => {
    assert.match(reasons({ ...valid, name: " " })[0], /^name: name is required/);
    assert.match(reasons({ ...valid, name: "x".repeat(256) })[0], /^name: name must be at most 255 characters \(it has 256\)/);
  });

  it("rejects malformed roles and states", () => {
    assert.match(reasons({ ...valid, roles: [{ division: "*" }] })[0], /^roles\[0\]: each role is a role name or id/);
    assert.match(reasons({ ...valid, state: "deleted" })[0], /^state: state must be one of active, disabled, inactive/);
  });

  it("lets unknown values (preview) through without failures", () => {
    const { failures } = checkOAuthClientInputs({ ...valid, name: UNKNOWN, roles: UNKNOWN, secretStore: UNKNOWN }, parse);
    assert.deepEqual(failures, []);
  });

  it("validates rotation inputs", () => {
    const ok = checkSecretRotationInputs({ clientId: "abc", secretStore: "file://x" }, parse);
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs.trigger, null);
    assert.equal(ok.inputs.verifyTimeoutSeconds, 120);
    const bad = checkSecretRotationInputs({ clientId: "", secretStore: "nope" }, parse);
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["clientId", "secretStore"],
    );
  });
});
