/**
 * `genesys-oauth-guard audit merge REPORT...`: joins the JSON or SARIF reports of `audit --shard i/n` jobs
 * into one report (table, JSON or SARIF), with the audit's exit codes. See audit/merge.ts.
 */
import * as fs from "fs";
import { Command, Option } from "commander";
import { GuardError } from "../../core/errors";
import { redactText } from "../../core/redact";
import { AUDIT_FORMATS, type AuditFormat, formatReport, formatSummary } from "../../audit";
import { exitCodeOf, mergeReports, readReportFile } from "../../audit/merge";

interface MergeCliOptions {
  format: string;
  output?: string;
  summary: boolean;
}

/** Registers `merge` under the `audit` command. */
export function registerAuditMergeCommand(audit: Command): void {
  // `audit --format …` must not swallow `audit merge --format …`.
  audit.enablePositionalOptions();
  audit
    .command("merge")
    .description("Join the JSON/SARIF reports of sharded audits (--shard i/n) into one report")
    .argument("<reports...>", "reports written by `audit --format json` or `--format sarif`")
    .addOption(new Option("--format <format>", "output format").choices([...AUDIT_FORMATS]).default("table"))
    .option("--output <file>", "write the report to FILE instead of stdout")
    .option("--no-summary", "no summary on stderr")
    .addHelpText(
      "after",
      `
Exit codes (as for audit): 0 no findings, 1 findings or an input a shard could not read, 2 usage error
(a report that cannot be read) or nothing could be read.
JSON reports merge exactly; SARIF logs carry findings and input errors only (resources/bytes count 0).

Example (4 CI jobs, then one):
  genesys-oauth-guard audit s3://state?region=eu-west-1 --shard 2/4 --format json --output audit-2.json
  genesys-oauth-guard audit merge audit-*.json --format sarif --output audit.sarif
`,
    )
    .action((files: string[], opts: MergeCliOptions) => {
      if (files.length === 0) throw new GuardError("cli.usage", "give the reports to merge");
      const loaded = files.map((f) => readReportFile(f));
      const report = mergeReports(loaded.map((l) => l.report));
      const text = redactText(formatReport(report, opts.format as AuditFormat));
      if (opts.output) fs.writeFileSync(opts.output, text);
      else process.stdout.write(text);
      if (opts.summary) process.stderr.write(redactText(formatSummary(report)));
      process.exitCode = exitCodeOf(
        report,
        loaded.every((l) => l.format === "json"),
      );
    });
}
