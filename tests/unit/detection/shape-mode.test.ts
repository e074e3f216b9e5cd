/**
 * Shape mode pieces: the rule table, tokenising with credential positions, decoding, exempt formats, the
 * nanoid and upper-case decisions, secret-shaped keys redacted, and the measured catch rate on uniformly
 * random secrets.
 */
import * as assert from "assert";
import {
  SHAPE_RULES,
  REDACTED_KEY,
  URN_PATH,
  maskUrn,
  scanResourceIdentity,
  decodeBase64,
  decodeHex,
  decodePercent,
  findShapedTokens,
  isExemptFormat,
  matchSecretShape,
  resolveOptions,
  scanProperties,
  tokenize,
} from "../../../detection";
import { noSecretInStackOutputs } from "../../../policies/rules";
import { runStack, stackResource, UNKNOWN_STRING } from "../policies/harness";
import { Rand, fakeCertificateDer, jwt, pem, sshPublicKey } from "../../leaks/random";
import { assertNoValue, fakeSecret, meetsShapeContract, uniformSecret } from "./fixtures";

const opts = resolveOptions(undefined);

describe("detection: shape mode", () => {
  it("the rule table: unique ids, a description each, a pattern or predicate each, global regexes for spans", () => {
    const ids = SHAPE_RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of SHAPE_RULES) {
      assert.ok(r.description.length > 10, r.id);
      assert.ok(r.pattern !== undefined || r.test !== undefined, r.id);
      if (r.kind === "exempt-span") assert.ok(r.pattern?.global, `${r.id} must be a global regex`);
    }
    for (const kind of ["require", "exempt-token", "exempt-span", "exempt-key"])
      assert.ok(
        SHAPE_RULES.some((r) => r.kind === kind),
        kind,
      );
  });

  it("tokenises URLs, query strings, Basic headers and JSON, marking credential positions", () => {
    const s = fakeSecret();
    const cred = (text: string): boolean => tokenize(text, opts).some((t) => t.text === s && t.context.credential);
    assert.ok(cred(`https://client:${s}@host.example.com/x`));
    assert.ok(cred(`https://host/cb?client_secret=${s}&x=1`));
    assert.ok(cred(JSON.stringify({ clientSecret: s })));
    assert.ok(cred(`Authorization: Basic ${Buffer.from(`id:${s}`).toString("base64")}`));
    assert.ok(tokenize(`deployed ${s} today`, opts).some((t) => t.text === s && !t.context.credential));
  });

  it("decodes base64 (std/url), hex and %-encoding only into readable text", () => {
    const s = fakeSecret();
    assert.strictEqual(decodeBase64(Buffer.from(`id:${s}`).toString("base64")), `id:${s}`);
    assert.strictEqual(decodeBase64(Buffer.from(`id:${s}`).toString("base64url")), `id:${s}`);
    assert.strictEqual(decodeBase64(s), undefined, "a secret is not base64 of text");
    assert.strictEqual(decodeBase64(new Rand(1).bytes(32).toString("base64")), undefined, "random bytes are not text");
    assert.strictEqual(decodeHex(Buffer.from(s).toString("hex")), s);
    assert.strictEqual(decodeHex(new Rand(2).hex(20)), undefined, "a sha1 is not text");
    assert.strictEqual(decodePercent([...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")), s);
    assert.strictEqual(decodePercent("no escapes"), undefined);
  });

  it("finds the secret through one, two and three levels of encoding", () => {
    const s = fakeSecret();
    const b64 = (t: string): string => Buffer.from(t).toString("base64");
    assert.deepStrictEqual(
      findShapedTokens(b64(`id:${s}`)).map((t) => t.via),
      [["base64"]],
    );
    assert.deepStrictEqual(
      findShapedTokens(b64(b64(`id:${s}`))).map((t) => t.via),
      [["base64", "base64"]],
    );
    assert.ok(findShapedTokens(encodeURIComponent(`x=${b64(b64(s))}`)).length > 0);
  });

  it("whole values of well-known formats are exempt: PEM, SSH keys, JWTs, store references, ARNs, ciphertexts, digests", () => {
    const r = new Rand(3);
    for (const v of [
      pem("CERTIFICATE", fakeCertificateDer(r)),
      pem("PUBLIC KEY", r.bytes(294)),
      sshPublicKey(r),
      jwt(r),
      "vault://secret/genesys/ci",
      "vault+https://vault.example.com/v1/secret/data/x",
      "awssm://genesys/ci",
      "file://./.secrets/ci",
      `arn:aws:secretsmanager:eu-west-1:123456789012:secret:genesys/ci-AbCdEf`,
      `v1:${r.bytes(40).toString("base64")}`,
      `sha256:${r.hex(32)}`,
      `sha512-${r.bytes(64).toString("base64")}`,
    ])
      assert.ok(isExemptFormat(v), v.slice(0, 40));
    assert.ok(!isExemptFormat(`vault://user:${fakeSecret()}@host/x`), "a reference with userinfo is not exempt");
  });

  it("200 random PEM certificates as stack outputs pass the pack", async () => {
    const r = new Rand(Math.floor(Math.random() * 2 ** 31));
    for (let i = 0; i < 200; i++) {
      const vs = await runStack(noSecretInStackOutputs, [
        stackResource({ certificate: pem("CERTIFICATE", fakeCertificateDer(r)), publicKey: pem("PUBLIC KEY", r.bytes(294)) }),
      ]);
      assert.deepStrictEqual(vs, [], `seed ${r.seed} #${i}`);
    }
  });

  it("a store reference under a secret-like output name passes (secretStore, known or unknown during preview)", async () => {
    assert.deepStrictEqual(
      await runStack(noSecretInStackOutputs, [
        stackResource({ secretStore: "vault://secret/genesys/ci", secretStoreUrl: "awssm://genesys/ci?region=eu-west-1" }),
      ]),
      [],
    );
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, [stackResource({ secretStore: UNKNOWN_STRING })]), []);
    const vs = await runStack(noSecretInStackOutputs, [stackResource({ secretStore: fakeSecret() })]);
    assert.strictEqual(vs.length, 1, "a secret-shaped value under secretStore is still a finding");
    assert.strictEqual(
      (await runStack(noSecretInStackOutputs, [stackResource({ password: "abc12" })])).length,
      1,
      "only a reference passes under a secret-like name",
    );
  });

  it("nanoid decision: a 21-char value under an id-named property is an id; under another name, or a clientId, it is a finding", () => {
    const v = fakeSecret(21);
    assert.deepStrictEqual(scanProperties({ id: v, requestId: v, tenantId: v }), []);
    assert.strictEqual(scanProperties({ buildInfo: v }).length, 1);
    assert.strictEqual(scanProperties({ clientId: v }).length, 1);
    assert.strictEqual(scanProperties({ id: fakeSecret(22) }).length, 1, "only the nanoid length is exempt as a whole value");
  });

  it("upper-case decision: single-case tokens count only in credential positions", () => {
    const s = fakeSecret(22).toUpperCase();
    assert.deepStrictEqual(scanProperties({ label: s }), [], "an upper-case id under a neutral name is not a finding");
    assert.strictEqual(scanProperties({ adminPassword: s }).length, 1);
    assert.strictEqual(scanProperties({ url: `https://h/x?client_secret=${s}` }).length, 1);
    assert.strictEqual(scanProperties({ h: `Basic ${Buffer.from(`id:${s.toLowerCase()}`).toString("base64")}` }).length, 1);
    assert.deepStrictEqual(
      scanProperties({ url: "https://h/x?client_secret=REPLACE_WITH_YOUR_SECRET" }),
      [],
      "words in a credential position are not a secret",
    );
  });

  it("a secret used as a map key is a finding, and the key is redacted in every path", () => {
    const s = fakeSecret();
    const ds = scanProperties({ tags: { [s]: { nested: fakeSecret(20) } } }, { basePath: "outputs" });
    assert.ok(ds.some((d) => d.path === `outputs.tags[${JSON.stringify(REDACTED_KEY)}]` && d.evidence.includes("property name")));
    assert.ok(ds.some((d) => d.path === `outputs.tags[${JSON.stringify(REDACTED_KEY)}].nested`));
    assertNoValue(
      ds.map((d) => `${d.path} ${d.evidence}`),
      [s],
    );
  });

  it("URN names and provider ids are judged (random:* ids exempt); maskUrn hides the token", () => {
    const s = fakeSecret();
    const urn = `urn:pulumi:dev::p::custom:index:Thing::${s}`;
    assert.deepStrictEqual(
      scanResourceIdentity({ urn, type: "custom:index:Thing" }).map((d) => d.path),
      [URN_PATH],
    );
    assert.deepStrictEqual(
      scanResourceIdentity({ urn: "urn:pulumi:dev::p::custom:index:Thing::web", type: "custom:index:Thing", id: s }).map((d) => d.path),
      ["id"],
    );
    assert.deepStrictEqual(
      scanResourceIdentity({ urn: "urn:pulumi:dev::p::custom:index:Thing::web", type: "custom:index:Thing", id: `sess/${s}` }),
      [],
      "a part of a composite id is an id (id-fragment)",
    );
    assert.deepStrictEqual(
      scanResourceIdentity({ urn: "urn:pulumi:dev::p::random:index/randomId:RandomId::x", type: "random:index/randomId:RandomId", id: s }),
      [],
    );
    assert.deepStrictEqual(
      scanResourceIdentity({ urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs", type: "aws:s3/bucket:Bucket", id: "logs-bucket-7f3a2c1" }),
      [],
    );
    assert.ok(!maskUrn(urn).includes(s) && maskUrn(urn).endsWith("::<masked>"));
  });

  it("the guaranteed-catch contract holds: every value meeting it is matched (5 000 draws per length)", () => {
    for (const length of [16, 20, 21, 22]) {
      for (let i = 0; i < 5_000; i++) {
        const s = fakeSecret(length);
        assert.ok(meetsShapeContract(s) && matchSecretShape(s), `length ${length}: a value meeting the contract is not matched`);
      }
    }
  });

  it("catch rate on uniformly random secrets (printed): ≥ 99.5% at 20–22 chars, ≥ 99% at 16", () => {
    const rows: string[] = [];
    for (const length of [16, 20, 21, 22]) {
      const n = 20_000;
      let hit = 0;
      for (let i = 0; i < n; i++) if (matchSecretShape(uniformSecret(length))) hit++;
      rows.push(`${length}: ${((100 * hit) / n).toFixed(2)}%`);
      assert.ok(hit / n >= (length === 16 ? 0.99 : 0.995), `length ${length}: ${hit}/${n}`);
    }
    process.stdout.write(`      whole-value catch rate of uniformly random secrets: ${rows.join(", ")}\n`);
  });
});
