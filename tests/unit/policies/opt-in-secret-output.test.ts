/**
 * The documented opt-in secret output passes the default pack: `exposeSecretAsOutput: true` on an OAuthClient
 * and on the child SecretRotation its `rotation` creates (listed in additionalSecretOutputs), and the client's
 * `secretStore` output (the store reference) exported as a stack output — named like a secret, but a URL.
 */
import * as assert from "assert";
import { isSecretLikeName } from "../../../detection";
import { noSecretInResourceState, noSecretInStackOutputs, oauthClientConfiguredSafely } from "../../../policies/rules";
import { fakeSecret } from "../detection/fixtures";
import { UNKNOWN_STRING, runResource, runStack, stackResource, type FakeResource } from "./harness";

const ROTATION_TYPE = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";
const CLIENT_TYPE = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
const STORE = "file://./.secrets/ci";

function rotationOutputs(exposed: boolean): Record<string, unknown> {
  return {
    clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
    secretStore: STORE,
    trigger: null,
    every: "30d",
    adoptOnCreate: true,
    exposeSecretAsOutput: exposed,
    verifyTimeoutSeconds: 60,
    rotationId: "create-abc",
    rotatedAt: "2026-11-25T09:45:00.000Z",
    storeVersion: "1",
    secretMarker: "sha256:0123456789abcdef",
    verified: true,
    clientSecret: fakeSecret(),
  };
}

describe("policy pack: the opt-in secret output", () => {
  const child = (exposed: boolean, secretOutputs = ["clientSecret"]): FakeResource => ({
    type: ROTATION_TYPE,
    name: "ci-rotation",
    props: rotationOutputs(exposed),
    additionalSecretOutputs: secretOutputs,
  });
  const client: FakeResource = {
    type: CLIENT_TYPE,
    name: "ci",
    props: {
      name: "ci",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      secretStore: STORE,
      exposeSecretAsOutput: true,
      rotation: { every: "30d" },
      clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
      clientSecret: fakeSecret(),
    },
    additionalSecretOutputs: ["clientSecret"],
  };

  it("resource state: an OAuthClient and its child SecretRotation holding the opted-in, encrypted clientSecret pass", async () => {
    assert.deepStrictEqual(await runStack(noSecretInResourceState, [client, child(true)]), []);
  });

  it("resource state: a SecretRotation holding a clientSecret it did not opt in to, or with the exemption turned off, fails", async () => {
    assert.strictEqual((await runStack(noSecretInResourceState, [child(false)])).length, 1, "not opted in");
    assert.strictEqual((await runStack(noSecretInResourceState, [child(true)], { allowOptedInSecretOutput: false })).length, 1, "exemption off");
    assert.ok((await runStack(noSecretInResourceState, [child(true, [])])).length >= 1, "not in additionalSecretOutputs: plain text in state");
  });

  it("resource inputs of the child (what preview sees) pass, and configured-safely accepts the client", async () => {
    const { clientSecret: _s, ...inputs } = rotationOutputs(true);
    assert.deepStrictEqual(
      await runResource(noSecretInResourceState, { type: ROTATION_TYPE, name: "ci-rotation", props: inputs, additionalSecretOutputs: ["clientSecret"] }),
      [],
    );
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { ...client, props: { ...client.props, clientSecret: undefined } }), []);
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, { type: ROTATION_TYPE, name: "ci-rotation", props: inputs, additionalSecretOutputs: ["clientSecret"] }),
      [],
    );
  });

  it("stack outputs: the store reference exported as secretStore passes at preview (unknown) and after up; a secret-named output still fails", async () => {
    assert.strictEqual(isSecretLikeName("secretStore"), false);
    assert.strictEqual(isSecretLikeName("clientSecret"), true);
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, [stackResource({ clientId: UNKNOWN_STRING, secretStore: UNKNOWN_STRING })]), []);
    assert.deepStrictEqual(
      await runStack(noSecretInStackOutputs, [stackResource({ clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11", secretStore: STORE })]),
      [],
    );
    assert.strictEqual((await runStack(noSecretInStackOutputs, [stackResource({ secretStore: UNKNOWN_STRING, clientSecret: UNKNOWN_STRING })])).length, 1);
    assert.ok(
      (await runStack(noSecretInStackOutputs, [stackResource({ secretStore: fakeSecret() })])).length >= 1,
      "a secret under the name is still found by its shape",
    );
  });
});
