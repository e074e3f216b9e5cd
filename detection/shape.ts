/**
 * Value-shape detection: does a string look like a Genesys client secret, or contain one (inside a URL,
 * a query string, a header, stringified JSON, a base64/hex/%-encoded text)? Genesys secrets are 20–22
 * (older: 16) random characters of [A-Za-z0-9_-]. The criteria and the exempt formats are the data table
 * of `shape-rules.ts`; tokenising and decoding are in `tokenize.ts` / `decode.ts`.
 *
 * Guaranteed catch (tests rely on it, see tests/unit/detection/fixtures.ts): a value of an allowed length,
 * of the secret alphabet, with both cases, Shannon entropy ≥ 3.5 and no letter run (`Abcd`, `ABCD`, `abcd`)
 * of 4 or more letters is always matched. Uniformly random values are matched with a measured miss rate
 * below 0.1% at 20–22 characters (tests/unit/detection/shape.test.ts prints it).
 */
import { resolveOptions } from "./rules";
import { SHAPE_RULES, mayHoldAnySpan, mayHoldSpan, namePrefixRests, shapeRulesOf, type TokenContext } from "./shape-rules";
import { shannonEntropy } from "./entropy";
import { tokenize } from "./tokenize";
import { decodeBase64, decodeHex, type Encoding } from "./decode";
import type { DetectionOptions } from "./types";

/** What the shape check measured; safe to print (no value, only measurements). */
export interface ShapeMatch {
  /** Length of the value in characters. */
  length: number;
  /** Shannon entropy in bits per character, rounded to one decimal. */
  entropy: number;
}

/** A secret-shaped token found inside a text: measurements and how it was reached, never the token. */
export interface ShapedToken {
  match: ShapeMatch;
  /** Decodings applied to reach it (empty: verbatim in the text). */
  via: Encoding[];
  /** Found in a credential position (URL password, secret-named parameter, Basic/Bearer credential). */
  credential: boolean;
}

const NO_CONTEXT: TokenContext = { credential: false };

/**
 * Returns the measurements when `value` is shaped like a Genesys client secret, otherwise undefined.
 * `context` tells where the value sits (a credential position relaxes the mixed-case rule; the property
 * name drives the nanoid/nonce exemptions).
 */
export function matchSecretShape(value: string, options?: DetectionOptions, context: TokenContext = NO_CONTEXT): ShapeMatch | undefined {
  const opts = resolveOptions(options);
  for (const rule of SHAPE_RULES) {
    if (context.credential && rule.appliesInCredentialPosition === false) continue;
    if (rule.kind === "require") {
      if (rule.test && !rule.test(value, opts, context)) return undefined;
    } else if (rule.kind === "exempt-token") {
      if (rule.pattern?.test(value)) return undefined;
    } else if (rule.kind === "exempt-key") {
      if (rule.test?.(value, opts, context)) return undefined;
    }
  }
  const entropy = shannonEntropy(value);
  return { length: value.length, entropy: Math.round(entropy * 10) / 10 };
}

/**
 * A printed token (of a URN, a path, a message) with what is secret-shaped in it replaced by `placeholder`: the
 * whole token, or the rest after a word prefix (`param-<masked>`, as names are judged: shape-rules.ts).
 */
export function maskShapedToken(token: string, placeholder: string, options?: DetectionOptions): string {
  if (matchSecretShape(token, options)) return placeholder;
  for (const rest of namePrefixRests(token)) {
    if (matchSecretShape(rest, options, { credential: false, fragment: true })) return token.slice(0, token.length - rest.length) + placeholder;
  }
  return token;
}

/** True when the whole value is one well-known non-secret format (a PEM block, a JWT, a store reference, ...). */
export function isExemptFormat(value: string): boolean {
  const v = value.trim();
  if (v === "" || !mayHoldAnySpan(v)) return false;
  return shapeRulesOf("exempt-span").some((r) => r.pattern !== undefined && mayHoldSpan(r, v) && v.replace(r.pattern, "").trim() === "");
}

/**
 * Every secret-shaped token inside `text` (held under property `key`), decoded candidates included,
 * except a token equal to the whole text (that is the whole-value rule's business).
 */
export function findShapedTokens(text: string, options?: DetectionOptions, key?: string): ShapedToken[] {
  const opts = resolveOptions(options);
  const out: ShapedToken[] = [];
  for (const token of tokenize(text, opts, key)) {
    if (token.via.length === 0 && token.text === text && !token.context.credential) continue;
    const match = matchSecretShape(token.text, opts, { ...token.context, fragment: token.context.fragment ?? true });
    if (match) out.push({ match, via: token.via, credential: token.context.credential });
  }
  return out;
}

/**
 * The whole value hex- or base64-decoded (surrounding quotes dropped, as an ETag has them) and judged, for a
 * property that is otherwise never judged (a fingerprint name: `digest`, `hash`): a real digest decodes to
 * binary and is dropped; a hex or base64 of a secret decodes to a secret-shaped text.
 */
export function findEncodedWholeValue(value: string, options?: DetectionOptions, key?: string): ShapedToken | undefined {
  const opts = resolveOptions(options);
  const v = value.trim().replace(/^"(.*)"$/, "$1");
  if (v.length < 2 * opts.minLength - 8) return undefined; // the base64 of the shortest secret is 24 characters
  const hex = decodeHex(v);
  const text = hex ?? decodeBase64(v);
  if (text === undefined) return undefined;
  const encoding: Encoding = hex !== undefined ? "hex" : "base64";
  const whole = matchSecretShape(text, opts, { credential: false, key });
  if (whole) return { match: whole, via: [encoding], credential: false };
  const inner = findShapedTokens(text, opts, key)[0];
  return inner ? { ...inner, via: [encoding, ...inner.via] } : undefined;
}

/** Every token of secret shape inside a longer text (scripts, command lines), with its measurements. */
export function findSecretShapedTokens(text: string, options?: DetectionOptions): ShapeMatch[] {
  return findShapedTokens(text, options).map((t) => t.match);
}

/** Describes a shape match without the value: `22-char high-entropy string (entropy 4.3)`. */
export function describeShape(match: ShapeMatch): string {
  return `${match.length}-char high-entropy string (entropy ${match.entropy.toFixed(1)})`;
}

/** Describes a token found in a text: `22-char high-entropy string (entropy 4.3), base64-decoded, in a credential position`. */
export function describeShapedToken(token: ShapedToken): string {
  const via = token.via.length > 0 ? `, ${token.via.map((e) => `${e}-decoded`).join(" then ")}` : "";
  const where = token.credential ? ", in a credential position" : "";
  return `${describeShape(token.match)}${via}${where}`;
}
