/**
 * Reporting: turns detections into text. Only rule ids, paths and evidence are printed — never values.
 */
import { RULES } from "./rules";
import type { Detection, Severity } from "./types";

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
