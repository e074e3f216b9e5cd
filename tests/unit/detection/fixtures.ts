/**
 * Test fixtures: secret-shaped values made at run time (so no secret-looking literal sits in the repo
 * for scanners to trip on) and helpers that prove no value reached a message.
 */
import * as crypto from "crypto";
import * as assert from "assert";
import { matchSecretShape } from "../../../detection/shape";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * True when `s` meets the shape rule's guaranteed-catch contract (documented in detection/shape.ts), checked
 * here independently of the rule: secret alphabet, both cases and a digit, a letter beyond `f` (not hex),
 * Shannon entropy ≥ 3.5 bits/char, no letter run of 4+ (`abcd`, `Abcd`, `ABCD`), no `sha…-`/`md5-`, date or
 * UUID prefix.
 * Uniformly random 16–22-char strings fail it often (a 4-letter run is common); the rule still catches
 * almost all of those (shape.test.ts measures the miss rate) — but a test asserting an exact count must not
 * depend on a 0.1% chance, which is what made "fails an output under an innocent name" flaky with fakeSecret(16).
 */
export function meetsShapeContract(s: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(s) || !/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/\d/.test(s) || !/[g-zG-Z]/.test(s)) return false;
  if (/[a-z]{4}|[A-Z][a-z]{3}|[A-Z]{4}/.test(s) || /^(sha\d+|md5)[-_]/i.test(s) || /^\d{4}-\d{2}-\d{2}|^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(s)) return false;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const c of counts.values()) bits -= (c / s.length) * Math.log2(c / s.length);
  return bits >= 3.5;
}

/** A random value shaped like a Genesys client secret of `length` characters, re-drawn until it meets {@link meetsShapeContract}. */
export function fakeSecret(length = 22): string {
  for (;;) {
    const s = uniformSecret(length);
    if (/^[A-Za-z0-9]/.test(s) && meetsShapeContract(s)) return s;
  }
}

/** Like {@link fakeSecret}, re-drawn until the shape rule recognises it (a few draws are word-like or low-entropy). */
export function shapedSecret(length = 22): string {
  for (;;) {
    const s = fakeSecret(length);
    if (matchSecretShape(s)) return s;
  }
}

/** A uniformly random string of the Genesys secret alphabet (no re-draw): what the measured catch rate is about. */
export function uniformSecret(length = 22): string {
  const bytes = crypto.randomBytes(length);
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[bytes[i] % ALPHABET.length];
  return s;
}

/** Asserts that none of `texts` contains any of `values`. */
export function assertNoValue(texts: readonly string[], values: readonly string[]): void {
  for (const text of texts) {
    for (const value of values) {
      assert.ok(!text.includes(value), `message leaks a value: ${text.replace(value, "<VALUE>")}`);
    }
  }
}

/** Shortest fragment of a secret that must never be printed (the known-secret fragment length floor). */
export const MIN_PRINTED_FRAGMENT = 10;

/**
 * Asserts that none of `texts` contains any of `values`, nor any fragment of one of at least
 * `minFragment` characters (every window of that length is checked: a longer fragment contains one).
 */
export function assertNoFragment(texts: readonly string[], values: readonly string[], minFragment = MIN_PRINTED_FRAGMENT): void {
  assertNoValue(texts, values);
  for (const value of values) {
    for (let i = 0; i + minFragment <= value.length; i++) {
      const window = value.slice(i, i + minFragment);
      for (const text of texts)
        assert.ok(!text.includes(window), `text holds a ${minFragment}-character fragment of a secret: ${text.split(window).join("<FRAGMENT>")}`);
    }
  }
}
