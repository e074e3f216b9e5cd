/**
 * Splits a text into the tokens the shape rules judge: on URL/JSON/query/header punctuation, after removing
 * the well-known non-secret spans of `shape-rules.ts`, marking credential positions (URL userinfo password,
 * secret-named `key=value` / JSON members / query parameters, `Basic` and `Bearer` credentials), and
 * following base64 / hex / percent-encoded candidates into their decoded text (up to {@link MAX_DECODE_DEPTH}
 * levels: base64 of `id:secret`, double base64, hex of a secret, a fully %-encoded text).
 * Tokens are returned to the caller for judging, never reported.
 */
import { decodeBase64, decodePercent, decodeReversedBase64, decodeRun, decodeUnicodeEscapes, type Encoding } from "./decode";
import { isProviderCredentialKey, isSecretLikeName } from "./rules";
import { JWT_REGISTERED_CLAIMS, mayHoldAnySpan, mayHoldSpan, shapeRulesOf, type TokenContext } from "./shape-rules";
import type { DetectionOptions } from "./types";

/** A token and how it was reached. */
export interface ShapeToken {
  /** The token (kept in memory only; never printed). */
  text: string;
  /** Where it sits. */
  context: TokenContext;
  /** Decodings applied to reach it, outermost first (empty: it is in the text as is). */
  via: Encoding[];
}

/** Levels of decoding followed (base64 of base64, %-encoded base64, ...). */
export const MAX_DECODE_DEPTH = 3;

/** Runs of base64/base64url characters, with `=` padding only at the end of a run. */
const RUNS = /[A-Za-z0-9+/_-]+(?:={1,2}(?=$|[^A-Za-z0-9+/=_-]))?/g;
/** `scheme://user:password@` — the password is a credential position. */
const USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#"']*):([^\s@/?#"']+)@/gi;
/** `Basic <base64 of id:secret>`. */
const BASIC = /\bBasic\s+([A-Za-z0-9+/_-]{8,}={0,2})/gi;
/** `Bearer <token>`. */
const BEARER = /\bBearer\s+([A-Za-z0-9_-]{8,})/gi;
/** A JWT's payload (the second part; the whole token is an exempt span, its claims are judged). */
const JWT_PAYLOAD = /\beyJ[A-Za-z0-9_-]{5,}\.(eyJ[A-Za-z0-9_-]*)\.[A-Za-z0-9_-]*/g;
/** A letters prefix glued to a run (`cache-`, `p-`): the rest is decoded as a whole too. */
const LETTERS_PREFIX = /^[A-Za-z]+[-_]/;
/** `key=value`, `key: value`, `"key":"value"`, `--key value` style assignments (value in the secret alphabet). */
const ASSIGNMENT = /(["']?)([A-Za-z_][\w.-]*)\1\s*(?:[:=]|\s)\s*["']?([A-Za-z0-9_-]{6,})/g;

/** True for a run that is a standard-base64 blob (decoded, never split into tokens), not a path with segments. */
function isBase64Blob(run: string, opts: Required<DetectionOptions>): boolean {
  // `+`/`/` only at the end (`<token>/+`) are punctuation after a token, not base64 spread through a blob.
  const unpadded = run.replace(/=+$/, "");
  const body = unpadded.replace(/[+/]+$/, "");
  if (!/^[A-Za-z0-9+/]+$/.test(body)) return false;
  if (unpadded.length !== run.length) return run.length % 4 === 0; // `=` padding: base64
  if (body.length % 4 === 1) return false;
  if (body.includes("+")) return true;
  if (!body.includes("/") || body.length <= opts.maxLength) return false;
  // A run starting with `/` follows a `scheme:` (`https://host/...`); `//` inside a run is random base64 as often as not.
  if (body.startsWith("/")) return false;
  // A path (`secret/data/ci/<id>`) is mostly word segments; a random blob's segments are random, though a long
  // one now and then has an all-lower-case piece: a path only when at least half the segments read as words.
  const segments = body.split("/");
  const wordy = segments.filter((segment) => /^[a-z][a-z0-9-]*$|^v\d+$/.test(segment)).length;
  return wordy * 2 < segments.length;
}

/** Adds a token, preferring the credential-position version of a duplicate. */
function add(out: Map<string, ShapeToken>, token: ShapeToken): void {
  const key = `${token.text}\u0000${token.via.join(",")}`;
  const existing = out.get(key);
  if (!existing || (token.context.credential && !existing.context.credential)) out.set(key, token);
}

/** Credential-position tokens of the value part `raw` (the leading secret-alphabet run). */
function credentialToken(raw: string, key: string | undefined, via: Encoding[]): ShapeToken | undefined {
  const m = /^[A-Za-z0-9_-]+/.exec(raw);
  return m ? { text: m[0], context: { credential: true, key }, via } : undefined;
}

function extract(text: string, opts: Required<DetectionOptions>, key: string | undefined, via: Encoding[], out: Map<string, ShapeToken>): void {
  const depth = via.length;
  if (depth < MAX_DECODE_DEPTH) {
    const percent = decodePercent(text);
    if (percent !== undefined) extract(percent, opts, key, [...via, "percent"], out);
  }
  if (depth < MAX_DECODE_DEPTH && text.includes("\\u")) {
    const unescaped = decodeUnicodeEscapes(text);
    if (unescaped !== undefined) extract(unescaped, opts, key, [...via, "unicode"], out);
  }
  if (depth < MAX_DECODE_DEPTH && text.includes("eyJ")) jwtClaims(text, opts, via, out);
  // %-escapes are separators in the raw text, except those of base64's own characters (`%2B` `%2F` `%3D`),
  // so that a %-encoded base64 blob stays one blob instead of falling apart into random-looking pieces.
  let stripped = text.includes("%")
    ? text.replace(/%(2[BbFf]|3[Dd])/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/%[0-9A-Fa-f]{2}/g, " ")
    : text;
  if (mayHoldAnySpan(stripped)) {
    for (const rule of shapeRulesOf("exempt-span")) if (rule.pattern && mayHoldSpan(rule, stripped)) stripped = stripped.replace(rule.pattern, " ");
  }
  // Cheap guards first: most strings hold none of these.
  if (stripped.includes("@"))
    for (const m of stripped.matchAll(USERINFO)) {
      const t = credentialToken(m[2], "password", via);
      if (t) add(out, t);
    }
  if (/basic/i.test(stripped))
    for (const m of stripped.matchAll(BASIC)) {
      const decoded = depth < MAX_DECODE_DEPTH ? decodeBase64(m[1], 8) : undefined;
      if (decoded === undefined) continue;
      const colon = decoded.indexOf(":");
      if (colon >= 0) {
        const t = credentialToken(decoded.slice(colon + 1), "password", [...via, "base64"]);
        if (t) add(out, t);
      }
    }
  if (/bearer/i.test(stripped))
    for (const m of stripped.matchAll(BEARER)) {
      const t = credentialToken(m[1], "token", via);
      if (t) add(out, t);
    }
  if (/[:=\s]/.test(stripped))
    for (const m of stripped.matchAll(ASSIGNMENT)) {
      const name = m[2];
      if (!isSecretLikeName(name, opts) && !isProviderCredentialKey(name, opts)) continue;
      const t = credentialToken(m[3], name, via);
      if (t) add(out, t);
    }

  for (const m of stripped.matchAll(RUNS)) {
    const run = m[0];
    if (depth < MAX_DECODE_DEPTH && run.length >= 12) {
      const decoded = decodeRun(run);
      for (const d of decoded) extract(d.text, opts, undefined, [...via, d.encoding], out);
      // A reversed base64 (`reverse(btoa(secret))`; padded, it starts with `=`, outside the run): turned back.
      const reversed = decoded.length === 0 ? decodeReversedBase64(run) : undefined;
      if (reversed !== undefined) extract(reversed, opts, undefined, [...via, "reversed", "base64"], out);
    }
    // `cache-<base64>`, `p-<hex>`: the prefix makes the run undecodable; its rest must still decode to readable text.
    const prefix = run.length >= 12 ? LETTERS_PREFIX.exec(run) : null;
    const rest = prefix ? run.slice(prefix[0].length) : "";
    if (depth < MAX_DECODE_DEPTH && rest.length >= 12) for (const d of decodeRun(rest)) extract(d.text, opts, undefined, [...via, d.encoding], out);
    if (isBase64Blob(run, opts) || (rest !== "" && isBase64Blob(rest, opts))) continue; // a prefixed blob is a blob too
    for (const piece of run.replace(/=+$/, "").split(/[+/]/)) {
      if (piece.length >= opts.minLength && piece.length <= opts.maxLength) add(out, { text: piece, context: { credential: false, key }, via });
    }
  }
}

/**
 * The claims of every JWT in `text`: the payload decoded, each string claim other than the registered ones
 * (ids, times, hashes: {@link JWT_REGISTERED_CLAIMS}) tokenised under its claim name; nested objects one level.
 */
function jwtClaims(text: string, opts: Required<DetectionOptions>, via: Encoding[], out: Map<string, ShapeToken>): void {
  for (const m of text.matchAll(JWT_PAYLOAD)) {
    const json = decodeBase64(m[1], 4);
    if (json === undefined) continue;
    let payload: unknown;
    try {
      payload = JSON.parse(json);
    } catch {
      continue;
    }
    const visit = (record: unknown, nested: boolean): void => {
      if (typeof record !== "object" || record === null || Array.isArray(record)) return;
      for (const [claim, value] of Object.entries(record as Record<string, unknown>)) {
        if (JWT_REGISTERED_CLAIMS.has(claim)) continue;
        if (typeof value === "string") {
          const secretNamed = isSecretLikeName(claim, opts);
          if (value.length >= opts.minLength && value.length <= opts.maxLength && /^[A-Za-z0-9_-]+$/.test(value))
            add(out, { text: value, context: { credential: secretNamed, key: claim, fragment: false }, via: [...via, "jwt"] }); // a whole claim value
          else extract(value, opts, claim, [...via, "jwt"], out);
        } else if (!nested) visit(value, true);
      }
    };
    visit(payload, false);
  }
}

/**
 * Every candidate token of `text` (held under property `key`, when known), decoded candidates included.
 * Only tokens of a secret's possible length are returned.
 */
export function tokenize(text: string, options: Required<DetectionOptions>, key?: string): ShapeToken[] {
  // Nothing shorter than the shortest secret can hold one, verbatim or encoded (encodings only grow).
  if (text.length < options.minLength) return [];
  const out = new Map<string, ShapeToken>();
  extract(text, options, key, [], out);
  return [...out.values()];
}
