/**
 * Value-shape detection: does a string look like a Genesys client secret?
 * Genesys secrets are 20–22 (older: 16) random characters; random means mixed case, no words, high entropy.
 */
import { shannonEntropy } from "./entropy";
import { resolveOptions } from "./rules";
import type { DetectionOptions } from "./types";

/** What the shape check measured; safe to print (no value, only measurements). */
export interface ShapeMatch {
  /** Length of the value in characters. */
  length: number;
  /** Shannon entropy in bits per character, rounded to one decimal. */
  entropy: number;
}

/** Characters a secret-shaped value may consist of. */
const SECRET_CHARSET = /^[A-Za-z0-9_\-+/=]+$/;
/** Token separator inside texts: anything that cannot be part of a secret token. */
const TOKEN_SPLIT = /[^A-Za-z0-9_-]+/;

/** True for values that have the charset but are well-known non-secrets. */
function isExcludedShape(value: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(value)) return true; // hex: hashes, ids, commit shas
  if (/^[0-9+\-/=_]+$/.test(value)) return true; // numbers, dates without separators
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return true; // ISO dates
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(value)) return true; // UUID prefixes
  if (/^(sha\d+|md5)[-_]/i.test(value)) return true; // fingerprints with a prefix
  if (/^[A-Z0-9_]+$/.test(value)) return true; // CONSTANT_NAMES and upper-case ids (AWS key ids are not Genesys secrets)
  if (/^[a-z0-9_\-]+$/.test(value)) return true; // lower-case identifiers, kebab names with random suffixes
  return false;
}

/**
 * True when a value reads like words (`ProductionOAuthClient`, `my-Service_Name`): counts the runs of
 * letters of one case and of digits; words give few long runs, random text many short ones.
 */
function isWordLike(value: string): boolean {
  const runs = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  return runs.length <= Math.floor(value.length / 4);
}

/** Returns the measurements when `value` is shaped like a Genesys client secret, otherwise undefined. */
export function matchSecretShape(value: string, options?: DetectionOptions): ShapeMatch | undefined {
  const opts = resolveOptions(options);
  const length = value.length;
  if (length < opts.minLength || length > opts.maxLength) return undefined;
  if (opts.lengths.length > 0 && !opts.lengths.includes(length)) return undefined;
  if (!SECRET_CHARSET.test(value)) return undefined;
  if (isExcludedShape(value)) return undefined;
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value)) return undefined;
  if (isWordLike(value)) return undefined;
  const entropy = shannonEntropy(value);
  if (entropy < opts.entropyThreshold) return undefined;
  return { length, entropy: Math.round(entropy * 10) / 10 };
}

/** Every token of secret shape inside a longer text (scripts, command lines), with its measurements. */
export function findSecretShapedTokens(text: string, options?: DetectionOptions): ShapeMatch[] {
  const out: ShapeMatch[] = [];
  for (const token of text.split(TOKEN_SPLIT)) {
    if (token.length === 0 || token === text) continue;
    const match = matchSecretShape(token, options);
    if (match) out.push(match);
  }
  return out;
}

/** Describes a shape match without the value: `22-char high-entropy string (entropy 4.3)`. */
export function describeShape(match: ShapeMatch): string {
  return `${match.length}-char high-entropy string (entropy ${match.entropy.toFixed(1)})`;
}
