/**
 * Known-secret matching (detection/known-secrets.ts, multi-pattern.ts, encodings.ts): every encoding is
 * built here independently (Node's Buffer, encodeURIComponent, JSON.stringify) and must be caught; the
 * automaton agrees with a naive search; nothing reported holds the secret or a fragment of it.
 */
import * as assert from "assert";
import * as crypto from "crypto";
import {
  KnownSecretMatcher,
  MultiPatternMatcher,
  REDACTED_SPAN,
  base64,
  base64Inner,
  deriveForms,
  describeKnownMatch,
  fragmentLength,
  hex,
  utf8Bytes,
} from "../../../detection";
import { assertNoFragment, fakeSecret } from "./fixtures";

const b64 = (t: string | Buffer): string => Buffer.from(t).toString("base64");
const b64url = (t: string | Buffer): string => Buffer.from(t).toString("base64url");
const hexOf = (t: string): string => Buffer.from(t).toString("hex");
const pctAll = (t: string, upper: boolean): string =>
  [...Buffer.from(t)].map((b) => "%" + (upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0")).join("");
const uEsc = (t: string, upper = false): string =>
  [...t].map((c) => "\\u" + (upper ? c.charCodeAt(0).toString(16).toUpperCase() : c.charCodeAt(0).toString(16)).padStart(4, "0")).join("");
const rev = (t: string): string => [...t].reverse().join("");

/** A secret whose base64 holds both `+` and `/` at every alignment (so standard and URL-safe differ). */
function secretWithBase64Specials(): string {
  for (;;) {
    const s = fakeSecret(19) + "?>~"; // 22 bytes: not a multiple of 3, so padded and unpadded forms differ
    if ([0, 1, 2].every((k) => /[+/]/.test(b64(Buffer.concat([Buffer.alloc(k, 0x41), Buffer.from(s)])).slice(2)))) return s;
  }
}

describe("detection/encodings: agree with Node's implementations", () => {
  it("UTF-8, base64 (standard, URL-safe, padded or not) and hex on random text, non-ASCII included", () => {
    for (let i = 0; i < 200; i++) {
      const text = crypto.randomBytes(1 + (i % 40)).toString("latin1") + (i % 3 === 0 ? "é€😀" : "");
      const bytes = utf8Bytes(text);
      assert.deepStrictEqual(Buffer.from(bytes), Buffer.from(text, "utf8"));
      assert.strictEqual(base64(bytes), b64(text));
      assert.strictEqual(base64(bytes, true, false), b64url(text));
      assert.strictEqual(hex(bytes), hexOf(text));
    }
  });

  it("the embedded base64 part is found inside base64 of any text that holds the value at that alignment", () => {
    const value = fakeSecret();
    for (let prefix = 0; prefix < 9; prefix++) {
      const encoded = b64("x".repeat(prefix) + value + "tail");
      assert.ok(encoded.includes(base64Inner(utf8Bytes(value), prefix % 3)), `prefix ${prefix}`);
    }
  });
});

describe("detection/multi-pattern: Aho–Corasick", () => {
  it("finds exactly what a naive search finds (overlaps, shared prefixes, case-insensitive patterns)", () => {
    const rnd = (n: number): string => [...crypto.randomBytes(n)].map((b) => "abAB"[b % 4]).join("");
    for (let round = 0; round < 50; round++) {
      const patterns = Array.from({ length: 12 }, (_, i) => ({ text: rnd(1 + (i % 5)), caseInsensitive: i % 3 === 0, value: i }));
      const text = rnd(300);
      const expected: string[] = [];
      for (const p of patterns) {
        const hay = p.caseInsensitive ? text.toLowerCase() : text;
        const needle = p.caseInsensitive ? p.text.toLowerCase() : p.text;
        for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) expected.push(`${p.value}@${at}`);
      }
      const got = new MultiPatternMatcher(patterns).findAll(text).map((h) => `${h.value}@${h.start}`);
      assert.deepStrictEqual(got.sort(), expected.sort());
    }
  });

  it("agrees with a naive search with many branches per node (the build's hash table grows) and non-ASCII code units", () => {
    const alphabet = "abcdefghijkXYZ0\u00e9\u4e2d";
    const rnd = (n: number): string => [...crypto.randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
    for (let round = 0; round < 10; round++) {
      const patterns = Array.from({ length: 400 }, (_, i) => ({ text: rnd(1 + (i % 6)), caseInsensitive: i % 4 === 0, value: i }));
      const text = rnd(2000);
      const expected: string[] = [];
      for (const p of patterns) {
        const hay = p.caseInsensitive ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text;
        const needle = p.caseInsensitive ? p.text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : p.text;
        for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) expected.push(`${p.value}@${at}`);
      }
      const got = new MultiPatternMatcher(patterns).findAll(text).map((h) => `${h.value}@${h.start}`);
      assert.deepStrictEqual(got.sort(), expected.sort());
    }
  });
});

describe("detection/known-secrets: KnownSecretMatcher.combine", () => {
  it("combining per-store matchers matches, reports and redacts exactly as one matcher of all their secrets", () => {
    const stores = Array.from({ length: 4 }, (_, i) => ({ source: `file://./s${i}`, value: fakeSecret([16, 20, 21, 22][i]), clientId: `client-${i}` }));
    const all = new KnownSecretMatcher(stores);
    const combined = KnownSecretMatcher.combine(stores.map((s) => new KnownSecretMatcher([s])));
    assert.equal(combined.secretCount, all.secretCount);
    assert.equal(combined.patternCount, all.patternCount);
    const [a, b, c, d] = stores.map((s) => s.value);
    const texts = [
      "nothing here at all, just ordinary text of some length",
      `${b64(a)} and ${hexOf(b)} and ${rev(c)}`,
      `Basic ${b64(`client-3:${d}`)} ${a.slice(0, 12)} ${uEsc(b)} ${pctAll(c, true)}`,
      `${a}${b}${c}${d}`.toUpperCase(),
    ];
    for (const text of texts) {
      assert.deepStrictEqual(combined.match(text), all.match(text));
      assert.deepStrictEqual(combined.matchAndRedact(text), all.matchAndRedact(text));
    }
  });

  it("a secret in several matchers counts once; one matcher is returned as is; none is empty", () => {
    const s = { source: "file://./same", value: fakeSecret() };
    const one = new KnownSecretMatcher([s]);
    assert.strictEqual(KnownSecretMatcher.combine([one]), one);
    const twice = KnownSecretMatcher.combine([one, new KnownSecretMatcher([s])]);
    assert.equal(twice.secretCount, 1);
    assert.equal(twice.patternCount, one.patternCount);
    assert.deepStrictEqual(twice.match(b64(s.value)), one.match(b64(s.value)));
    assert.ok(KnownSecretMatcher.combine([]).empty);
  });
});

describe("detection/known-secrets: every encoding is caught", () => {
  const secret = secretWithBase64Specials();
  const clientId = "9f1c2e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
  const matcher = new KnownSecretMatcher([{ source: "vault://secret/genesys/ci", value: secret, clientId }]);

  const cases: [string, string, RegExp][] = [
    ["raw, text around it", `export TOKEN=${secret}; run`, /^raw$/],
    ["upper case", secret.toUpperCase(), /case-changed/],
    ["lower case", secret.toLowerCase(), /case-changed/],
    ["reversed", rev(secret), /^reversal$/],
    ["hex lower", hexOf(secret), /hex \(lower case\)/],
    ["hex upper", hexOf(secret).toUpperCase(), /hex \(upper case\)/],
    ["percent, encodeURIComponent", `https://h/cb?secret=${encodeURIComponent(secret)}&x=1`, /percent-encoding|^raw$/],
    ["percent, every byte upper", pctAll(secret, true), /percent-encoding \(every byte, upper-case hex\)/],
    ["percent, every byte lower", pctAll(secret, false), /percent-encoding \(every byte, lower-case hex\)/],
    ["JSON-escaped", JSON.stringify({ a: secret }), /JSON escaping|^raw$/],
    ["\\u escaped lower", uEsc(secret), /\\u escaping \(every character, lower-case hex\)/],
    ["\\u escaped upper", uEsc(secret, true), /\\u escaping \(every character, upper-case hex\)/],
    ["HTTP Basic", `Authorization: Basic ${b64(`${clientId}:${secret}`)}`, /HTTP Basic/],
    ["base64 of base64", b64(b64(secret)), /^base64 \(standard, padded\) of base64 \(standard, padded\)$/],
    ["base64 of hex", b64(hexOf(secret)), /^base64 .* of hex/],
    ["hex of base64", hexOf(b64(secret)), /^hex .* of base64/],
    ["percent of base64", encodeURIComponent(b64(secret)), /^percent-encoding .* of base64/],
    ["JSON-escape of \\u-escaped", JSON.stringify(uEsc(secret)).slice(1, -1), /JSON escaping of \\u escaping/],
    ["base64 of reversed", b64(rev(secret)), /^base64 .* of reversal$/],
    ["reversed base64", rev(b64(secret)), /^reversal of base64/],
    ["url-safe base64 of url-safe base64", b64url(b64url(secret)), /^base64 \((url-safe|standard), (un)?padded\) of base64 \(url-safe, unpadded\)$/],
  ];
  for (const [k, label] of [
    [0, "alignment 0"],
    [1, "alignment 1"],
    [2, "alignment 2"],
  ] as const) {
    const prefix = "P".repeat(k + 3);
    cases.push([`base64 standard inside a longer text, ${label}`, b64(prefix + secret + "suffix"), new RegExp(`base64 \\(standard, ${label}\\)`)]);
    cases.push([`base64 url-safe inside a longer text, ${label}`, b64url(prefix + secret + "suffix"), new RegExp(`base64 \\(url-safe, ${label}\\)`)]);
  }
  cases.push(["base64 standard, padded", b64(secret), /base64 \(standard, padded\)/]);
  cases.push(["base64 standard, unpadded", b64(secret).replace(/=+$/, "") + "!", /base64 \(standard, unpadded\)/]);
  cases.push(["base64 url-safe, padded", b64url(secret) + "=".repeat((4 - (b64url(secret).length % 4)) % 4), /base64 \(url-safe, padded\)/]);

  for (const [name, text, encoding] of cases) {
    it(name, () => {
      const found = matcher.match(text);
      assert.strictEqual(found.length, 1, `not caught: ${name}`);
      assert.strictEqual(found[0].source, "vault://secret/genesys/ci");
      assert.match(found[0].encoding, encoding);
      assertNoFragment([describeKnownMatch(found[0]), matcher.redact(text)], [secret]);
    });
  }

  it("standard and URL-safe base64 differ for this secret (the URL-safe cases are not the standard ones again)", () => {
    for (const k of [0, 1, 2]) assert.notStrictEqual(base64Inner(utf8Bytes(secret), k), base64Inner(utf8Bytes(secret), k, true));
  });

  it("fragments: half the secret (at least 10 characters) is a partial leak; less is not", () => {
    const s = fakeSecret(22);
    const m = new KnownSecretMatcher([{ source: "file://./s", value: s }]);
    const k = fragmentLength(s.length);
    assert.strictEqual(k, 11);
    assert.deepStrictEqual(
      m.match(`first half: ${s.slice(0, 11)}`).map((x) => x.subject),
      ["fragment"],
    );
    assert.deepStrictEqual(
      m.match(`second half: ${s.slice(11)}`).map((x) => x.subject),
      ["fragment"],
    );
    assert.deepStrictEqual(m.match(s.slice(3, 13)), [], "10 characters of a 22-character secret are below the threshold");
    assert.strictEqual(fragmentLength(40), 20);
    assert.strictEqual(fragmentLength(12), 10);
  });

  it("never uses a pattern shorter than 8 characters; short secrets are ignored", () => {
    assert.ok(new KnownSecretMatcher([{ source: "s", value: "short12" }]).empty);
    assert.ok(deriveForms(fakeSecret()).every((f) => f.text.length >= 8));
  });

  it("has no false match on other secrets or ordinary text", () => {
    const m = new KnownSecretMatcher([{ source: "s", value: fakeSecret() }]);
    for (let i = 0; i < 300; i++) {
      const other = fakeSecret();
      assert.deepStrictEqual(m.match(`${other} ${b64(other)} ${hexOf(other)} ${encodeURIComponent(other)}`), []);
    }
  });

  it("redacts every matched span, keeps the rest of the text", () => {
    const text = `urn:pulumi:dev::p::aws:s3/bucket:Bucket::bucket-${secret.toLowerCase()}-logs`;
    const redacted = matcher.redact(text);
    assert.strictEqual(redacted, `urn:pulumi:dev::p::aws:s3/bucket:Bucket::bucket-${REDACTED_SPAN}-logs`);
    assertNoFragment([redacted], [secret, secret.toLowerCase()]);
  });

  it("matches several secrets from several stores in one pass, each reported with its own store", () => {
    const a = fakeSecret();
    const b = fakeSecret(20);
    const m = new KnownSecretMatcher([
      { source: "file://./a", value: a },
      { source: "awssm://b?region=eu-west-1", value: b },
    ]);
    const found = m
      .match(`${b64(a)} and ${hexOf(b)}`)
      .map((x) => `${x.source} ${x.encoding}`)
      .sort();
    assert.deepStrictEqual(found, ["awssm://b?region=eu-west-1 hex (lower case)", "file://./a base64 (standard, padded)"]);
  });
});
