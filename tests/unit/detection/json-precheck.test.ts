/**
 * The audit's pre-check on an element's bytes (`JsonBytesFilter`, through `MultiPatternMatcher.mayOccurInJsonStrings`
 * and `KnownSecretMatcher.mayOccurInJson`): it may answer true for nothing, but never false where the full search
 * finds something. Checked against the plain automaton (every string, property name and joined string array)
 * and against `scanKnownSecrets` on random documents, escapes and non-ASCII included. Seeded: a failure prints
 * its seed, and GOAG_FUZZ_SEED=<n> replays it.
 */
import * as assert from "assert";
import { KnownSecretMatcher, MultiPatternMatcher, base64, base64Inner, deriveForms, fragmentForms, hex, scanKnownSecrets, utf8Bytes } from "../../../detection";
import { JsonBytesFilter } from "../../../detection/json-prefilter";
import { prng } from "../../support/fixtures/state-builder";

const SEED = Number(process.env.GOAG_FUZZ_SEED ?? Date.now() % 1e9);
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Every string the full search reads in `value`: values, property names, and string arrays joined. */
function texts(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) {
    if (value.length >= 2 && value.every((v) => typeof v === "string")) out.push(value.join(""));
    for (const v of value) texts(v, out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      texts(v, out);
    }
  }
  return out;
}

/** A random document whose strings come from `piece` (JSON.stringify writes the escapes). */
function randomDoc(r: () => number, piece: () => string, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 3 : 6));
  if (k === 0) return piece();
  if (k === 1) return Math.round(r() * 1e6);
  if (k === 2) return r() < 0.5 ? null : true;
  if (k === 3) return Array.from({ length: Math.floor(r() * 6) }, () => (r() < 0.7 ? piece() : randomDoc(r, piece, depth + 1)));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) o[piece()] = randomDoc(r, piece, depth + 1);
  return o;
}

describe("detection: the pre-check on an element's JSON bytes never skips a match", () => {
  it("agrees with the plain automaton on every string, property name and joined string array (random patterns)", () => {
    const r = prng(SEED);
    const alphabet = ["a", "b", "A", "B", "c", '"', "\\", "é", "\n", "😀"];
    const word = (n: number, from: readonly string[]): string => Array.from({ length: n }, () => pick(r, from)).join("");
    let skipped = 0;
    for (let round = 0; round < 400; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(r() * 6) }, (_, i) => ({
        text: word(2 + Math.floor(r() * 4), round % 4 === 0 ? alphabet : alphabet.slice(0, 5)),
        caseInsensitive: i % 2 === 0,
        value: i,
      }));
      const matcher = new MultiPatternMatcher(patterns);
      const pieceAlphabet = round % 3 === 0 ? alphabet : alphabet.slice(0, 5);
      const doc = randomDoc(r, () => word(Math.floor(r() * 7), pieceAlphabet));
      const found = texts(doc).some((t) => matcher.findAll(t).length > 0);
      const json = JSON.stringify(doc, null, round % 2 === 0 ? 2 : undefined);
      const pre = matcher.mayOccurInJsonStrings(Buffer.from(json, "utf8"));
      if (found) assert.ok(pre, `seed ${SEED}, round ${round}: the pre-check skipped a match`);
      if (!pre) skipped++;
    }
    assert.ok(skipped > 40, `seed ${SEED}: the pre-check should skip documents without a match (skipped ${skipped})`);
  });

  it("agrees with scanKnownSecrets on documents holding secrets in every form, split across array elements, or not at all", () => {
    const r = prng(SEED + 1);
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".split("");
    const randomSecret = (): string => Array.from({ length: pick(r, [16, 20, 21, 22]) }, () => pick(r, ALPHABET)).join("");
    let skipped = 0;
    let matched = 0;
    for (let round = 0; round < 150; round++) {
      const secret = round % 10 === 9 ? randomSecret() + "é✓" : randomSecret();
      const matcher = new KnownSecretMatcher([{ source: "file:///stores/x", value: secret, clientId: "b3d9c8e2-5f1a-4c7b" }]);
      const forms = [
        ...deriveForms(secret).map((f) => f.text),
        ...fragmentForms(secret).map((f) => f.text),
        base64(utf8Bytes(`b3d9c8e2-5f1a-4c7b:${secret}`)),
        base64Inner(utf8Bytes(secret), 1, true),
        hex(utf8Bytes(secret), true),
      ];
      const noise = (): string => Array.from({ length: Math.floor(r() * 12) }, () => pick(r, [...ALPHABET, " ", "/", '"', "\\", "é"])).join("");
      const piece = (): string => {
        const x = r();
        if (x < 0.04) return noise() + pick(r, forms) + noise();
        if (x < 0.06) return secret.toUpperCase();
        return noise();
      };
      let doc = randomDoc(r, piece);
      if (round % 5 === 0) doc = { outputs: { chars: secret.split(""), halves: [secret.slice(0, 9), secret.slice(9)], other: doc } };
      if (round % 7 === 0)
        doc = { outputs: { value: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(doc) } } };
      const found = scanKnownSecrets(doc, matcher).length > 0;
      const pre = matcher.mayOccurInJson(Buffer.from(JSON.stringify(doc, null, 4), "utf8"));
      if (found) {
        matched++;
        assert.ok(pre, `seed ${SEED}, round ${round}: the pre-check skipped a known-secret finding`);
      }
      if (!pre) skipped++;
    }
    assert.ok(matched > 20 && skipped > 10, `seed ${SEED}: both kinds of documents are drawn (matched ${matched}, skipped ${skipped})`);
  });

  it("answers false for an empty matcher, true for bytes with a backslash or for a pattern outside ASCII", () => {
    assert.strictEqual(new MultiPatternMatcher<number>([]).mayOccurInJsonStrings(Buffer.from('{"a":"b\\n"}')), false);
    const ascii = new MultiPatternMatcher([{ text: "zzzz", caseInsensitive: false, value: 0 }]);
    assert.strictEqual(ascii.mayOccurInJsonStrings(Buffer.from('{"a":"bcd"}')), false);
    assert.strictEqual(ascii.mayOccurInJsonStrings(Buffer.from('{"a":"b\\"cd"}')), true);
    assert.strictEqual(ascii.mayOccurInJsonStrings(Buffer.from('{"a":["zz","zz"]}')), true);
    assert.strictEqual(ascii.mayOccurInJsonStrings(Buffer.from('{"a":["zz"],"zz":1}')), true, "consecutive strings are read joined");
    const wide = new MultiPatternMatcher([{ text: "zzzé", caseInsensitive: false, value: 0 }]);
    assert.strictEqual(wide.mayOccurInJsonStrings(Buffer.from('{"a":"bcd"}')), true);
  });

  it("is not built beyond its table budget, for patterns outside ASCII, or for a pattern of punctuation only", () => {
    const patterns = ["Basic QWxhZGRpbjpvcGVu", "zr4qmx8plw2tnv6bkc9hsj"];
    const filter = JsonBytesFilter.build(patterns);
    assert.ok(filter);
    assert.strictEqual(filter.mayOccur(Buffer.from('{"h": ["basic", "qwxhzgrp", "bjpvcGVu"]}')), true, "blanks and punctuation are skipped");
    assert.strictEqual(filter.mayOccur(Buffer.from('{"h": "Basic QWxhZGRpbjpvcGV"}')), false);
    assert.strictEqual(JsonBytesFilter.build(patterns, 100), undefined);
    assert.strictEqual(JsonBytesFilter.build(["abcé"]), undefined);
    assert.strictEqual(JsonBytesFilter.build(['", "']), undefined);
  });
});
