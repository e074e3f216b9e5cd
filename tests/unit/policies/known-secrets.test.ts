/**
 * The pack's known-secret matching: the stores named by the stack's own resources are read once per run
 * (the real stores module, loaded lazily from the main package, reading a file store), the secret is
 * found in outputs, inputs, keys, URNs and names in any encoding, the documented opt-in output passes, and
 * an unreadable store is only an advisory note. No message or attached URN holds the secret.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { knownSecretStoresReadable, loadStoresModule, noSecretInResourceState, noSecretInStackOutputs, setPackStoreReader } from "../../../policies/rules";
import { FileStore } from "../../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";
import { assertNoFragment, fakeSecret, shapedSecret } from "../detection/fixtures";
import { runResource, runStack, stackResource, type FakeResource, type Violation } from "./harness";

const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
const ROTATION = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";

function texts(vs: readonly Violation[]): string[] {
  return vs.flatMap((v) => [v.message, v.urn ?? ""]);
}

describe("policy pack: known secrets from the stores the stack names", function () {
  this.timeout(30_000);
  let dir: string;
  let secret: string;
  let reference: string;
  const clientId = "0f6c3b52-1b4e-4c8e-9a0d-5a4e2f7c9b11";

  const client = (extra: Record<string, unknown> = {}, aso: string[] = ["clientSecret"]): FakeResource => ({
    type: OAUTH,
    name: "ci",
    additionalSecretOutputs: aso,
    props: {
      name: "ci",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      secretStore: reference,
      clientId,
      secretMarker: "sha256:0123456789abcdef",
      rotation: { every: "30d" },
      ...extra,
    },
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-pack-known-"));
    secret = fakeSecret();
    const file = path.join(dir, "store", "ci");
    await new FileStore({ kind: "file", path: file }, {}).write({
      schema: CREDENTIAL_SCHEMA,
      clientId,
      clientSecret: secret,
      rotationId: "r1",
      rotatedAt: "2026-11-01T00:00:00.000Z",
    });
    reference = `file://${file}`;
  });
  beforeEach(() => setPackStoreReader(undefined));
  after(() => {
    setPackStoreReader(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads the main package's compiled stores module lazily", async () => {
    const { module, reason } = await loadStoresModule();
    assert.ok(module, reason);
  });

  it("the compiled pack (policies/bin) reads a file store through stores/open, loading no other store backend", function () {
    const root = path.join(__dirname, "..", "..", "..", "..");
    const rules = path.join(root, "policies", "bin", "policies", "rules", "index.js");
    if (!fs.existsSync(rules)) this.skip(); // bin/ is built by scripts/lib/ensure-policy-pack.sh
    const script =
      `const r = require(${JSON.stringify(rules)});` +
      `r.knownSecretMatcher([${JSON.stringify(reference)}]).then((m) => console.log(JSON.stringify({` +
      " secrets: m.secretCount, notes: r.knownSecretNotes()," +
      " loaded: Object.keys(require.cache).map((k) => k.split(require('path').sep).join('/')) })));";
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { secrets: number; notes: string[]; loaded: string[] };
    assert.deepStrictEqual(out.notes, []);
    assert.equal(out.secrets, 1);
    assert.ok(out.loaded.some((k) => k.endsWith("/dist/stores/open.js")));
    assert.ok(!out.loaded.some((k) => k.includes("@aws-sdk") || k.endsWith("/dist/stores/index.js") || k.endsWith("/dist/stores/vault-store.js")));
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
  });

  it("stack outputs: base64, hex, reversed and a map key holding the secret fail; nothing printed holds it", async () => {
    const b64 = Buffer.from(secret).toString("base64");
    const resources = [
      stackResource({
        blob: `data:${b64}`,
        digest: Buffer.from(secret).toString("hex").toUpperCase(),
        mirror: [...secret].reverse().join(""),
        byKey: { [secret]: 1 },
      }),
      client(),
    ];
    const vs = await runStack(noSecretInStackOutputs, resources);
    const known = vs.filter((v) => v.message.includes("genesys-stored-secret-match"));
    assert.deepStrictEqual(known.map((v) => /at '([^']+)'/.exec(v.message)?.[1]).sort(), [
      "outputs.blob",
      'outputs.byKey["<redacted>"]',
      "outputs.digest",
      "outputs.mirror",
    ]);
    // The store is named (its random temp directory may be masked by shape, like any random token in evidence).
    assert.ok(
      known.every((v) => /of the secret stored at file:\/\/\/.*\/store\/ci/.test(v.message)),
      known.map((v) => v.message).join("\n"),
    );
    assertNoFragment(texts(vs), [secret]);
  });

  it("resource state: a resource named with the secret, a tag, a parent — the URN is masked and not attached", async () => {
    const resources: FakeResource[] = [
      stackResource({}),
      client(),
      { type: "my:component:Thing", name: `grp-${secret.toLowerCase()}`, props: {} },
      {
        type: "aws:s3/bucket:Bucket",
        name: "logs",
        props: { tags: { note: encodeURIComponent(Buffer.from(secret).toString("base64")) } },
        parent: `grp-${secret.toLowerCase()}`,
      },
    ];
    const vs = await runStack(noSecretInResourceState, resources);
    const known = vs.filter((v) => v.message.includes("genesys-stored-secret-match"));
    const where = known.map((v) => /at '([^']+)'/.exec(v.message)?.[1]).sort();
    assert.deepStrictEqual(where, ["name", "outputs.tags.note", "parent", "urn"]);
    const named = known.filter((v) => v.message.includes("(resource urn:pulumi:dev::proj::my:component:Thing::grp-<redacted>)"));
    assert.strictEqual(named.length, 2, "name and urn of the component, with the masked URN in the message");
    assert.ok(
      named.every((v) => v.urn === undefined),
      "a URN holding the secret is not attached",
    );
    assertNoFragment(texts(vs), [secret, secret.toLowerCase()]);
  });

  it("the opted-in clientSecret output of our OAuthClient and its SecretRotation passes; the same value elsewhere fails", async () => {
    const resources: FakeResource[] = [
      stackResource({ copy: secret }),
      client({ exposeSecretAsOutput: true, clientSecret: secret }),
      {
        type: ROTATION,
        name: "ci-rotation",
        parent: "ci",
        additionalSecretOutputs: ["clientSecret"],
        props: { clientId, secretStore: reference, exposeSecretAsOutput: true, clientSecret: secret },
      },
    ];
    const state = await runStack(noSecretInResourceState, resources);
    assert.deepStrictEqual(
      state.filter((v) => v.message.includes("genesys-stored-secret-match")),
      [],
    );
    const outputs = await runStack(noSecretInStackOutputs, resources);
    assert.ok(outputs.some((v) => v.message.includes("genesys-stored-secret-match") && v.message.includes("outputs.copy")));
    // Not listed in additionalSecretOutputs: the output would be plain text in state.
    const plain = await runStack(noSecretInResourceState, [stackResource({}), client({ exposeSecretAsOutput: true, clientSecret: secret }, [])]);
    assert.ok(plain.some((v) => v.message.includes("genesys-stored-secret-match") && v.message.includes("outputs.clientSecret")));
    assertNoFragment(texts([...state, ...outputs, ...plain]), [secret]);
  });

  it("resource inputs: once our client's store was read, another resource's inputs holding the secret fail", async () => {
    assert.deepStrictEqual(await runResource(noSecretInResourceState, client()), []);
    const vs = await runResource(noSecretInResourceState, {
      type: "command:local:Command",
      name: "curl",
      props: { create: `curl -H "Authorization: Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}" https://x` },
    });
    const known = vs.filter((v) => v.message.includes("genesys-stored-secret-match"));
    assert.strictEqual(known.length, 1);
    assert.match(known[0].message, /HTTP Basic credential .* at 'inputs\.create'/);
    assertNoFragment(texts(vs), [secret]);
  });

  it("reads each reference once per run, across policies and validations", async () => {
    let reads = 0;
    setPackStoreReader(async (ref) => {
      reads++;
      return [{ source: ref, value: secret, clientId }];
    });
    const resources = [stackResource({ a: Buffer.from(secret).toString("hex") }), client(), { ...client(), name: "ci2" }];
    await runStack(noSecretInStackOutputs, resources);
    await runStack(noSecretInResourceState, resources);
    await runResource(noSecretInResourceState, client());
    await runStack(knownSecretStoresReadable, resources);
    assert.strictEqual(reads, 1);
  });

  it("an unreadable store: no mandatory violation about it, one advisory note, nothing thrown", async () => {
    const unreadable = `vault://secret/genesys/ci?addr=https://vault.example.com:8200&namespace=${"q".repeat(3)}`;
    setPackStoreReader(() => Promise.reject(new Error(`connection refused; token ${secret}`)));
    const resources = [stackResource({ fine: "value" }), { ...client(), props: { ...client().props, secretStore: unreadable } }];
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, resources), []);
    assert.deepStrictEqual(await runStack(noSecretInResourceState, resources), []);
    const notes = await runStack(knownSecretStoresReadable, resources);
    assert.strictEqual(notes.length, 1);
    assert.match(notes[0].message, /could not be read/);
    assertNoFragment(texts(notes), [secret]);
  });

  it("existing rules never print a map key that is a secret (shape-masked, and known-masked)", async () => {
    const keySecret = shapedSecret();
    const vs = [
      ...(await runStack(noSecretInStackOutputs, [
        stackResource({ clientSecret: { [keySecret]: "value-of-some-length" }, creds: { [secret]: shapedSecret() } }),
        client(),
      ])),
      ...(await runResource(noSecretInResourceState, { type: "aws:ssm/parameter:Parameter", name: "p", props: { tags: { [keySecret]: shapedSecret() } } })),
    ];
    assert.ok(vs.length >= 3, vs.map((v) => v.message).join("\n"));
    assert.ok(
      vs.some((v) => /<masked>|<redacted key>|<redacted>/.test(v.message)),
      vs.map((v) => v.message).join("\n"),
    );
    assertNoFragment(texts(vs), [keySecret, secret]);
  });

  it("finds the secret in a stack output nested 200 levels deep (props copied without a depth limit)", async () => {
    let deep: unknown = { v: Buffer.from(secret).toString("base64url") };
    for (let i = 0; i < 200; i++) deep = i % 2 ? [deep] : { d: deep };
    const vs = await runStack(noSecretInStackOutputs, [stackResource({ deep }), client()]);
    assert.ok(
      vs.some((v) => v.message.includes("genesys-stored-secret-match") && v.message.includes(".v'")),
      vs.map((v) => v.message).join("\n"),
    );
    assertNoFragment(texts(vs), [secret]);
  });

  it("a relative file:// reference resolves against the directory pulumi was started in (PWD)", async () => {
    const saved = process.env.PWD;
    process.env.PWD = dir;
    try {
      const relative = { ...client(), props: { ...client().props, secretStore: "file://./store/ci" } };
      const vs = await runStack(noSecretInStackOutputs, [stackResource({ x: Buffer.from(secret).toString("hex") }), relative]);
      assert.ok(
        vs.some((v) => v.message.includes("hex (lower case) of the secret stored at file://./store/ci")),
        vs.map((v) => v.message).join("\n"),
      );
    } finally {
      process.env.PWD = saved;
    }
  });

  it("the real reader: a missing file store or a vault without address is a note in the safe form, never an exception", async () => {
    const resources = [
      stackResource({}),
      { ...client(), props: { ...client().props, secretStore: "vault://secret/genesys/none?addr=https://127.0.0.1:1" } },
      { ...client(), name: "c2", props: { ...client().props, secretStore: `file://${path.join(dir, "missing", "x")}` } },
    ];
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, resources), []);
    const notes = await runStack(knownSecretStoresReadable, resources);
    assert.strictEqual(notes.length, 1, notes.map((n) => n.message).join("\n"));
    assert.match(notes[0].message, /^cannot read the store at vault:\/\/secret\/genesys\/none\?addr=https:\/\/127\.0\.0\.1:1 \[store\.\w+\]/);
  });
});
