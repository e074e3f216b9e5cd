/**
 * Reporting: turns detections into text. Only rule ids, paths and evidence are printed — never values.
 */
import type { KnownSecretMatcher } from "./known-secrets";
import { RULES } from "./rules";
import { maskShapedToken } from "./shape";
import type { Detection, DetectionOptions, Severity } from "./types";

/** Severity order, least severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ["low", "medium", "high", "critical"];

/** One line per detection: `[critical genesys-secret-shape] outputs.x: 22-char high-entropy string ...`. */
export function formatDetection(d: Detection): string {
  return `[${d.severity} ${d.ruleId}] ${d.path === "" ? "(root)" : d.path}: ${d.evidence}`;
}

/** The rule description of a detection, for longer reports. */
export function describeRule(ruleId: string): string {
  return RULES[ruleId]?.description ?? ruleId;
}

/** The most severe severity in `detections`, or undefined when empty. */
export function maxSeverity(detections: readonly Detection[]): Severity | undefined {
  let best = -1;
  for (const d of detections) best = Math.max(best, SEVERITY_ORDER.indexOf(d.severity));
  return best < 0 ? undefined : SEVERITY_ORDER[best];
}

/** True when `text` contains `value` (raw or JSON-escaped); tests and callers use it to prove nothing leaked. */
export function textContainsValue(text: string, value: string): boolean {
  if (value.length === 0) return false;
  return text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1));
}

/** Placeholder for a whole token of printed text that is (or holds) a secret. */
export const MASKED_TOKEN = "<masked>";

/** What {@link maskSecretsInText} masks. */
export interface MaskOptions {
  /** Known secrets: every matching span (any encoding, fragments too) becomes `<redacted>`. */
  matcher?: KnownSecretMatcher;
  /** Values known to be secrets (e.g. held by secret-bearing properties): tokens containing one are masked. */
  values?: Iterable<string>;
  /** Also mask tokens shaped like a Genesys client secret (for paths and evidence, which quote property names). */
  byShape?: boolean;
  /** Detection options of the shape check. */
  options?: DetectionOptions;
}

/**
 * Masks what in a printed text (a path, an evidence line, a URN, a violation message) could be a secret:
 * a property name or URN part that is a secret would otherwise be printed as is.
 */
export function maskSecretsInText(text: string, mask: MaskOptions): string {
  let out = mask.matcher ? mask.matcher.redact(text) : text;
  const values = mask.values ? [...mask.values].filter((v) => v.length >= 8) : [];
  if (values.length > 0) {
    out = out.replace(/[A-Za-z0-9_\-+/=~%]{8,}/g, (token) => (values.some((v) => token.includes(v)) ? MASKED_TOKEN : token));
  }
  if (mask.byShape) out = out.replace(/[A-Za-z0-9_-]{8,}/g, (token) => maskShapedToken(token, MASKED_TOKEN, mask.options));
  return out;
}
