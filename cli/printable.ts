/**
 * Text from outside (client names chosen by whoever created the client in Genesys) made safe to print in
 * text and JSON output: control characters are removed — C0 (CR, LF, ESC...), DEL, C1 (including the
 * one-byte CSI U+009B, which JSON.stringify leaves raw), line/paragraph separators and bidirectional
 * overrides/isolates — so a name cannot move the cursor, recolour, rewrite or reorder a terminal or CI log.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control characters. */
export function printable(text: string): string {
  return text.replace(CONTROL, "");
}
