/**
 * Decoding of encoded candidates inside texts: base64 (standard and URL alphabets), hex and percent-encoding.
 * A decoding counts only when it yields readable text (printable ASCII/UTF-8): random bytes — a hash, a
 * nonce, a certificate's DER, a secret that merely *looks* like base64 — decode to binary and are dropped.
 * Pure functions; the decoded text is returned to the caller for scanning and never reported.
 */

/**
 * How a text was obtained from its parent: a decoding, `unicode` (`\uXXXX` escapes undone), `reversed`
 * (a reversed text turned back, e.g. a reversed padded base64), `jwt` (a claim of a JWT's payload).
 */
export type Encoding = "base64" | "hex" | "percent" | "unicode" | "reversed" | "jwt";

/** One decoded candidate. */
export interface Decoded {
  encoding: Encoding;
  text: string;
}

/** Shortest encoded run worth decoding (base64 of a 16-char secret is 24 chars; of `id:secret` longer). */
const MIN_ENCODED = 20;

/** True when `text` is readable: printable ASCII (plus tab/newline) and at least 6 characters. */
export function isReadableText(text: string): boolean {
  if (text.length < 6) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** Values of base64 (both alphabets) characters; -1 for others. */
const B64_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) table[std.charCodeAt(i)] = i;
  table[45] = 62; // '-'
  table[95] = 63; // '_'
  return table;
})();

/** True when the first 6 decoded bytes of a base64 run are printable (a cheap test before decoding it all). */
function startsReadable(run: string): boolean {
  for (let q = 0; q + 4 <= Math.min(run.length, 8); q += 4) {
    const v =
      (B64_VALUE[run.charCodeAt(q)] << 18) |
      (B64_VALUE[run.charCodeAt(q + 1)] << 12) |
      (B64_VALUE[run.charCodeAt(q + 2)] << 6) |
      B64_VALUE[run.charCodeAt(q + 3)];
    for (const byte of [(v >> 16) & 255, (v >> 8) & 255, v & 255]) if (!(byte >= 32 && byte <= 126) && byte !== 9 && byte !== 10 && byte !== 13) return false;
  }
  return true;
}

/** Base64 (standard or URL alphabet, padded or not) of readable text, or undefined (runs shorter than `minLength` too). */
export function decodeBase64(run: string, minLength = MIN_ENCODED): string | undefined {
  if (run.length < minLength || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(run)) return undefined;
  const body = run.replace(/=+$/, "");
  if (body.length % 4 === 1 || !startsReadable(body)) return undefined;
  if (/[+/]/.test(body) && /[_-]/.test(body)) return undefined; // mixed alphabets: not base64
  const text = Buffer.from(body.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
  return isReadableText(text) ? text : undefined;
}

/** Hex (even length) of readable text, or undefined. */
export function decodeHex(run: string): string | undefined {
  if (run.length < 2 * 6 || run.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(run)) return undefined;
  const text = Buffer.from(run, "hex").toString("latin1");
  return isReadableText(text) ? text : undefined;
}

/** Percent-decodes every `%XX` of a text that has at least one; undefined when nothing changes or it is not readable. */
export function decodePercent(text: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c > 255 ? 63 : c);
  }
  const out = Buffer.from(bytes).toString("latin1");
  return out !== text && isReadableText(out) ? out : undefined;
}

/** Every readable decoding of one encoded-looking run (a maximal run of base64/hex characters). */
export function decodeRun(run: string): Decoded[] {
  const out: Decoded[] = [];
  const hex = decodeHex(run);
  if (hex !== undefined) out.push({ encoding: "hex", text: hex });
  const b64 = hex === undefined ? decodeBase64(run) : undefined;
  if (b64 !== undefined) out.push({ encoding: "base64", text: b64 });
  return out;
}

/** A `\uXXXX` escape (JSON/JS style) written into a value as text. */
const UNICODE_ESCAPE = /\\u([0-9A-Fa-f]{4})/g;

/**
 * Undoes every `\uXXXX` escape of a text that has at least one (a value escaped twice over, e.g. by a
 * templating step): undefined when nothing changes or the result is not readable.
 */
export function decodeUnicodeEscapes(text: string): string | undefined {
  if (!text.includes("\\u")) return undefined;
  const out = text.replace(UNICODE_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out !== text && isReadableText(out) ? out : undefined;
}

/**
 * A reversed base64 text turned back and decoded: `==…`/`=…` (a reversed padded base64: the padding comes
 * first) or a bare run whose reversal decodes. Undefined unless the reversal decodes to readable text — as
 * for any base64, random bytes (a blob, a hash) decode to binary, reversed or not, and are dropped.
 */
export function decodeReversedBase64(run: string, minLength = MIN_ENCODED): string | undefined {
  const body = run.replace(/^={1,2}/, "");
  if (body.length < minLength || !/^[A-Za-z0-9+/_-]+$/.test(body)) return undefined;
  // Cheap test on what would be the first decoded bytes before reversing a long run.
  const head = [...body.slice(-8)].reverse().join("");
  if (!startsReadable(head)) return undefined;
  return decodeBase64([...body].reverse().join(""), minLength);
}
