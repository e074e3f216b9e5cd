/**
 * Test fixtures: secret-shaped values made at run time (so no secret-looking literal sits in the repo
 * for scanners to trip on) and helpers that prove no value reached a message.
 */
import * as crypto from "crypto";
import * as assert from "assert";
import { matchSecretShape } from "../../../detection/shape";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A random value shaped like a Genesys client secret of `length` characters (re-drawn until it has both cases and a digit). */
export function fakeSecret(length = 22): string {
  for (;;) {
    const bytes = crypto.randomBytes(length);
    let s = "";
    for (let i = 0; i < length; i++) s += ALPHABET[bytes[i] % ALPHABET.length];
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) && /^[A-Za-z0-9]/.test(s)) return s;
  }
}

/** Like {@link fakeSecret}, re-drawn until the shape rule recognises it (a few draws are word-like or low-entropy). */
export function shapedSecret(length = 22): string {
  for (;;) {
    const s = fakeSecret(length);
    if (matchSecretShape(s)) return s;
  }
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
      for (const text of texts) assert.ok(!text.includes(window), `text holds a ${minFragment}-character fragment of a secret: ${text.split(window).join("<FRAGMENT>")}`);
    }
  }
}
