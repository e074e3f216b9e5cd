import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { isGuardError } from "../../../core/errors";
import { resolveGenesysSettings } from "../../../genesys/settings";

const FULL_ENV = {
  GENESYS_CLOUD_CLIENT_ID: "env-id",
  GENESYS_CLOUD_CLIENT_SECRET: "env-secret-value",
  GENESYS_CLOUD_REGION: "eu-west-1",
  GENESYSCLOUD_OAUTHCLIENT_ID: "tf-id",
  GENESYSCLOUD_OAUTHCLIENT_SECRET: "tf-secret-value",
  GENESYSCLOUD_REGION: "ap-southeast-2",
};

describe("genesys/settings", () => {
  it("arguments win over GENESYS_CLOUD_* which win over GENESYSCLOUD_*", () => {
    const a = resolveGenesysSettings({ clientId: "arg-id", clientSecret: "arg-secret-value", region: "us-west-2" }, FULL_ENV);
    assert.equal(a.clientId, "arg-id");
    assert.equal(a.clientSecret, "arg-secret-value");
    assert.equal(a.credentialSource, "arguments");
    assert.equal(a.apiBaseUrl, "https://api.usw2.pure.cloud");

    const b = resolveGenesysSettings({}, FULL_ENV);
    assert.equal(b.clientId, "env-id");
    assert.equal(b.clientSecret, "env-secret-value");
    assert.equal(b.credentialSource, "GENESYS_CLOUD_*");
    assert.equal(b.region, "eu-west-1");
    assert.equal(b.loginBaseUrl, "https://login.mypurecloud.ie");

    const c = resolveGenesysSettings(
      {},
      {
        GENESYSCLOUD_OAUTHCLIENT_ID: "tf-id",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: "tf-secret-value",
        GENESYSCLOUD_REGION: "ap-southeast-2",
      },
    );
    assert.equal(c.clientId, "tf-id");
    assert.equal(c.clientSecret, "tf-secret-value");
    assert.equal(c.credentialSource, "GENESYSCLOUD_*");
    assert.equal(c.apiBaseUrl, "https://api.mypurecloud.com.au");
  });

  it("accepts the region as a domain", () => {
    const s = resolveGenesysSettings({}, { ...FULL_ENV, GENESYS_CLOUD_REGION: "mypurecloud.de" });
    assert.equal(s.region, "eu-central-1");
    assert.equal(s.apiBaseUrl, "https://api.mypurecloud.de");
  });

  it("missing credentials name the variables to set", () => {
    assert.throws(
      () => resolveGenesysSettings({}, {}),
      (e: unknown) => {
        assert.ok(isGuardError(e, "config.missing-credentials"));
        for (const v of ["GENESYS_CLOUD_CLIENT_ID", "GENESYS_CLOUD_CLIENT_SECRET", "GENESYS_CLOUD_REGION", "GENESYSCLOUD_OAUTHCLIENT_ID"]) {
          assert.ok(e.message.includes(v), v);
        }
        return true;
      },
    );
    assert.throws(
      () => resolveGenesysSettings({}, { GENESYS_CLOUD_CLIENT_ID: "only-id", GENESYS_CLOUD_REGION: "us-east-1" }),
      (e: unknown) => {
        assert.ok(isGuardError(e, "config.missing-credentials"));
        assert.match(e.message, /GENESYS_CLOUD_CLIENT_SECRET is not set/);
        return true;
      },
    );
  });

  it("explicit URLs: one given is used for both; env URLs override the region", () => {
    const one = resolveGenesysSettings({}, { ...FULL_ENV, GENESYS_CLOUD_API_URL: "http://127.0.0.1:8080/" });
    assert.equal(one.apiBaseUrl, "http://127.0.0.1:8080");
    assert.equal(one.loginBaseUrl, "http://127.0.0.1:8080");
    const two = resolveGenesysSettings(
      {},
      { ...FULL_ENV, GENESYS_CLOUD_API_URL: "https://gw.example.com/api", GENESYS_CLOUD_LOGIN_URL: "https://gw.example.com/login" },
    );
    assert.equal(two.apiBaseUrl, "https://gw.example.com/api");
    assert.equal(two.loginBaseUrl, "https://gw.example.com/login");
    const args = resolveGenesysSettings({ loginBaseUrl: "http://localhost:9000" }, { ...FULL_ENV, GENESYS_CLOUD_API_URL: "https://ignored.example.com" });
    assert.equal(args.apiBaseUrl, "http://localhost:9000");
    assert.equal(args.loginBaseUrl, "http://localhost:9000");
  });

  it("enforces https except for loopback hosts", () => {
    for (const ok of ["http://127.0.0.1:1", "http://localhost:2", "http://[::1]:3", "https://api.example.com"]) {
      assert.doesNotThrow(() => resolveGenesysSettings({ apiBaseUrl: ok }, FULL_ENV), ok);
    }
    for (const bad of ["http://api.example.com", "http://10.0.0.1:8080", "http://127.0.0.1.nip.io"]) {
      assert.throws(
        () => resolveGenesysSettings({ apiBaseUrl: bad }, FULL_ENV),
        (e: unknown) => isGuardError(e, "config.insecure-url"),
        bad,
      );
    }
    assert.throws(
      () => resolveGenesysSettings({}, { ...FULL_ENV, GENESYS_CLOUD_LOGIN_URL: "http://login.example.com" }),
      (e: unknown) => isGuardError(e, "config.insecure-url"),
    );
  });

  it("an unknown region fails with config.invalid-region", () => {
    assert.throws(
      () => resolveGenesysSettings({}, { ...FULL_ENV, GENESYS_CLOUD_REGION: "nowhere" }),
      (e: unknown) => isGuardError(e, "config.invalid-region"),
    );
  });

  it("never prints the secret", () => {
    const s = resolveGenesysSettings({ clientId: "arg-id", clientSecret: "very-secret-value-42", region: "us-east-1" }, {});
    assert.equal(s.clientSecret, "very-secret-value-42");
    for (const text of [
      JSON.stringify(s),
      inspect(s, { depth: 10 }),
      inspect({ wrapped: s }, { depth: 10 }),
      JSON.stringify({ ...s }),
      String(Object.keys(s)),
    ]) {
      assert.ok(!text.includes("very-secret-value-42"), text);
    }
    assert.match(JSON.stringify(s), /arg-id/);
  });
});
