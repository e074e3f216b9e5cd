/**
 * Output formats of the audit: a table for people, JSON with a stable schema for scripts, SARIF 2.1.0 for
 * code-scanning upload. Everything printed comes from findings, whose evidence never holds a value.
 */
import * as path from "path";
import { pathToFileURL } from "url";
import type * as Sarif from "sarif";
import { packageVersion } from "../core/package-info";
import { SEVERITY_ORDER } from "../detection/report";
import type { Severity } from "../detection/types";
import { REMEDIATION, allRules } from "./rules";
import type { AuditFinding, AuditReport } from "./types";

/** Output formats. */
export type AuditFormat = "table" | "json" | "sarif";

/** Every output format, for validation and `--help`. */
export const AUDIT_FORMATS: readonly AuditFormat[] = ["table", "json", "sarif"];

/** The JSON report: `{"findings":[{rule, severity, stack, urn, path, evidence, ...}], "summary": {...}, "inputs": [...]}`. */
export function formatJson(report: AuditReport): string {
  const findings = report.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    stack: f.stack,
    urn: f.urn,
    path: f.path,
    evidence: f.evidence,
    kind: f.kind,
    input: f.input,
    ...(f.line !== undefined ? { line: f.line } : {}),
    fingerprint: f.fingerprint,
  }));
  return JSON.stringify({ findings, summary: report.summary, inputs: report.inputs }, null, 2) + "\n";
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(1, width - 1)) + "…";
}

/** One line per Terraform state that holds no Genesys resource: audited all the same, but worth saying (a wrong file?). */
function terraformNotes(report: AuditReport): string[] {
  return report.inputs
    .filter((i) => i.error === undefined && i.terraform?.genesysResources === 0)
    .map((i) => `Terraform state ${i.input} has no Genesys resources (no genesyscloud_* resource); every attribute and output was audited all the same.`);
}

/** A plain-text table (stack, urn, path, rule, severity, evidence), most severe first. */
export function formatTable(report: AuditReport, width = Number.POSITIVE_INFINITY): string {
  const errors = report.inputs.filter((i) => i.error !== undefined).map((i) => `Not read: ${i.input}: ${i.error}`);
  const notes = terraformNotes(report);
  if (report.findings.length === 0) {
    // "No findings." would read as a clean bill of health; say what was (not) audited instead.
    const read = report.inputs.length - errors.length;
    const head =
      errors.length === 0
        ? "No findings."
        : read === 0
          ? "Nothing was audited: no input could be read."
          : `No findings in the ${read} input(s) that could be read.`;
    const suppressed = report.summary.suppressed ? [`(${report.summary.suppressed} suppressed by ${report.summary.allowlist})`] : [];
    return [head, ...suppressed, ...notes, ...errors].join("\n") + "\n";
  }
  const sorted = [...report.findings].sort((a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity));
  const header = ["STACK", "URN", "PATH", "RULE", "SEVERITY", "FINGERPRINT", "EVIDENCE"];
  const rows = sorted.map((f) => [f.stack, f.urn === "" ? "(config)" : f.urn, f.path, f.rule, f.severity, f.fingerprint, f.evidence]);
  const caps = [30, 90, 50, 40, 8, 32, Number.POSITIVE_INFINITY];
  const widths = header.map((h, i) => Math.min(caps[i], Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) =>
        i === cells.length - 1
          ? truncate(c, Math.max(20, width - widths.slice(0, -1).reduce((a, b) => a + b + 2, 0)))
          : truncate(c, widths[i]).padEnd(widths[i]),
      )
      .join("  ")
      .trimEnd();
  const inputs = new Set(report.findings.map((f) => f.input));
  const lines = [line(header), ...rows.map(line)];
  if (inputs.size > 1) lines.push("", `Findings come from ${inputs.size} inputs; use --format json to see which.`);
  if (report.summary.suppressed) lines.push("", `${report.summary.suppressed} suppressed by ${report.summary.allowlist}.`);
  if (notes.length > 0) lines.push("", ...notes);
  if (errors.length > 0) lines.push("", ...errors);
  return lines.join("\n") + "\n";
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: "error", high: "error", medium: "warning", low: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function artifactUri(f: AuditFinding, cwd: string): string {
  if (f.input.startsWith("pulumi stack export")) return `pulumi-stack/${f.stack.replace(/[^\w./-]/g, "_")}.json`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f.input)) return f.input; // an object of a backend (s3://bucket/key)
  const abs = path.resolve(cwd, f.input);
  const rel = path.relative(cwd, abs);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  return pathToFileURL(abs).href;
}

/** SARIF 2.1.0: rules with ids, descriptions and help; results located in the input file (line of the resource) and logically at urn + path. */
export function formatSarif(report: AuditReport, cwd: string = process.cwd()): string {
  const catalogue = allRules();
  const ruleIds = Object.keys(catalogue);
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const rule = catalogue[id];
    const help = REMEDIATION[id] ?? rule.description;
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: rule.description },
      fullDescription: { text: rule.description },
      help: { text: help, markdown: `**${rule.description}**\n\n${help}` },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: {
        tags: ["security", "secrets", "pulumi", "genesys-cloud"],
        "security-severity": SECURITY_SEVERITY[rule.severity],
        precision: rule.kind === "shape" ? "medium" : "high",
      },
    };
  });
  const results: Sarif.Result[] = report.findings.map((f) => {
    const ruleIndex = ruleIds.indexOf(f.rule);
    const logical = f.urn === "" ? `config#${f.path}` : `${f.urn}#${f.path}`;
    const result: Sarif.Result = {
      ruleId: f.rule,
      level: LEVEL[f.severity],
      message: { text: `${f.evidence} (${f.path} of ${f.urn === "" ? "the stack config" : f.urn})` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(f, cwd) }, ...(f.line !== undefined ? { region: { startLine: f.line } } : {}) },
          logicalLocations: [{ fullyQualifiedName: logical, name: f.path, kind: "resource" }],
        },
      ],
      partialFingerprints: { "genesysOauthGuard/v1": `${f.rule}|${f.stack}|${f.urn}|${f.path}`, "genesysOauthGuardAllowlist/v1": f.fingerprint },
      properties: { stack: f.stack, urn: f.urn, path: f.path, severity: f.severity, kind: f.kind },
    };
    if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
    return result;
  });
  const log: Sarif.Log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "genesys-oauth-guard",
            informationUri: "https://github.com/genesys-oauth-guard/genesys-oauth-guard",
            version: packageVersion(),
            semanticVersion: packageVersion(),
            rules,
          },
        },
        results,
        invocations: [
          {
            executionSuccessful: report.summary.inputErrors === 0,
            toolExecutionNotifications: report.inputs
              .filter((i) => i.error !== undefined)
              .map((i) => ({
                level: "error" as const,
                message: { text: `${i.input}: ${i.error}` },
              })),
          },
        ],
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/** Renders `report` in `format`. */
export function formatReport(report: AuditReport, format: AuditFormat, cwd?: string): string {
  if (format === "json") return formatJson(report);
  if (format === "sarif") return formatSarif(report, cwd);
  return formatTable(report, process.stdout.isTTY && process.stdout.columns > 80 ? process.stdout.columns : Number.POSITIVE_INFINITY);
}

/** The short human summary printed at the end (stderr). */
export function formatSummary(report: AuditReport): string {
  const s = report.summary;
  const mb = (s.bytes / 1e6).toFixed(1);
  const sev = SEVERITY_ORDER.slice()
    .reverse()
    .filter((k) => s.bySeverity[k])
    .map((k) => `${s.bySeverity[k]} ${k}`)
    .join(", ");
  const stacks = new Set(report.findings.map((f) => f.stack)).size;
  const parts = [
    `audit: ${s.inputs} input${s.inputs === 1 ? "" : "s"}, ${s.resources} resources, ${mb} MB in ${s.seconds.toFixed(1)} s (${s.mbPerSecond} MB/s)`,
  ];
  parts.push(s.findings === 0 ? "no findings" : `${s.findings} finding${s.findings === 1 ? "" : "s"} (${sev}) in ${stacks} stack${stacks === 1 ? "" : "s"}`);
  let text = parts.join(": ");
  if (s.secretsSharedAcrossStacks > 0) text += `; ${s.secretsSharedAcrossStacks} secret value(s) appear in more than one stack`;
  if (s.suppressed !== undefined) text += `; ${s.suppressed} suppressed by ${s.allowlist}`;
  if (s.inputErrors > 0) {
    text += `\naudit: ${s.inputErrors} input(s) could not be read:`;
    for (const i of report.inputs.filter((x) => x.error)) text += `\n  ${i.input}: ${i.error}`;
  }
  return text + "\n";
}
