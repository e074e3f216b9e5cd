/**
 * Shape mode's decodings and joins (detection/shape-rules.ts, "Decodings and joins"): for each, a secret it
 * must catch and a clean near-miss it must leave alone. No finding may hold the value.
 */
import * as assert from "assert";
import {
  decodeReversedBase64,
  decodeUnicodeEscapes,
  maskUrn,
  namePrefixRests,
  partMarkerOf,
  scanKey,
  scanProperties,
  scanReferencedUrns,
  scanResourceIdentity,
  type Detection,
} from "../../../detection";
import { Rand } from "../../leaks/random";
import { assertNoFragment, shapedSecret } from "./fixtures";

const b64 = (t: string | Buffer): string => Buffer.from(t).toString("base64");
const b64url = (t: string | Buffer): string => Buffer.from(t).toString("base64url");
const hex = (t: string): string => Buffer.from(t).toString("hex");
const uEsc = (t: string): string => [...t].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
const reverse = (t: string): string => [...t].reverse().join("");
const urn = (type: string, name: string): string => `urn:pulumi:dev::proj::${type}::${name}`;

/** Findings of one property bag as stack outputs; asserts that none prints a fragment of `secrets`. */
function scan(props: Record<string, unknown>, ...secrets: string[]): Detection[] {
  const found = scanProperties(props, { location: "stack-outputs" });
  assertNoFragment(
    found.flatMap((d) => [d.path, d.evidence]),
    secrets,
  );
  return found;
}

describe("detection: shape-mode decodings and joins", () => {
  const r = new Rand(20261203);

  it("hex and base64 under a fingerprint name: an encoded secret is caught, a real digest is not", () => {
    for (const length of [16, 20, 21, 22]) {
      const s = shapedSecret(length);
      assert.strictEqual(scan({ digest: hex(s) }, s).length, 1, `hex, ${length}`);
      assert.strictEqual(scan({ digest: hex(s).toUpperCase() }, s).length, 1, `HEX, ${length}`);
      assert.strictEqual(scan({ hash: b64(s) }, s).length, 1, `base64, ${length}`);
    }
    for (let i = 0; i < 50; i++) {
      assert.deepStrictEqual(
        scan({ digest: r.hex(32), etag: `"${r.hex(16)}"`, sha256: r.hex(32), checksum: b64(r.bytes(32)), hash: r.bytes(16).toString("base64url") }),
        [],
      );
    }
    // A readable but not secret-shaped decoding (a word) is not a finding either.
    assert.deepStrictEqual(scan({ digest: hex("ProductionOAuthClient") }), []);
  });

  it("\\uXXXX escapes written into a value are undone", () => {
    const s = shapedSecret(20);
    assert.strictEqual(decodeUnicodeEscapes(uEsc(s)), s);
    assert.strictEqual(scan({ escaped: uEsc(s) }, s).length, 1);
    assert.strictEqual(scan({ escaped: `k=${uEsc(s)};` }, s).length, 1);
    assert.deepStrictEqual(scan({ escaped: uEsc("ProductionOAuthClient"), note: "caf\\u00e9 cr\\u00e8me br\\u00fbl\\u00e9e" }), []);
  });

  it("a reversed base64 (padded: `=` first; or not) is turned back and decoded", () => {
    for (const length of [16, 20, 21, 22]) {
      const s = shapedSecret(length);
      assert.strictEqual(decodeReversedBase64(reverse(b64(s))), s, `${length}`);
      assert.strictEqual(scan({ odd: reverse(b64(s)) }, s).length, 1, `${length}`);
    }
    for (let i = 0; i < 100; i++) {
      const blob = r.bytes(r.int(17, 40)); // 12–16 bytes: a 16–22-char random token, secret-shaped as it is (see the clean corpus)
      assert.strictEqual(decodeReversedBase64(reverse(b64(blob))), undefined);
      assert.deepStrictEqual(scan({ odd: reverse(b64(blob)), odd2: reverse(b64url(blob)) }), []);
    }
  });

  it("a run after a letters prefix is decoded as a whole (`cache-<base64>`, `p-<hex>`)", () => {
    const s = shapedSecret(22);
    const key = `cache-${b64(s)}`;
    const finding = scanKey(key, "tags", {});
    assert.ok(finding);
    assertNoFragment([finding.path, finding.evidence], [s]);
    assert.strictEqual(scan({ note: `p-${hex(s)}` }, s).length, 1);
    for (let i = 0; i < 50; i++) {
      assert.strictEqual(scanKey(`cache-${b64(r.bytes(r.int(16, 30)))}`, "tags", {}), undefined);
      assert.deepStrictEqual(scan({ note: `p-${r.hex(20)}` }), []);
    }
  });

  it("names: the rest after a word prefix of 3+ letters is judged (URN names, property names), and masked", () => {
    assert.deepStrictEqual(namePrefixRests("param-abc"), ["abc"]);
    assert.deepStrictEqual(namePrefixRests("my-cache_xyz"), ["xyz"]); // `my-` alone is too short a prefix
    assert.deepStrictEqual(namePrefixRests("p-abc"), []);
    const s = shapedSecret(21);
    const name = `param-${s}`;
    const found = scanResourceIdentity({ urn: urn("aws:ssm/parameter:Parameter", name), type: "aws:ssm/parameter:Parameter" });
    assert.strictEqual(found.length, 1);
    assertNoFragment([found[0].path, found[0].evidence, maskUrn(urn("aws:ssm/parameter:Parameter", name))], [s]);
    assert.ok(maskUrn(urn("aws:ssm/parameter:Parameter", name)).endsWith("::param-<masked>"));
    assert.ok(scanKey(`old-${s}`, "tags", {}));
    // Names made of words, short random suffixes, and ids (not names: the prefix rule is not applied) stay clean.
    for (const clean of ["deployer-role-prod", "web-7f9c8d5b6-x2k4z", "param-ProductionOAuthClient", `logs-${r.hex(3)}`]) {
      assert.deepStrictEqual(scanResourceIdentity({ urn: urn("aws:s3/bucket:Bucket", clean), type: "aws:s3/bucket:Bucket" }), [], clean);
    }
    assert.deepStrictEqual(scanResourceIdentity({ urn: urn("custom:index:Thing", "thing"), type: "custom:index:Thing", id: `key-${s}` }), []);
  });

  it("an array of single characters is joined and judged", () => {
    const s = shapedSecret(22);
    const found = scan({ chars: [...s] }, s);
    assert.strictEqual(found.length, 1);
    assert.match(found[0].evidence, /joined from an array of single characters/);
    assert.deepStrictEqual(scan({ chars: Array.from("ProductionOAuthClient"), short: Array.from("aZ3kQ9"), letters: Array.from("abcdefghijklmnop") }), []);
  });

  it("sibling parts with consecutive markers are joined (partA/partB, part1/part2, secret_1/secret_2)", () => {
    const s = shapedSecret(16);
    for (const [a, b] of [
      ["partA", "partB"],
      ["part1", "part2"],
      ["secret_1", "secret_2"],
      ["keyA", "keyB"],
    ]) {
      const found = scan({ [a]: s.slice(0, 8), [b]: s.slice(8), other: "x" }, s);
      assert.ok(found.length >= 1, `${a}/${b}`);
      assert.ok(found.some((d) => d.evidence.includes("joined from sibling parts")));
    }
    assert.deepStrictEqual(partMarkerOf("checksumSha512"), undefined);
    // A gap (part1, part3), single-case parts (zones) and unmarked siblings are not joined.
    assert.deepStrictEqual(scan({ part1: s.slice(0, 8), part3: s.slice(8) }), []);
    assert.deepStrictEqual(scan({ zoneA: "eu-west-1a", zoneB: "eu-west-1b", subnet1: "subnet-0a1b", subnet2: "subnet-9f8e" }), []);
    assert.deepStrictEqual(scan({ first: s.slice(0, 8), second: s.slice(8) }), []);
  });

  it("a JWT's non-registered claims are judged; registered ones (jti, at_hash, sub, ...) are not", () => {
    const s = shapedSecret(22);
    const header = b64url(JSON.stringify({ alg: "none" }));
    const token = (payload: Record<string, unknown>): string => `${header}.${b64url(JSON.stringify(payload))}.`;
    assert.strictEqual(scan({ jwt: token({ sub: "ci", token: s }) }, s).length, 1);
    assert.strictEqual(scan({ auth: `Bearer ${token({ data: { pipelineToken: s } })}` }, s).length, 1);
    for (let i = 0; i < 50; i++) {
      const clean = token({
        sub: r.uuid(),
        jti: r.nanoid(),
        at_hash: r.bytes(16).toString("base64url"),
        nonce: r.bytes(16).toString("base64url"),
        iat: 1.7e9,
        name: "Ada",
      });
      assert.deepStrictEqual(scan({ idToken: clean }), []);
    }
  });

  it("the audit judges URN names in dependencies, property dependencies, parent, provider and aliases", () => {
    const s = shapedSecret(22);
    const record = {
      dependencies: [urn("aws:s3/bucket:Bucket", "logs"), urn("aws:ssm/parameter:Parameter", `p-${hex(s)}`)],
      propertyDependencies: { tags: [urn("random:index/randomId:RandomId", s)] },
      parent: urn("my:component:Thing", s),
      provider: `${urn("pulumi:providers:aws", `p-${b64url(s)}`)}::6f5e4d3c`,
      aliases: [urn("aws:s3/bucket:Bucket", `old-${s}`)],
    };
    const found = scanReferencedUrns(record);
    assert.deepStrictEqual(found.map((d) => d.path).sort(), ["aliases[0]", "dependencies[1]", "parent", "propertyDependencies.tags[0]", "provider"]);
    assertNoFragment(
      found.flatMap((d) => [d.path, d.evidence]),
      [s],
    );
    const clean = {
      dependencies: [urn("aws:s3/bucket:Bucket", "logs-7f3a9c"), urn("pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient", "ci")],
      parent: urn("pulumi:pulumi:Stack", "proj-dev"),
      provider: `${urn("pulumi:providers:aws", "default_6_0_0")}::${r.uuid()}`,
      aliases: [urn("aws:s3/bucket:Bucket", "old-logs")],
    };
    assert.deepStrictEqual(scanReferencedUrns(clean), []);
  });
});
