/**
 * Applies an allowlist (detection/allowlist.ts) to an audit report: accepted findings leave `findings`
 * and are counted in `summary.suppressed`; the counts per severity, rule and input are recomputed.
 */
import * as fs from "fs";
import * as path from "path";
import { ALLOWLIST_FILE, readAllowlistFile, type Allowlist } from "../detection/allowlist";
import type { AuditReport } from "./types";

/** The report without the findings `allowlist` accepts. */
export function applyAllowlist(report: AuditReport, allowlist: Allowlist): AuditReport {
  const kept = report.findings.filter((f) => !allowlist.fingerprints.has(f.fingerprint));
  const count = (key: (f: (typeof kept)[number]) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const f of kept) out[key(f)] = (out[key(f)] ?? 0) + 1;
    return out;
  };
  return {
    findings: kept,
    inputs: report.inputs.map((i) => ({ ...i, findings: kept.filter((f) => f.input === i.input).length })),
    summary: {
      ...report.summary,
      findings: kept.length,
      bySeverity: count((f) => f.severity),
      byRule: count((f) => f.rule),
      suppressed: report.findings.length - kept.length,
      allowlist: allowlist.source,
    },
  };
}

/**
 * The allowlist to use: `file` when given (must be readable), otherwise {@link ALLOWLIST_FILE} in `cwd`
 * when it exists, otherwise none.
 */
export function loadAllowlist(file: string | undefined, cwd: string = process.cwd()): Allowlist | undefined {
  if (file !== undefined) return readAllowlistFile(file);
  const fallback = path.join(cwd, ALLOWLIST_FILE);
  return fs.existsSync(fallback) ? readAllowlistFile(fallback) : undefined;
}
