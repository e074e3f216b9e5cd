/**
 * Text encodings a program or a tool may apply to a secret before it reaches state: UTF-8 bytes, base64
 * (standard and URL-safe), hex, percent-encoding, JSON escapes, reversal. Pure functions with no
 * dependency (no Buffer), so that the policy pack compiles them as they are.
 */

/** The UTF-8 bytes of `text` (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Base64 of `bytes`; `urlSafe` uses `-_`, `pad` appends `=`. */
export function base64(bytes: readonly number[], urlSafe = false, pad = true): string {
  const alphabet = urlSafe ? URL_SAFE : STD;
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += alphabet[(n >> (18 - 6 * c)) & 63];
    if (pad) out += "=".repeat(4 - chars);
  }
  return out;
}

/**
 * The part of the base64 encoding of `bytes` that is the same wherever the bytes sit in a longer
 * base64 text, when `alignment` (0, 1 or 2) bytes precede them modulo 3: the characters that depend only
 * on these bytes (never on their neighbours). Empty when the bytes are too few.
 */
export function base64Inner(bytes: readonly number[], alignment: number, urlSafe = false): string {
  const encoded = base64([...new Array<number>(alignment).fill(0), ...bytes], urlSafe, false);
  const start = Math.ceil((8 * alignment) / 6);
  const end = Math.floor((8 * (alignment + bytes.length)) / 6);
  return end > start ? encoded.slice(start, end) : "";
}

/** Hex digits of `bytes`, lower or upper case. */
export function hex(bytes: readonly number[], upper = false): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return upper ? out.toUpperCase() : out;
}

/** Every byte as `%XX` (upper or lower hex digits). */
export function percentEveryByte(bytes: readonly number[], upper = true): string {
  let out = "";
  for (const b of bytes) out += "%" + (upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0");
  return out;
}

/** `encodeURIComponent`, or the original text when it holds a lone surrogate. */
export function percentComponent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The text as inside a JSON string literal (without the quotes). */
export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Every UTF-16 code unit as `\uXXXX` (lower or upper hex digits). */
export function unicodeEscapeAll(text: string, upper = false): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const h = text.charCodeAt(i).toString(16).padStart(4, "0");
    out += "\\u" + (upper ? h.toUpperCase() : h);
  }
  return out;
}

/** The text with its code points in reverse order. */
export function reverse(text: string): string {
  return [...text].reverse().join("");
}
