/**
 * `audit merge`: joins the reports of sharded audits (`--shard i/n`, JSON or SARIF) into one report, printed
 * in any format with the audit's exit-code rules. JSON reports merge exactly: findings and inputs are
 * concatenated (a backend that could not be listed, reported by every shard, once), counts recomputed.
 * SARIF logs carry findings and input errors but no per-input counts: inputs merged from SARIF are their
 * errors only, and resources/bytes count 0 for them.
 *
 * `secretsSharedAcrossStacks` is the sum of the shards' values: each shard sees only its own stacks (the
 * values are never written to a report, so sharing across shards cannot be detected afterwards).
 * `seconds` is the longest shard's (they run in parallel) and `mbPerSecond` all bytes over that time.
 */
import * as fs from "fs";
import { fileURLToPath } from "url";
import type * as Sarif from "sarif";
import { GuardError } from "../core/errors";
import { findingFingerprint } from "../detection/allowlist";
import type { DetectionKind, Severity } from "../detection/types";
import type { AuditFinding, AuditReport, AuditSummary, InputSummary } from "./types";

/** A report read from a file. */
export interface LoadedReport {
  file: string;
  format: "json" | "sarif";
  report: AuditReport;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** An audit JSON report (`--format json`), checked field by field. */
function fromJson(doc: Record<string, unknown>, file: string): AuditReport {
  if (!Array.isArray(doc.findings) || !Array.isArray(doc.inputs) || !isRecord(doc.summary)) {
    throw new GuardError("cli.usage", `${file} is not an audit report (JSON from --format json, or SARIF from --format sarif)`);
  }
  const findings: AuditFinding[] = doc.findings.filter(isRecord).map((f) => ({
    rule: str(f.rule),
    severity: str(f.severity) as Severity,
    stack: str(f.stack),
    urn: str(f.urn),
    path: str(f.path),
    evidence: str(f.evidence),
    kind: str(f.kind) as DetectionKind | "stored-secret",
    input: str(f.input),
    ...(typeof f.line === "number" ? { line: f.line } : {}),
    fingerprint: str(f.fingerprint) || findingFingerprint(str(f.rule), str(f.urn), str(f.path)),
  }));
  const inputs: InputSummary[] = doc.inputs.filter(isRecord).map((i) => ({
    input: str(i.input),
    kind: (str(i.kind) || "unknown") as InputSummary["kind"],
    ...(typeof i.stack === "string" ? { stack: i.stack } : {}),
    ...(typeof i.version === "number" ? { version: i.version } : {}),
    ...(isRecord(i.terraform)
      ? {
          terraform: {
            shape: i.terraform.shape === "show-json" ? ("show-json" as const) : ("state" as const),
            formatVersion: str(i.terraform.formatVersion),
            ...(typeof i.terraform.terraformVersion === "string" ? { terraformVersion: i.terraform.terraformVersion } : {}),
            genesysResources: num(i.terraform.genesysResources),
          },
        }
      : {}),
    resources: num(i.resources),
    bytes: num(i.bytes),
    findings: num(i.findings),
    ...(typeof i.error === "string" ? { error: i.error } : {}),
  }));
  const s = doc.summary;
  return {
    findings,
    inputs,
    summary: {
      ...summarize(findings, inputs),
      resources: num(s.resources),
      bytes: num(s.bytes),
      secretsSharedAcrossStacks: num(s.secretsSharedAcrossStacks),
      seconds: num(s.seconds),
      mbPerSecond: num(s.mbPerSecond),
    },
  };
}

/** The audit input a SARIF artifact URI stands for (the inverse of report.ts's artifact URI). */
function inputOfUri(uri: string): string {
  if (uri.startsWith("file://")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

/** A SARIF 2.1.0 log written by `audit --format sarif`. */
function fromSarif(log: Sarif.Log, file: string): AuditReport {
  const findings: AuditFinding[] = [];
  const inputs: InputSummary[] = [];
  for (const run of log.runs ?? []) {
    for (const r of run.results ?? []) {
      const p = isRecord(r.properties) ? r.properties : {};
      const physical = r.locations?.[0]?.physicalLocation;
      const urn = str(p.urn);
      const path = str(p.path);
      const suffix = ` (${path} of ${urn === "" ? "the stack config" : urn})`;
      const text = r.message?.text ?? "";
      findings.push({
        rule: r.ruleId ?? "",
        severity: str(p.severity) as Severity,
        stack: str(p.stack),
        urn,
        path,
        evidence: text.endsWith(suffix) ? text.slice(0, -suffix.length) : text,
        kind: str(p.kind) as DetectionKind | "stored-secret",
        input: inputOfUri(physical?.artifactLocation?.uri ?? file),
        ...(physical?.region?.startLine !== undefined ? { line: physical.region.startLine } : {}),
        fingerprint: str(r.partialFingerprints?.["genesysOauthGuardAllowlist/v1"]) || findingFingerprint(r.ruleId ?? "", urn, path),
      });
    }
    for (const inv of run.invocations ?? []) {
      for (const n of inv.toolExecutionNotifications ?? []) {
        const text = n.message?.text ?? "";
        const at = text.indexOf(": ");
        inputs.push({
          input: at > 0 ? text.slice(0, at) : file,
          kind: "unknown",
          resources: 0,
          bytes: 0,
          findings: 0,
          error: at > 0 ? text.slice(at + 2) : text,
        });
      }
    }
  }
  return { findings, inputs, summary: summarize(findings, inputs) };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Counts derived from findings and inputs (resources, bytes, seconds left at what the inputs say). */
function summarize(findings: readonly AuditFinding[], inputs: readonly InputSummary[]): AuditSummary {
  return {
    inputs: inputs.length,
    inputErrors: inputs.filter((i) => i.error !== undefined).length,
    resources: inputs.reduce((n, i) => n + i.resources, 0),
    bytes: inputs.reduce((n, i) => n + i.bytes, 0),
    findings: findings.length,
    bySeverity: countBy(findings, (f) => f.severity),
    byRule: countBy(findings, (f) => f.rule),
    secretsSharedAcrossStacks: 0,
    seconds: 0,
    mbPerSecond: 0,
  };
}

/** Parses the text of a JSON report or a SARIF log. */
export function parseReport(text: string, file: string): LoadedReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new GuardError("cli.usage", `${file} is not JSON: give reports written by audit --format json or --format sarif`);
  }
  if (isRecord(doc) && typeof doc.version === "string" && Array.isArray(doc.runs))
    return { file, format: "sarif", report: fromSarif(doc as unknown as Sarif.Log, file) };
  if (isRecord(doc)) return { file, format: "json", report: fromJson(doc, file) };
  throw new GuardError("cli.usage", `${file} is not an audit report`);
}

/** Reads a report file (`-` is not supported: shards write files). */
export function readReportFile(file: string): LoadedReport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new GuardError("cli.usage", `cannot read report ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return parseReport(text, file);
}

/** Joins shard reports into one (see the module comment for what each summary field becomes). */
export function mergeReports(reports: readonly AuditReport[]): AuditReport {
  const findings = reports.flatMap((r) => r.findings);
  const seenErrors = new Set<string>();
  const inputs: InputSummary[] = [];
  for (const i of reports.flatMap((r) => r.inputs)) {
    if (i.error !== undefined) {
      // A backend that could not be listed is reported by every shard: once here.
      const key = `${i.input}\u0000${i.error}`;
      if (seenErrors.has(key)) continue;
      seenErrors.add(key);
    }
    inputs.push(i);
  }
  const base = summarize(findings, inputs);
  const seconds = Math.max(0, ...reports.map((r) => r.summary.seconds));
  // Resources and bytes: the shards' own summaries (SARIF-derived ones count 0).
  const resources = reports.reduce((n, r) => n + r.summary.resources, 0);
  const bytes = reports.reduce((n, r) => n + r.summary.bytes, 0);
  return {
    findings,
    inputs,
    summary: {
      ...base,
      resources,
      bytes,
      secretsSharedAcrossStacks: reports.reduce((n, r) => n + r.summary.secretsSharedAcrossStacks, 0),
      seconds,
      mbPerSecond: seconds > 0 ? Math.round((bytes / 1e6 / seconds) * 10) / 10 : 0,
    },
  };
}

/**
 * The audit's exit code for a report: 2 when nothing could be read, 1 for findings or unread inputs, else 0.
 * `inputsKnown` is false when some report was SARIF (which lists only the inputs that failed): "nothing could
 * be read" cannot be told then, and failed inputs give 1.
 */
export function exitCodeOf(report: AuditReport, inputsKnown = true): number {
  if (inputsKnown && report.findings.length === 0 && report.inputs.length > 0 && report.summary.inputErrors === report.inputs.length) return 2;
  return report.findings.length > 0 || report.summary.inputErrors > 0 ? 1 : 0;
}
