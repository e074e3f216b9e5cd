/**
 * Renders an inventory: a table for people (one line per client, then the verdicts), JSON (the report as
 * is), CSV (one row per client, verdicts joined) and SARIF (one result per verdict, located at the client).
 * Nothing here can print a secret: the report never holds one.
 */
import type * as Sarif from "sarif";
import { SEVERITY_ORDER } from "../detection/report";
import type { Severity } from "../detection/types";
import { INVENTORY_RULES } from "./rules";
import type { InventoryClient, InventoryReport } from "./types";

/** Output formats. */
export const INVENTORY_FORMATS = ["table", "json", "csv", "sarif"] as const;
/** One output format. */
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

const DAY = 86_400_000;

function secretAge(c: InventoryClient, now: number): string {
  if (!c.secretIssuedAt) return "unknown";
  return `${Math.floor((now - Date.parse(c.secretIssuedAt)) / DAY)}d`;
}

function usage(c: InventoryClient): string {
  return c.requests === undefined ? "unknown" : String(c.requests);
}

function managedBy(c: InventoryClient): string {
  return c.managedBy.length === 0 ? "unmanaged" : c.managedBy.map((m) => m.stack).join(" ");
}

function roles(c: InventoryClient): string {
  return c.roles.map((r) => `${r.roleName ?? r.roleId}@${r.divisionId === "*" ? "*" : (r.divisionName ?? r.divisionId)}`).join(" ");
}

function worst(report: InventoryReport, clientId: string): Severity | "" {
  let best = -1;
  for (const v of report.verdicts) if (v.clientId === clientId) best = Math.max(best, SEVERITY_ORDER.indexOf(v.severity));
  return best < 0 ? "" : SEVERITY_ORDER[best];
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/** People's view. */
export function formatInventoryTable(report: InventoryReport, now = Date.parse(report.generatedAt)): string {
  if (report.clients.length === 0 && report.missing.length === 0) return "The org has no OAuth clients.\n";
  const header = ["CLIENT ID", "NAME", "GRANT", "STATE", "MANAGED BY", "SECRET AGE", `REQUESTS/${report.usageDays}D`, "ROLES", "WORST"];
  const rows = report.clients.map((c) => [
    c.id,
    c.name,
    c.grantType,
    c.state,
    managedBy(c),
    secretAge(c, now),
    usage(c),
    roles(c) || "-",
    worst(report, c.id) || "-",
  ]);
  let text = pad([header, ...rows]);
  if (report.verdicts.length > 0) {
    text +=
      "\n" + pad([["SEVERITY", "RULE", "CLIENT", "WHY"], ...report.verdicts.map((v) => [v.severity, v.rule, `${v.clientName} (${v.clientId})`, v.message])]);
  }
  return text;
}

/** The report as JSON. */
export function formatInventoryJson(report: InventoryReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

function csvCell(value: string): string {
  // Quote always; neutralise spreadsheet formulas (=, +, -, @ first) as OWASP recommends for CSV exports.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One row per client. */
export function formatInventoryCsv(report: InventoryReport, now = Date.parse(report.generatedAt)): string {
  const header = [
    "clientId",
    "name",
    "grantType",
    "state",
    "managedBy",
    "secretIssuedAt",
    "secretAgeDays",
    "requests",
    "usageDays",
    "lastUsed",
    "roles",
    "worstSeverity",
    "verdicts",
  ];
  const lines = [header.map(csvCell).join(",")];
  for (const c of report.clients) {
    const verdicts = report.verdicts
      .filter((v) => v.clientId === c.id)
      .map((v) => `${v.rule}: ${v.message}`)
      .join("; ");
    const age = c.secretIssuedAt ? String(Math.floor((now - Date.parse(c.secretIssuedAt)) / DAY)) : "";
    lines.push(
      [
        c.id,
        c.name,
        c.grantType,
        c.state,
        managedBy(c),
        c.secretIssuedAt ?? "",
        age,
        c.requests === undefined ? "" : String(c.requests),
        String(report.usageDays),
        c.lastUsed ?? "",
        roles(c),
        worst(report, c.id),
        verdicts,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: "error", high: "error", medium: "warning", low: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** One SARIF result per verdict. */
export function formatInventorySarif(report: InventoryReport, version: string): string {
  const ids = Object.keys(INVENTORY_RULES);
  const log: Sarif.Log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "genesys-oauth-guard inventory",
            informationUri: "https://github.com/genesys-oauth-guard/genesys-oauth-guard",
            version,
            rules: ids.map((id) => {
              const r = INVENTORY_RULES[id];
              return {
                id,
                shortDescription: { text: r.description },
                help: { text: r.remediation },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: { tags: ["security", "genesys-cloud", "oauth"], "security-severity": SECURITY_SEVERITY[r.severity] },
              };
            }),
          },
        },
        results: report.verdicts.map((v) => ({
          ruleId: v.rule,
          ruleIndex: ids.indexOf(v.rule),
          level: LEVEL[v.severity],
          message: { text: `${v.clientName} (${v.clientId}): ${v.message}` },
          locations: [{ logicalLocations: [{ fullyQualifiedName: `genesys-cloud/oauth-clients/${v.clientId}`, name: v.clientName, kind: "resource" }] }],
          partialFingerprints: { "genesysOauthGuardInventory/v1": `${v.rule}|${v.clientId}|${v.message}` },
          properties: { severity: v.severity, clientId: v.clientId },
        })),
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: [
              ...report.failures.map((n) => ({ level: "error" as const, message: { text: n } })),
              ...report.notes.map((n) => ({ level: "note" as const, message: { text: n } })),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/** Renders `report` in `format`. */
export function formatInventory(report: InventoryReport, format: InventoryFormat, version: string): string {
  switch (format) {
    case "json":
      return formatInventoryJson(report);
    case "csv":
      return formatInventoryCsv(report);
    case "sarif":
      return formatInventorySarif(report, version);
    default:
      return formatInventoryTable(report);
  }
}

/** True when a verdict at or above `failOn` exists. */
export function hasVerdictAtOrAbove(report: InventoryReport, failOn: Severity): boolean {
  const floor = SEVERITY_ORDER.indexOf(failOn);
  return report.verdicts.some((v) => SEVERITY_ORDER.indexOf(v.severity) >= floor);
}
