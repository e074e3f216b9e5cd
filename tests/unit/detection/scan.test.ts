import * as assert from "assert";
import {
  KnownSecretMatcher,
  PULUMI_SECRET_SIG,
  PULUMI_SIG_KEY,
  RULES,
  RULE_IDS,
  UNKNOWN,
  formatDetection,
  scanKnownSecrets,
  scanProperties,
  scanStack,
  type Detection,
  type ResourceView,
} from "../../../detection";
import { assertNoValue, fakeSecret } from "./fixtures";

function ids(ds: readonly Detection[]): string[] {
  return ds.map((d) => d.ruleId);
}

describe("detection: scanProperties", () => {
  it("flags readable values under secret-bearing keys, with paths and no value", () => {
    const s = fakeSecret();
    const props = {
      client_secret: "short-but-ok-1",
      credentials: [{ clientSecret: s }],
      integration: { credentialFields: { clientId: "abc", clientSecret: "plain-value-xyz" } },
      env: { GENESYS_CLOUD_CLIENT_SECRET: s },
    };
    const ds = scanProperties(props, { basePath: "outputs" });
    const paths = ds
      .filter((d) => d.ruleId === RULE_IDS.secretKeyPlaintext)
      .map((d) => d.path)
      .sort();
    assert.deepStrictEqual(paths, [
      "outputs.client_secret",
      "outputs.credentials[0].clientSecret",
      "outputs.env.GENESYS_CLOUD_CLIENT_SECRET",
      "outputs.integration.credentialFields.clientSecret",
    ]);
    assert.ok(ds.every((d) => d.kind === "plaintext"));
    assertNoValue(ds.map(formatDetection), [s, "short-but-ok-1", "plain-value-xyz"]);
  });

  it("flags secret-shaped values under innocent names and in arrays", () => {
    const s = fakeSecret(20);
    const ds = scanProperties({ buildInfo: s, nested: { list: ["a", s] } });
    assert.deepStrictEqual(
      ds.map((d) => [d.ruleId, d.path, d.kind]),
      [
        [RULE_IDS.secretShape, "buildInfo", "shape"],
        [RULE_IDS.secretShape, "nested.list[1]", "shape"],
      ],
    );
    assert.match(ds[0].evidence, /20-char high-entropy string \(entropy \d\.\d\) under key 'buildInfo'/);
  });

  it("does not flag our OAuthClient outputs (client id, store reference, fingerprint, version, dates)", () => {
    const ds = scanProperties(
      {
        clientId: "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11",
        storeReference: "vault+https://vault.example.com/secret/data/genesys/ci",
        storeVersion: "7",
        secretMarker: "sha256:Ab3dE5fG7hI9jK1lMn0pQr2sT4uV6wX8yZ01234567",
        secretStore: "file:///var/secrets/x.json",
        rotation: { every: "30d" },
        secretCreatedAt: "2026-11-25T09:45:00Z",
        name: "ProductionOAuthClient",
      },
      { location: "outputs" },
    );
    assert.deepStrictEqual(ds, []);
  });

  it("reports Pulumi secret envelopes: encrypted vs plain text", () => {
    const s = fakeSecret();
    const enc = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:abcdef==" };
    const plain = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, plaintext: JSON.stringify(s) };
    const underKey = scanProperties({ clientSecret: enc });
    assert.deepStrictEqual(
      underKey.map((d) => [d.ruleId, d.kind]),
      [[RULE_IDS.secretKeyEncrypted, "encrypted"]],
    );
    assert.match(underKey[0].evidence, /encrypted secret present/);
    const output = scanProperties({ token: enc }, { location: "stack-outputs" });
    assert.deepStrictEqual(ids(output), [RULE_IDS.encryptedEnvelope]);
    assert.deepStrictEqual(scanProperties({ token: enc }, { location: "stack-outputs", options: { allowEncryptedOutputs: true } }), []);
    assert.deepStrictEqual(scanProperties({ other: enc }, { location: "outputs" }), [], "envelopes on resources are normal");
    const shown = scanProperties({ clientSecret: plain, x: plain });
    assert.deepStrictEqual(
      shown.map((d) => [d.ruleId, d.kind]),
      [
        [RULE_IDS.secretKeyPlaintext, "plaintext"],
        [RULE_IDS.secretShape, "shape"],
      ],
    );
    assertNoValue(shown.map(formatDetection), [s]);
  });

  it("treats additionalSecretOutputs keys as encrypted", () => {
    const s = fakeSecret();
    const ds = scanProperties({ clientSecret: s }, { secretOutputs: ["clientSecret"] });
    assert.deepStrictEqual(
      ds.map((d) => [d.ruleId, d.kind]),
      [[RULE_IDS.secretKeyEncrypted, "encrypted"]],
    );
    assert.deepStrictEqual(scanProperties({ clientSecret: s }, { secretOutputs: ["clientSecret"], options: { allowEncryptedOutputs: true } }), []);
  });

  it("reports unknown values under secret keys and secret-named stack outputs", () => {
    assert.deepStrictEqual(ids(scanProperties({ clientSecret: UNKNOWN })), [RULE_IDS.secretKeyUnknown]);
    assert.deepStrictEqual(ids(scanProperties({ credentials: UNKNOWN, plain: UNKNOWN }, { location: "stack-outputs" })), [RULE_IDS.secretNameOutput]);
    assert.deepStrictEqual(ids(scanProperties({ plain: UNKNOWN })), []);
  });

  it("detects commands that echo or write the secret (secrets.txt)", () => {
    const s = fakeSecret();
    const literal = scanProperties({ create: `echo "client_id=abc" > secrets.txt && echo "${s}" >> secrets.txt` });
    assert.deepStrictEqual(ids(literal), [RULE_IDS.secretInText]);
    const ref = scanProperties({ create: "echo ${CLIENT_SECRET} > creds.out", environment: { CLIENT_SECRET: s } });
    assert.deepStrictEqual(ids(ref).sort(), [RULE_IDS.secretKeyPlaintext, RULE_IDS.secretReferenceInScript].sort());
    const file = scanProperties({ create: "printf '%s' \"$VALUE\" > ./secrets.txt" });
    assert.deepStrictEqual(ids(file), [RULE_IDS.secretReferenceInScript]);
    assert.deepStrictEqual(scanProperties({ create: "npm ci && npm run build > build.log" }), []);
    assertNoValue([...literal, ...ref].map(formatDetection), [s]);
  });

  it("flags bridged genesyscloud OAuth clients that expose the secret", () => {
    const ds = scanProperties(
      { name: "x", exposeClientSecret: true, directoryClientSecret: "/tmp/out" },
      { resourceType: "genesyscloud:index/oauthClient:OauthClient" },
    );
    assert.deepStrictEqual(ids(ds), [RULE_IDS.exposedSecretSetting, RULE_IDS.exposedSecretSetting]);
    assert.deepStrictEqual(scanProperties({ exposeClientSecret: false }, { resourceType: "genesyscloud:index/oauthClient:OauthClient" }), []);
  });

  it("exempts random-by-design outputs (@pulumi/random) from the shape rules, not from names or copies", () => {
    const s = fakeSecret();
    assert.deepStrictEqual(scanProperties({ b64Url: s, result: s }, { resourceType: "random:index/randomId:RandomId" }), []);
    assert.deepStrictEqual(ids(scanProperties({ b64Url: s }, { resourceType: "random:index/randomId:RandomId", knownSecrets: new Set([s]) })), [
      RULE_IDS.crossReference,
    ]);
    assert.deepStrictEqual(ids(scanProperties({ b64Url: s }, { resourceType: "aws:s3/bucket:Bucket" })), [RULE_IDS.secretShape]);
  });

  it("accepts extra secret key names", () => {
    assert.deepStrictEqual(ids(scanProperties({ myGenesysKey: "some value here" }, { options: { extraSecretKeys: ["my_genesys_key"] } })), [
      RULE_IDS.secretKeyPlaintext,
    ]);
  });
});

describe("detection: scanStack", () => {
  it("cross-references copies of a secret (tags, outputs, text) across resources", () => {
    const s = fakeSecret();
    const resources: ResourceView[] = [
      { urn: "urn:stack", type: "pulumi:pulumi:Stack", outputs: { innocent: s.slice(0, 0) + s } },
      { urn: "urn:client", type: "genesyscloud:index/oauthClient:OauthClient", outputs: { clientSecret: s, exposeClientSecret: true } },
      { urn: "urn:bucket", type: "aws:s3/bucket:Bucket", inputs: { tags: { note: s } }, outputs: { tags: { note: `copied: ${s}` } } },
    ];
    const ds = scanStack(resources);
    const cross = ds
      .filter((d) => d.ruleId === RULE_IDS.crossReference)
      .map((d) => `${d.urn} ${d.path}`)
      .sort();
    assert.deepStrictEqual(cross, ["urn:bucket inputs.tags.note", "urn:bucket outputs.tags.note", "urn:stack outputs.innocent"]);
    assertNoValue(ds.map(formatDetection), [s]);
  });

  it("scans the pulumi-nodejs provider's inputs as config", () => {
    const s = fakeSecret();
    const ds = scanStack([
      {
        urn: "urn:p",
        type: "pulumi:providers:pulumi-nodejs",
        inputs: { "proj:token": { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:x" }, "proj:clientSecret": s },
      },
    ]);
    assert.deepStrictEqual(ds.map((d) => d.ruleId).sort(), [RULE_IDS.encryptedEnvelope, RULE_IDS.secretKeyPlaintext].sort());
  });
});

describe("detection: evidence never contains the value (every rule)", () => {
  it("covers every rule id", () => {
    const s = fakeSecret();
    const enc = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: "v1:abcdef" };
    const resources: ResourceView[] = [
      { urn: "urn:stack", type: "pulumi:pulumi:Stack", outputs: { a: s, credentials: UNKNOWN, b: enc, c: `${s}!x`, d: fakeSecret(20) } },
      {
        urn: "urn:r",
        type: "genesyscloud:index/oauthClient:OauthClient",
        inputs: { exposeClientSecret: true, clientSecret: UNKNOWN },
        outputs: { clientSecret: s, wrapped: enc },
        secretOutputs: ["other"],
      },
      {
        urn: "urn:cmd",
        type: "command:local:Command",
        inputs: { create: `echo ${s} > secrets.txt`, update: "echo $CLIENT_SECRET > x.txt", delete: `echo ${fakeSecret(21)} done` },
      },
      { urn: "urn:ours", type: "pulumi-nodejs:dynamic:Resource", outputs: { clientSecret: fakeSecret() }, secretOutputs: ["clientSecret"] },
    ];
    const ds: Detection[] = scanStack(resources);
    // Known-secret matching (the stores' secrets) is applied next to the stack scan by the pack and the audit.
    ds.push(...scanKnownSecrets(resources[0], new KnownSecretMatcher([{ source: "file://./.secrets/ci", value: s }])));
    const seen = new Set(ds.map((d) => d.ruleId));
    for (const id of Object.keys(RULES)) assert.ok(seen.has(id), `rule ${id} not exercised`);
    const texts = ds.flatMap((d) => [d.evidence, formatDetection(d)]);
    assertNoValue(texts, [s, "v1:abcdef"]);
  });
});
