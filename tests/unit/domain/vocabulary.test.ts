/** The shared vocabulary of domain/: secret-key names, loopback hosts, resource type tokens. */
import { strict as assert } from "assert";
import { isLoopbackHost } from "../../../domain/loopback";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../../domain/native-types";
import { CLIENT_PAIR_TYPE, OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE, isOAuthClientType, isOwnResourceType } from "../../../domain/resource-types";
import { isClientSecretKey, isCredentialKey, normaliseKeyName } from "../../../domain/secret-keys";
import { isSecretKey as isRedactedKey } from "../../../core/redact";
import { isProviderCredentialKey, isSecretKey as isDetectedSecretKey } from "../../../detection/rules";

describe("domain: secret-key vocabulary", () => {
  it("normalises names: namespace, case, separators", () => {
    assert.equal(normaliseKeyName("proj:Client_Secret"), "clientsecret");
    assert.equal(normaliseKeyName("X-Vault-Token"), "xvaulttoken");
    assert.equal(normaliseKeyName("client.secret value"), "clientsecretvalue");
  });

  it("client-secret names: exact, by suffix, not the settings that end like one", () => {
    for (const key of [
      "secret",
      "clientSecret",
      "client_secret",
      "GENESYS_CLOUD_CLIENT_SECRET",
      "GENESYSCLOUD_OAUTHCLIENT_SECRET",
      "adminClientSecret",
      "genesysSecret",
      "oauthSecret",
    ]) {
      assert.ok(isClientSecretKey(key), key);
    }
    for (const key of ["exposeClientSecret", "directoryClientSecret", "password", "token", "secretStore", "clientId"]) assert.ok(!isClientSecretKey(key), key);
  });

  it("credential names: every client secret plus tokens, passwords, HTTP, store and cloud credentials", () => {
    for (const key of [
      "clientSecret",
      "password",
      "X-Vault-Token",
      "VAULT_TOKEN",
      "myBaoToken",
      "Authorization",
      "AWS_SECRET_ACCESS_KEY",
      "awsSessionToken",
      "SecretString",
      "secret_id",
      "role_id",
      "apiKey",
      "privateKey",
      "jwt",
    ]) {
      assert.ok(isCredentialKey(key), key);
    }
    for (const key of ["exposeClientSecret", "clientId", "secretStore", "region", "roles"]) assert.ok(!isCredentialKey(key), key);
  });

  it("redaction hides every credential; detection reports only client secrets as such", () => {
    assert.ok(isRedactedKey("adminClientSecret") && isRedactedKey("vaultToken") && isRedactedKey("password"));
    assert.ok(isDetectedSecretKey("adminClientSecret"));
    assert.ok(!isDetectedSecretKey("password") && !isDetectedSecretKey("vaultToken"), "not a Genesys client secret");
    assert.ok(isDetectedSecretKey("myKey", { extraSecretKeys: ["my_key"] }), "detection's own option");
  });

  it("provider credentials: the whole vocabulary, but a secret's name (AWS SecretId) is metadata, not a credential", () => {
    assert.ok(isProviderCredentialKey("vaultToken") && isProviderCredentialKey("Authorization") && isProviderCredentialKey("clientSecret"));
    assert.ok(!isProviderCredentialKey("secretId"));
    assert.ok(!isProviderCredentialKey("secretStore"));
  });
});

describe("domain: loopback hosts", () => {
  it("loopback names and addresses, with URL brackets, any case", () => {
    for (const host of ["localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) assert.ok(isLoopbackHost(host), host);
  });

  it("everything else", () => {
    for (const host of ["example.com", "localhost.example.com", "128.0.0.1", "10.0.0.5", "::2", "127.0.0.1.nip.io", "1270.0.0.1", ""])
      assert.ok(!isLoopbackHost(host), host);
  });
});

describe("domain: resource type tokens", () => {
  it("our resources by their exact tokens only", () => {
    for (const type of [OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE, CLIENT_PAIR_TYPE, NATIVE_OAUTH_CLIENT_TYPE]) assert.ok(isOwnResourceType(type), type);
    for (const type of [
      "pulumi-nodejs:dynamic:Resource",
      "pulumi-nodejs:dynamic/genesys-oauth-guard:Other",
      "genesyscloud:index/oauthClient:OauthClient",
      OAUTH_CLIENT_TYPE.toLowerCase(),
      "genesys-oauth-guard:index:SecretRotation",
    ]) {
      assert.ok(!isOwnResourceType(type), type);
    }
  });

  it("an OAuthClient of either host: the dynamic provider's and the native provider's", () => {
    assert.ok(isOAuthClientType(OAUTH_CLIENT_TYPE));
    assert.ok(isOAuthClientType(NATIVE_OAUTH_CLIENT_TYPE));
    for (const type of [SECRET_ROTATION_TYPE, CLIENT_PAIR_TYPE, "genesys-oauth-guard:index:oauthclient"]) assert.ok(!isOAuthClientType(type), type);
  });
});
