/**
 * detection/known-secret-scan.ts: every string of a resource record is matched — values at any depth,
 * property names, URN, id, parent, provider, dependencies, property dependencies, assets, envelope
 * plaintexts, concatenated string arrays — and what is reported never holds the secret.
 */
import * as assert from "assert";
import {
  KnownSecretMatcher,
  PULUMI_SECRET_SIG,
  PULUMI_SIG_KEY,
  RULE_IDS,
  formatDetection,
  scanKnownSecrets,
  storeReferencesOf,
  type Detection,
} from "../../../detection";
import { assertNoFragment, fakeSecret } from "./fixtures";

const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";

function paths(ds: readonly Detection[]): string[] {
  return ds.map((d) => d.path).sort();
}

describe("detection/known-secret-scan: every string of a resource", () => {
  const secret = fakeSecret();
  const matcher = new KnownSecretMatcher([{ source: "file://./.secrets/ci", value: secret, clientId: "client-1" }]);
  const urnWith = `urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b-${secret}`;

  it("finds it in the URN, id, parent, provider, dependencies and property dependencies", () => {
    const record = {
      urn: urnWith,
      custom: true,
      id: `id-${Buffer.from(secret).toString("base64")}`,
      type: "aws:s3/bucket:Bucket",
      parent: `urn:pulumi:dev::proj::pulumi:pulumi:Stack::${secret.toUpperCase()}`,
      provider: `urn:pulumi:dev::proj::pulumi:providers:aws::default::${Buffer.from(secret).toString("hex")}`,
      dependencies: ["urn:ok", `urn:x::${encodeURIComponent(secret)}`],
      propertyDependencies: { tags: [`urn:y::${[...secret].reverse().join("")}`] },
      inputs: {},
      outputs: {},
    };
    const ds = scanKnownSecrets(record, matcher);
    assert.deepStrictEqual(paths(ds), ["dependencies[1]", "id", "parent", "propertyDependencies.tags[0]", "provider", "urn"]);
    assert.ok(ds.every((d) => d.ruleId === RULE_IDS.knownSecret && d.severity === "critical"));
    assertNoFragment(ds.map(formatDetection), [secret]);
  });

  it("finds it in a property name and masks the name in the path", () => {
    const ds = scanKnownSecrets({ inputs: { tags: { [`team-${secret}`]: "x" } } }, matcher);
    assert.deepStrictEqual(paths(ds), ['inputs.tags["team-<redacted>"]']);
    assert.match(ds[0].evidence, /in a property name/);
    assertNoFragment(ds.map(formatDetection), [secret]);
  });

  it("finds it in StringAsset text and archive assets", () => {
    const record = {
      inputs: {
        content: { [PULUMI_SIG_KEY]: ASSET_SIG, text: `#!/bin/sh\ncurl -u client-1:${secret} https://api` },
        archive: {
          [PULUMI_SIG_KEY]: "0def7320c3a5731c473e5ecbe6d01bc7",
          assets: { "config.json": { [PULUMI_SIG_KEY]: ASSET_SIG, text: JSON.stringify({ s: secret }) } },
        },
      },
    };
    assert.deepStrictEqual(paths(scanKnownSecrets(record, matcher)), ['inputs.archive.assets["config.json"].text', "inputs.content.text"]);
  });

  it("walks values nested 200 levels deep (no recursion limit)", () => {
    let deep: unknown = { leaf: Buffer.from(Buffer.from(secret).toString("base64")).toString("base64") };
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? { n: deep } : [deep];
    const ds = scanKnownSecrets({ outputs: { deep } }, matcher);
    assert.strictEqual(ds.length, 1);
    assert.match(ds[0].path, /\.leaf$/);
    assert.strictEqual((ds[0].path.match(/\.n/g) ?? []).length, 100);
    assert.match(ds[0].evidence, /base64 .* of base64/);
  });

  it("matches the concatenation of string arrays (a char array, a secret split in elements)", () => {
    const ds = scanKnownSecrets({ outputs: { chars: [...secret], parts: [secret.slice(0, 5), secret.slice(5)] } }, matcher);
    assert.ok(paths(ds).includes("outputs.chars[*]"));
    assert.ok(paths(ds).includes("outputs.parts[*]"));
    assert.ok(
      ds.some((d) => d.path === "outputs.parts[1]" && d.evidence.includes("fragment")),
      "the longer part alone is a fragment",
    );
  });

  it("decodes --show-secrets envelope plaintexts (JSON objects inside too)", () => {
    const env = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, plaintext: JSON.stringify({ nested: { v: Buffer.from(secret).toString("hex") } }) };
    const ds = scanKnownSecrets({ outputs: { wrapped: env } }, matcher);
    assert.deepStrictEqual(paths(ds), ["outputs.wrapped.nested.v"]);
  });

  it("the opted-in clientSecret output of our OAuthClient is not a leak; the same value elsewhere is", () => {
    const encrypted = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, plaintext: JSON.stringify(secret) };
    const resource = { type: OAUTH, secretOutputs: ["clientSecret"] };
    const record = { type: OAUTH, outputs: { clientSecret: encrypted, description: `copy ${secret}` } };
    assert.deepStrictEqual(paths(scanKnownSecrets(record, matcher, { resource, optInNeedsEnvelope: true })), ["outputs.description"]);
    // Not listed in additionalSecretOutputs, or not engine-encrypted in state: a leak.
    assert.deepStrictEqual(paths(scanKnownSecrets(record, matcher, { resource: { type: OAUTH, secretOutputs: [] }, optInNeedsEnvelope: true })), [
      "outputs.clientSecret",
      "outputs.description",
    ]);
    assert.deepStrictEqual(paths(scanKnownSecrets({ outputs: { clientSecret: secret } }, matcher, { resource, optInNeedsEnvelope: true })), [
      "outputs.clientSecret",
    ]);
    // Policy props arrive decrypted: listing in additionalSecretOutputs is what counts there.
    assert.deepStrictEqual(paths(scanKnownSecrets({ outputs: { clientSecret: secret } }, matcher, { resource })), []);
    // Another resource type with the same output: a leak.
    assert.deepStrictEqual(
      paths(
        scanKnownSecrets({ outputs: { clientSecret: secret } }, matcher, {
          resource: { type: "aws:ssm/parameter:Parameter", secretOutputs: ["clientSecret"] },
        }),
      ),
      ["outputs.clientSecret"],
    );
  });

  it("finds the store references our own resources name (and only theirs)", () => {
    assert.deepStrictEqual(storeReferencesOf(OAUTH, { secretStore: "vault://secret/genesys/ci" }, { secretStore: "vault://secret/genesys/ci" }), [
      "vault://secret/genesys/ci",
    ]);
    assert.deepStrictEqual(
      storeReferencesOf("pulumi-nodejs:dynamic/genesys-oauth-guard:ClientPair", { secretStore: "awssm://genesys/pair?region=eu-west-1" }),
      ["awssm://genesys/pair?region=eu-west-1"],
    );
    // Ours by the exact type token only: a generic dynamic resource with look-alike fields is foreign.
    assert.deepStrictEqual(
      storeReferencesOf("pulumi-nodejs:dynamic:Resource", { secretStore: "file://./s", secretMarker: "sha256:0123456789abcdef" }),
      [],
      "a look-alike",
    );
    assert.deepStrictEqual(storeReferencesOf("pulumi-nodejs:dynamic:Resource", { secretStore: "file://./s" }), [], "a foreign dynamic resource");
    assert.deepStrictEqual(storeReferencesOf("aws:s3/bucket:Bucket", { secretStore: "file://./s" }), []);
    assert.deepStrictEqual(storeReferencesOf(OAUTH, { secretStore: "not a reference" }), []);
  });
});
