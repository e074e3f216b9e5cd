import * as assert from "assert";
import {
  ALL_POLICIES,
  CONFIGURED_SAFELY_POLICY,
  DYNAMIC_PROVIDER_POLICY,
  KNOWN_SECRET_STORES_POLICY,
  LEAST_PRIVILEGE_POLICY,
  SECRET_DERIVED_VALUES_POLICY,
  RESOURCE_STATE_POLICY,
  STACK_OUTPUTS_POLICY,
  setPackStoreReader,
  noCredentialsInDynamicProvider,
  noSecretInResourceState,
  noSecretInStackOutputs,
  oauthClientConfiguredSafely,
  parsePeriodDays,
  insecureStoreUrls,
} from "../../../policies/rules";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../../domain/native-types";
import { CLIENT_PAIR_TYPE, OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE } from "../../../domain/resource-types";
import { assertNoValue, fakeSecret } from "../detection/fixtures";
import { UNKNOWN_OBJECT, UNKNOWN_STRING, runResource, runStack, stackResource, type Violation } from "./harness";

function messages(vs: Violation[]): string[] {
  return vs.map((v) => v.message);
}

const OUR_TYPE = OAUTH_CLIENT_TYPE;
const safeClient = () => ({
  name: "ci-client",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: [{ role: "Developer" }],
  secretStore: "vault://secret/genesys/ci?addr=https://vault.example.com:8200",
  exposeSecretAsOutput: false,
  rotation: { every: "30d" },
});
const ourOutputs = () => ({
  ...safeClient(),
  clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
  storeVersion: "3",
  rotationId: "7d1f0c1e-3b7a-4a51-9a3e-2c1d5e6f7a8b",
  secretCreatedAt: "2026-11-25T09:45:00Z",
  secretMarker: "sha256:Ab3dE5fG7hI9jK1lMn0pQr2sT4uV6wX8yZ0123456",
});

describe("policy pack: metadata", () => {
  it("has every rule with descriptions, remediation steps, config schemas and enforcement levels", () => {
    assert.deepStrictEqual(
      ALL_POLICIES.map((p) => p.name),
      [
        STACK_OUTPUTS_POLICY,
        RESOURCE_STATE_POLICY,
        CONFIGURED_SAFELY_POLICY,
        DYNAMIC_PROVIDER_POLICY,
        SECRET_DERIVED_VALUES_POLICY,
        LEAST_PRIVILEGE_POLICY,
        KNOWN_SECRET_STORES_POLICY,
      ],
    );
    for (const p of ALL_POLICIES) {
      assert.ok(p.description.length > 20 && (p.remediationSteps ?? "").length > 20, p.name);
      if (p.name !== KNOWN_SECRET_STORES_POLICY) assert.ok(p.configSchema, p.name);
    }
    assert.deepStrictEqual(
      ALL_POLICIES.map((p) => p.enforcementLevel),
      ["mandatory", "mandatory", "mandatory", "advisory", "mandatory", "mandatory", "advisory"],
    );
  });

  it("the harness proxy throws on unknown values like the SDK does", async () => {
    await assert.rejects(
      runResource({ name: "naive", description: "d", validateResource: (args) => void String(args.props.x) }, { type: "t", props: { x: UNKNOWN_STRING } }),
      /can't be known during preview/,
    );
  });
});

describe("policy pack: no value in any violation message (every rule)", () => {
  it("runs every policy (resource and stack validations) over leaky resources and checks every message", async () => {
    const values = [fakeSecret(), fakeSecret(16), "plain-admin-secret-value", "hvs.vault-token-value"];
    const [s1, s16, plain, token] = values;
    const resources = [
      stackResource({ a: s1, credentials: { clientSecret: plain }, n: [s16] }),
      { type: "genesyscloud:index/oauthClient:OauthClient", name: "tf", props: { clientSecret: plain, exposeClientSecret: true } },
      { type: "command:local:Command", name: "cmd", props: { create: `echo ${s1} > secrets.txt`, environment: { GENESYS_CLOUD_CLIENT_SECRET: plain } } },
      {
        type: OUR_TYPE,
        name: "ours",
        props: {
          ...safeClient(),
          secretStore: "vault://secret/x?addr=http://vault.example.com",
          rotation: { every: "400d" },
          adminClientSecret: s16,
          vaultToken: token,
          roles: ["Admin"],
        },
      },
      { type: "pulumi:providers:pulumi-nodejs", name: "default", props: { "proj:clientSecret": plain, "proj:vaultToken": token } },
      {
        type: "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation",
        name: "rot",
        props: { clientId: "c", secretStore: "vault://secret/genesys/unreachable" },
      },
    ];
    // The store named by the SecretRotation cannot be read: the advisory rule notes it.
    setPackStoreReader(() => Promise.reject(new Error(`sealed, and ${plain}`)));
    const all: Violation[] = [];
    try {
      for (const policy of ALL_POLICIES) {
        const before = all.length;
        if ("validateResource" in policy && policy.validateResource) for (const r of resources) all.push(...(await runResource(policy, r)));
        if ("validateStack" in policy) all.push(...(await runStack(policy, resources)));
        assert.ok(all.length > before, `${policy.name} reported nothing`);
      }
    } finally {
      setPackStoreReader(undefined);
    }
    assert.ok(all.length >= 15, `only ${all.length} violations`);
    assertNoValue(messages(all), values);
  });
});

describe(`policy ${STACK_OUTPUTS_POLICY}`, () => {
  it("fails an output under an innocent name, nested, in arrays, and secret-wrapped (decrypted for policies)", async () => {
    const s = fakeSecret();
    const vs = await runStack(noSecretInStackOutputs, [stackResource({ buildInfo: s, meta: { deep: [{ v: fakeSecret(16) }] } })]);
    assert.strictEqual(vs.length, 2);
    assert.match(vs[0].message, /22-char high-entropy string .*outputs\.buildInfo/);
    assert.match(vs[1].message, /outputs\.meta\.deep\[0\]\.v/);
    assert.ok(vs.every((v) => v.urn?.includes("pulumi:pulumi:Stack")));
    assertNoValue(messages(vs), [s]);
  });

  it("fails an output equal to a secret held by another resource (cross-reference)", async () => {
    const s = "Not-shaped but secret value";
    const vs = await runStack(noSecretInStackOutputs, [
      stackResource({ connection: { value: s } }),
      { type: "genesyscloud:index/oauthClient:OauthClient", props: { clientSecret: s } },
    ]);
    assert.strictEqual(vs.length, 1);
    assert.match(vs[0].message, /genesys-secret-cross-reference/);
    assertNoValue(messages(vs), [s]);
  });

  it("fails secret-named outputs whose value is unknown during preview, without throwing", async () => {
    const vs = await runStack(noSecretInStackOutputs, [stackResource({ clientSecret: UNKNOWN_STRING, credentials: UNKNOWN_OBJECT, clientId: UNKNOWN_STRING })]);
    assert.deepStrictEqual(
      vs.map((v) => /genesys-secret-(key-unknown|named-output)/.test(v.message)),
      [true, true],
    );
  });

  it("passes a correct program's outputs (client id, store reference, fingerprint, dates)", async () => {
    const vs = await runStack(noSecretInStackOutputs, [
      stackResource({
        clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
        storeReference: "file:///var/secrets/ci.json",
        secretMarker: "sha256:Ab3dE5fG7hI9jK1lMn0pQr",
        deployedAt: "2026-11-25T09:45:00Z",
        name: "ProductionOAuthClient",
      }),
      { type: OUR_TYPE, name: "client", props: ourOutputs() },
    ]);
    assert.deepStrictEqual(vs, []);
  });

  it("ignores secrets of non-root resources (another rule's job) and honours config", async () => {
    const s = fakeSecret();
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, [{ type: "x:y:Z", props: { out: s } }]), []);
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, [stackResource({ buildInfo: s })], { entropyThreshold: 7 }), []);
  });
});

describe(`policy ${RESOURCE_STATE_POLICY}`, () => {
  it("fails a command that writes the secret to secrets.txt (literal or by reference)", async () => {
    const s = fakeSecret();
    const literal = await runResource(noSecretInResourceState, { type: "command:local:Command", name: "save", props: { create: `echo ${s} > secrets.txt` } });
    assert.strictEqual(literal.length, 1);
    assert.match(literal[0].message, /Resource 'save' would hold a client secret: text under key 'create' contains a 22-char/);
    const byRef = await runResource(noSecretInResourceState, {
      type: "command:local:Command",
      props: { create: 'echo "$GENESYS_CLOUD_CLIENT_SECRET" >> secrets.txt' },
    });
    assert.strictEqual(byRef.length, 1);
    assert.match(byRef[0].message, /genesys-secret-reference-in-script/);
    assertNoValue(messages(literal), [s]);
  });

  it("fails a copy of the secret into another resource's tag (inputs and, across resources, outputs)", async () => {
    const s = fakeSecret();
    const vs = await runResource(noSecretInResourceState, { type: "aws:s3/bucket:Bucket", props: { tags: { owner: "team", ref: s } } });
    assert.strictEqual(vs.length, 1);
    assert.match(vs[0].message, /inputs\.tags\.ref/);
    const stack = await runStack(noSecretInResourceState, [
      { type: "genesyscloud:index/oauthClient:OauthClient", name: "tf", props: { clientSecret: s } },
      { type: "aws:s3/bucket:Bucket", name: "b", props: { tags: { note: `x ${s}` } } },
    ]);
    assert.deepStrictEqual(
      stack.map((v) => v.urn?.split("::").pop()),
      ["tf", "b"],
    );
    assertNoValue(messages([...vs, ...stack]), [s]);
  });

  it("fails a bridged genesyscloud OAuth client exposing the secret, even during preview", async () => {
    const vs = await runResource(noSecretInResourceState, {
      type: "genesyscloud:index/oauthClient:OauthClient",
      props: { name: "c", exposeClientSecret: true, clientSecret: UNKNOWN_STRING },
    });
    assert.deepStrictEqual(
      vs.map((v) => /exposed-secret-setting|key-unknown/.test(v.message)),
      [true, true],
    );
  });

  it("fails an integration credential holding the secret", async () => {
    const vs = await runResource(noSecretInResourceState, {
      type: "genesyscloud:index/integrationCredential:IntegrationCredential",
      props: { name: "c", fields: { clientId: "x", clientSecret: fakeSecret() } },
    });
    assert.strictEqual(vs.length, 1);
  });

  it("passes our OAuthClient (inputs and outputs) and accepts its opted-in output listed in additionalSecretOutputs", async () => {
    assert.deepStrictEqual(await runResource(noSecretInResourceState, { type: OUR_TYPE, props: safeClient() }), []);
    const withOut = { type: OUR_TYPE, name: "c", props: { ...ourOutputs(), clientSecret: fakeSecret() }, additionalSecretOutputs: ["clientSecret"] };
    assert.deepStrictEqual(await runStack(noSecretInResourceState, [withOut]), []);
    assert.strictEqual((await runStack(noSecretInResourceState, [withOut], { allowOptedInSecretOutput: false })).length, 1);
    assert.strictEqual((await runStack(noSecretInResourceState, [{ ...withOut, additionalSecretOutputs: [] }])).length, 1, "plain-text clientSecret output");
  });

  it("skips unknown inputs during preview without throwing", async () => {
    assert.deepStrictEqual(
      await runResource(noSecretInResourceState, { type: "command:local:Command", props: { create: UNKNOWN_STRING, environment: UNKNOWN_OBJECT } }),
      [],
    );
  });
});

describe(`policy ${CONFIGURED_SAFELY_POLICY}`, () => {
  it("passes a safely configured OAuthClient", async () => {
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: safeClient() }), []);
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, {
        type: OUR_TYPE,
        props: { ...safeClient(), secretStore: "vault://secret/x?addr=http://127.0.0.1:8200" },
      }),
      [],
    );
  });

  it("fails: no store, opted-in output not in additionalSecretOutputs, no rotation, too long rotation, plain http", async () => {
    const noStore = await runResource(oauthClientConfiguredSafely, {
      type: OUR_TYPE,
      name: "c",
      props: { name: "c", authorizedGrantType: "CLIENT-CREDENTIALS", rotation: { every: "30d" } },
    });
    assert.deepStrictEqual(messages(noStore), ["OAuthClient 'c' has no secret store: set a store so the secret is written there and only a reference is kept"]);
    const optIn = await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), exposeSecretAsOutput: true } });
    assert.match(messages(optIn).join("\n"), /not listed in additionalSecretOutputs/);
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, {
        type: OUR_TYPE,
        props: { ...safeClient(), exposeSecretAsOutput: true },
        additionalSecretOutputs: ["clientSecret"],
      }),
      [],
    );
    const noRotation = await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), rotation: undefined } });
    assert.match(messages(noRotation).join("\n"), /no rotation configured/);
    const long = await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), rotation: { every: "P120D" } } });
    assert.match(messages(long).join("\n"), /every 120 days, more than the maximum of 90 days/);
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), rotation: { every: "P120D" } } }, { maxRotationDays: 180 }),
      [],
    );
    const http = await runResource(oauthClientConfiguredSafely, {
      type: OUR_TYPE,
      props: { ...safeClient(), secretStore: "vault+http://vault.example.com:8200/secret/x" },
    });
    assert.match(messages(http).join("\n"), /plain http \(vault\+http:\/\/vault\.example\.com:8200\)/);
  });

  it("matches the provider's real shape (OAuthClient type, secretStore, rotation.every, exposeSecretAsOutput)", async () => {
    const type = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
    const props = {
      name: "ci",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      secretStore: "vault://secret/genesys/ci",
      exposeSecretAsOutput: true,
      rotation: { every: "30d" },
    };
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type, props, additionalSecretOutputs: ["clientSecret"] }), []);
    assert.strictEqual((await runResource(oauthClientConfiguredSafely, { type, props })).length, 1);
    assert.match(
      messages(
        await runResource(oauthClientConfiguredSafely, { type, props: { ...props, rotation: { every: "26w" } }, additionalSecretOutputs: ["clientSecret"] }),
      ).join(),
      /every 182 days/,
    );
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, { type, props: { ...props, rotation: { every: "90m" } }, additionalSecretOutputs: ["clientSecret"] }),
      [],
    );
  });

  it("checks TLS of our SecretRotation's store too", async () => {
    const type = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";
    assert.strictEqual(
      (await runResource(oauthClientConfiguredSafely, { type, props: { clientId: "x", secretStore: "http://vault.example.com/x", trigger: "1" } })).length,
      1,
    );
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, { type, props: { clientId: "x", secretStore: "vault://secret/x", trigger: "1" } }),
      [],
    );
  });

  it("ignores other resources and unknown store values during preview", async () => {
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type: "aws:s3/bucket:Bucket", props: { store: "http://x" } }), []);
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), secretStore: UNKNOWN_STRING } }), []);
  });

  it("recognises our resources by their exact type token, not by a name pattern or by their fields", async () => {
    const lookalike = { ...safeClient(), secretStore: undefined, rotation: undefined };
    for (const type of [
      "pulumi-nodejs:dynamic:Resource",
      "pulumi-nodejs:dynamic/acme:OAuthClient",
      "acme:index/oauthClient:OAuthClient",
      `${OAUTH_CLIENT_TYPE}V2`,
    ]) {
      assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type, props: lookalike }), [], type);
    }
    assert.strictEqual((await runResource(oauthClientConfiguredSafely, { type: OAUTH_CLIENT_TYPE, props: lookalike })).length, 2, "no store, no rotation");
    // The native provider's OAuthClient (native.OAuthClient, `pulumi import`) is held to the same rules.
    assert.strictEqual(
      (await runResource(oauthClientConfiguredSafely, { type: NATIVE_OAUTH_CLIENT_TYPE, props: lookalike })).length,
      2,
      "native: no store, no rotation",
    );
    // A ClientPair is ours too: its store must use TLS; it rotates by trigger, so no rotation period is required.
    assert.deepStrictEqual(
      await runResource(oauthClientConfiguredSafely, { type: CLIENT_PAIR_TYPE, props: { ...lookalike, secretStore: "vault://secret/pair", trigger: 1 } }),
      [],
    );
    assert.strictEqual(
      (
        await runResource(oauthClientConfiguredSafely, {
          type: CLIENT_PAIR_TYPE,
          props: { ...lookalike, secretStore: "vault://secret/pair?addr=http://vault.example.com:8200" },
        })
      ).length,
      1,
    );
  });

  it("reads the opt-in by its real input name only", async () => {
    // Names no provider reads do not opt in (a typo is the provider's check() failure, not a pack finding).
    assert.deepStrictEqual(await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), exposeClientSecret: true } }), []);
    assert.strictEqual((await runResource(oauthClientConfiguredSafely, { type: OUR_TYPE, props: { ...safeClient(), exposeSecretAsOutput: true } })).length, 1);
    // A SecretRotation's opted-in clientSecret is accepted by resource-state only with exposeSecretAsOutput.
    const rotation = {
      type: SECRET_ROTATION_TYPE,
      name: "r",
      props: { clientId: "c", secretStore: "vault://secret/x", exposeSecretAsOutput: true, clientSecret: fakeSecret() },
      additionalSecretOutputs: ["clientSecret"],
    };
    assert.deepStrictEqual(await runStack(noSecretInResourceState, [rotation]), []);
    assert.strictEqual((await runStack(noSecretInResourceState, [{ ...rotation, props: { ...rotation.props, exposeSecretAsOutput: false } }])).length, 1);
  });

  it("parses periods (the one duration parser) and store URLs", () => {
    assert.deepStrictEqual(["90", "90d", "12w", "P90D", "P1W", "PT48H", "1.5d", "36h", "x", "P1M"].map(parsePeriodDays), [
      90,
      90,
      84,
      90,
      7,
      2,
      1.5,
      1.5,
      undefined,
      undefined,
    ]);
    assert.deepStrictEqual(insecureStoreUrls("vault+https://v.example.com/x?address=http://10.0.0.5:8200"), ["http://10.0.0.5:8200"]);
    assert.deepStrictEqual(insecureStoreUrls("http://localhost:8200/x"), []);
  });
});

describe(`policy ${DYNAMIC_PROVIDER_POLICY}`, () => {
  it("flags credentials in the stack config captured by the pulumi-nodejs provider, unless allowed", async () => {
    const s = fakeSecret();
    const provider = {
      type: "pulumi:providers:pulumi-nodejs",
      name: "default",
      props: { "proj:genesysClientSecret": s, "proj:region": "mypurecloud.com", "proj:vaultToken": "hvs.abcdefghijkl" },
    };
    const vs = await runStack(noCredentialsInDynamicProvider, [provider]);
    assert.strictEqual(vs.length, 2);
    assertNoValue(messages(vs), [s, "hvs.abcdefghijkl"]);
    assert.deepStrictEqual(
      await runStack(noCredentialsInDynamicProvider, [provider], { allowedConfigKeys: ["proj:genesysClientSecret", "proj:vaultToken"] }),
      [],
    );
  });

  it("flags dynamic resources receiving credentials as inputs, passes ours", async () => {
    const vs = await runResource(noCredentialsInDynamicProvider, { type: OUR_TYPE, name: "c", props: { ...safeClient(), adminClientSecret: fakeSecret() } });
    assert.strictEqual(vs.length, 1);
    assert.match(vs[0].message, /Dynamic resource 'c' receives a credential/);
    assert.deepStrictEqual(await runResource(noCredentialsInDynamicProvider, { type: OUR_TYPE, props: safeClient() }), []);
    assert.deepStrictEqual(await runResource(noCredentialsInDynamicProvider, { type: "aws:s3/bucket:Bucket", props: { token: "abcdefgh" } }), []);
  });
});
