/**
 * The provider objects are serialized into state as `__provider`. These tests build resources the way a
 * program does (Pulumi's mocks capture the exact inputs the engine would store) with admin and store
 * credentials set in the environment and in the provider's config, and prove the text holds none of them.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { OAuthClient, OAUTH_CLIENT_TYPE } from "../../../providers/oauth-client";
import { SecretRotation, SECRET_ROTATION_TYPE } from "../../../providers/secret-rotation";
import { rotationPeriod } from "../../../providers/rotation-period";
import { oauthClientProvider, secretRotationProvider } from "../../../providers/serialized";
import * as runtime from "../../../providers/runtime";

const CREDENTIALS = {
  GENESYS_CLOUD_CLIENT_ID: "admin-id-4f1c9e2a",
  GENESYS_CLOUD_CLIENT_SECRET: "AdminSecret-Zr8Kq2Lx9Wv",
  GENESYSCLOUD_OAUTHCLIENT_SECRET: "TfAdminSecret-Yt6Hn3Mb",
  VAULT_TOKEN: "hvs.VaultTokenValue8842",
  AWS_SECRET_ACCESS_KEY: "AwsSecretKeyValue/abc123+XYZ",
};
const CONFIG = {
  "genesys-oauth-guard:clientId": "cfg-admin-id-77aa",
  "genesys-oauth-guard:clientSecret": "CfgAdminSecret-Pq4Rs5Tu",
  "genesys-oauth-guard:vaultToken": "hvs.CfgVaultToken-0099",
};

interface Captured {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

function assertNoCredential(text: string): void {
  for (const value of [...Object.values(CREDENTIALS), ...Object.values(CONFIG)]) {
    for (const form of [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString("base64")]) {
      assert.ok(!text.includes(form), `the serialized provider contains a credential (${value.slice(0, 4)}...)`);
    }
  }
}

describe("providers: serialized provider holds no credential", () => {
  const saved: Record<string, string | undefined> = {};
  const captured: Captured[] = [];

  before(async () => {
    for (const [k, v] of Object.entries(CREDENTIALS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // The provider process's configure(): credentials land in the runtime module, not on the provider object.
    runtime.configure({
      config: { get: (key: string) => (CONFIG as Record<string, string>)[key], require: (key: string) => (CONFIG as Record<string, string>)[key] },
    });
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          captured.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
          const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
          if (args.type === "random:index/randomId:RandomId") state.hex = "c0ffee0123456789";
          if (args.type === OAUTH_CLIENT_TYPE) state.clientId = "client-abc";
          return { id: `${args.name}-id`, state };
        },
        call: (args) => args.inputs as Record<string, unknown>,
      },
      "demo",
      "dev",
      false,
    );
  });

  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("serializes each provider object to a module name, nothing else", async () => {
    for (const provider of [oauthClientProvider, secretRotationProvider]) {
      const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      assertNoCredential(sf.text);
      assert.match(sf.text, /require\("genesys-oauth-guard\/providers\/runtime"\)/);
      assert.ok(!/process\.env|GENESYS_CLOUD|clientSecret/.test(sf.text), "no settings or env reads in the text");
      assert.equal(sf.containsSecrets, false);
      assert.ok(sf.text.length < 8_000, `small text (${sf.text.length} chars)`);
    }
  });

  it("would catch a provider that captures a credential (control)", async () => {
    const secret = process.env.GENESYS_CLOUD_CLIENT_SECRET;
    const leaky = {
      async create() {
        return { id: String(secret) };
      },
    };
    const sf = await pulumi.runtime.serializeFunction(() => leaky, { allowSecrets: true });
    assert.throws(() => assertNoCredential(sf.text), /contains a credential/);
  });

  it("stores no credential in the __provider input of real resources", async () => {
    const client = new OAuthClient("ci", {
      name: "ci-bot",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roles: ["Developer"],
      secretStore: "file://./.demo/secrets/ci",
    });
    const keepers = new random.RandomId("ci-rotation-id", { byteLength: 8, keepers: { period: rotationPeriod({ days: 30 }) } });
    const rotation = new SecretRotation("ci-rotation", { clientId: client.clientId, secretStore: "file://./.demo/secrets/ci", trigger: keepers.hex });
    assert.equal(await valueOf(rotation.trigger), "c0ffee0123456789", "a RandomId's hex is a trigger");
    assert.equal(await valueOf(rotation.clientId), "client-abc");

    const ours = captured.filter((c) => c.type === OAUTH_CLIENT_TYPE || c.type === SECRET_ROTATION_TYPE);
    assert.deepEqual(ours.map((c) => c.type).sort(), [OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE]);
    for (const c of ours) {
      const text = String(c.inputs.__provider);
      assert.match(text, /genesys-oauth-guard\/providers\/runtime/);
      assertNoCredential(text);
      assertNoCredential(JSON.stringify(c.inputs));
    }
    const randomId = captured.find((c) => c.type === "random:index/randomId:RandomId");
    assert.match(JSON.stringify(randomId?.inputs.keepers), /every-43200m\//);
  });

  it("gives a client with rotation.every a child SecretRotation that gets the period itself (no bucket trigger) and adopts the created secret", async () => {
    const client = new OAuthClient("svc", {
      name: "svc-bot",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roles: ["Developer"],
      secretStore: "file://./.demo/secrets/svc",
      rotation: { every: "30d" },
    });
    assert.ok(client.secretRotation, "child rotation created");
    assert.equal(await valueOf(client.secretRotation.every), "30d");
    const child = captured.find((c) => c.type === SECRET_ROTATION_TYPE && c.name === "svc-rotation");
    assert.equal(child?.inputs.trigger, undefined, "no UTC bucket trigger");
    assert.notEqual(JSON.stringify(child?.inputs ?? {}).includes(rotationPeriod({ days: 30 })), true);
    assert.equal(child?.inputs.adoptOnCreate, true);
    assert.equal(await valueOf(client.secretRotation.secretStore), "file://./.demo/secrets/svc");
    const registered = captured.find((c) => c.type === OAUTH_CLIENT_TYPE && c.name === "svc");
    assert.deepEqual(registered?.inputs.rotation, { every: "30d" }, "the period is visible to policies as an input");
    assert.ok(captured.some((c) => c.type === SECRET_ROTATION_TYPE && c.name === "svc-rotation"));
  });
});
