/**
 * `genesys-oauth-guard inventory`: every OAuth client of the org, joined with the stacks that manage it, the
 * age of its stored secret, its usage and its privileges, with verdicts. See inventory/.
 */
import * as fs from "fs";
import { Command, Option } from "commander";
import { resolveSources } from "../../audit/sources";
import { GuardError } from "../../core/errors";
import { redactText } from "../../core/redact";
import { SEVERITY_ORDER } from "../../detection/report";
import type { Severity } from "../../detection/types";
import { GenesysClient } from "../../genesys/client";
import {
  INVENTORY_FORMATS,
  INVENTORY_RULES,
  applyConfigFile,
  defaultInventoryConfig,
  formatInventory,
  hasVerdictAtOrAbove,
  runInventory,
  type InventoryConfig,
  type InventoryFormat,
} from "../../inventory";
import { DAY_MS } from "../../domain/duration";
import { parseDuration } from "../support/duration";
import { packageVersion } from "../../core/package-info";

interface InventoryCliOptions {
  stack?: string[];
  days: string;
  usage: boolean;
  maxSecretAge: string;
  denyRole?: string[];
  denyPermission?: string[];
  config?: string;
  format: string;
  output?: string;
  failOn: string;
  storeRead: boolean;
  progress: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function helpText(): string {
  const rules = Object.values(INVENTORY_RULES)
    .map((r) => `  ${r.id.padEnd(38)} ${r.severity.padEnd(8)} ${r.description}`)
    .join("\n");
  return `
Joins every OAuth client of the org (listed through the API, paced to the rate limit) with:
  managed by   the stack and URN whose current state holds it (inputs as for audit: export files, local
               backend directories, --stack); clients in none are "unmanaged"
  secret age   rotatedAt of the store record of a managed client (store reference from state; the store's
               own credentials: VAULT_TOKEN, AWS_* ...); "unknown" otherwise
  usage        API requests made with the client's tokens in the last --days days: one organization usage
               query (usage:organization:view), else 2 calls per client (oauth:client:view)
  privileges   roles and divisions (names need authorization:role:view, authorization:division:view)

Verdicts:
${rules}

Config file (--config): the policy pack's format; the least-privilege rule shares the pack's rule id:
  { "all": { "enforcementLevel": "mandatory" },
    "genesys-oauth-client-least-privilege": { "denyRoles": ["Master Admin", "Admin"],
        "denyPermissions": ["oauth:client:add", "oauth:client:edit", "authorization:role:add", "authorization:role:edit", "authorization:grant:add", "*"],
        "allowlist": [{ "grantType": "CLIENT-CREDENTIALS", "roles": ["Developer"] }] },
    "genesys-client-unused": { "days": 30 }, "genesys-client-secret-stale": { "maxAgeDays": 90 },
    "genesys-client-unmanaged": { "enforcementLevel": "disabled" } }
Flags override the file.

Admin credentials as for rotate (GENESYS_CLOUD_* or GENESYSCLOUD_*); the client needs oauth:client:view.
Exit codes: 0 no verdict at or above --fail-on; 1 such a verdict, or a partial report (an input, roles or
usage that could not be read: listed on stderr, the rest still printed); 2 usage error.

Examples:
  genesys-oauth-guard inventory ~/pulumi-state --stack org/payments/prod
  genesys-oauth-guard inventory --stack prod --days 90 --fail-on critical --format sarif --output inventory.sarif
  genesys-oauth-guard inventory --no-usage --format csv > clients.csv`;
}

/** Register `inventory` on the program. */
export function registerInventoryCommand(program: Command): void {
  program
    .command("inventory")
    .description("List every OAuth client of the org: who manages it, whether it is used, how old its secret is, what it may do")
    .argument("[inputs...]", "stacks to join with: export/checkpoint files and local backend directories")
    .option("--stack <name>", "a stack read through `pulumi stack export --stack NAME` (repeatable)", collect)
    .addOption(new Option("--days <n>", "usage window in days (1-365)").default("30"))
    .option("--no-usage", "do not read usage (no unused verdicts)")
    .addOption(new Option("--max-secret-age <duration>", "oldest acceptable stored secret: 90d, 1.5d, 12h, 2w or ISO 8601 P90D").default("90d"))
    .option("--deny-role <name>", "a role no client-credentials client may hold (repeatable; replaces the default Master Admin, Admin)", collect)
    .option("--deny-permission <perm>", "a permission that makes a role too strong, e.g. oauth:client:add (repeatable; replaces the defaults)", collect)
    .option("--config <file>", "thresholds and enforcement in the policy pack's config format")
    .addOption(new Option("--format <format>", "output format").choices([...INVENTORY_FORMATS]).default("table"))
    .option("--output <file>", "write the report to FILE instead of stdout")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a verdict at or above this severity is found").choices([...SEVERITY_ORDER]).default("high"))
    .option("--no-store-read", "do not read stores (secret ages unknown)")
    .option("--no-progress", "no progress lines on stderr")
    .addHelpText("after", helpText())
    .action(async (paths: string[], opts: InventoryCliOptions) => {
      process.exitCode = await inventoryAction(paths, opts);
    });
}

/** The effective config: defaults, then the file, then flags. */
export function inventoryConfig(
  opts: Pick<InventoryCliOptions, "config" | "days" | "usage" | "maxSecretAge" | "denyRole" | "denyPermission">,
  argv: readonly string[] = process.argv,
): InventoryConfig {
  let config = defaultInventoryConfig();
  if (opts.config) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(opts.config, "utf8"));
    } catch (error) {
      throw new GuardError("cli.usage", `--config ${opts.config}: ${(error as Error).message}`);
    }
    try {
      config = applyConfigFile(config, parsed);
    } catch (error) {
      throw new GuardError("cli.usage", `--config ${opts.config}: ${(error as Error).message}`);
    }
  }
  const given = (flag: string): boolean => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (given("--days") || !opts.config) {
    const days = Number(opts.days);
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new GuardError("cli.usage", `--days must be a whole number from 1 to 365, not ${opts.days}`);
    config.usageDays = days;
  }
  if (!opts.usage) config.usageDays = 0;
  if (given("--max-secret-age") || !opts.config) config.maxSecretAgeDays = parseDuration(opts.maxSecretAge, "--max-secret-age") / DAY_MS;
  if (opts.denyRole) config.leastPrivilege.denyRoles = opts.denyRole;
  if (opts.denyPermission) config.leastPrivilege.denyPermissions = opts.denyPermission;
  return config;
}

async function inventoryAction(paths: string[], opts: InventoryCliOptions): Promise<number> {
  const config = inventoryConfig(opts);
  const sources = resolveSources({ paths, stacks: opts.stack ?? [] });
  const genesys = GenesysClient.fromEnvironment();
  const progress = opts.progress ? (line: string) => void process.stderr.write(redactText(`inventory: ${line}\n`)) : undefined;
  const report = await runInventory({ genesys, sources, config, readStores: opts.storeRead, progress });
  const text = redactText(formatInventory(report, opts.format as InventoryFormat, packageVersion()));
  if (opts.output) fs.writeFileSync(opts.output, text);
  else process.stdout.write(text);
  for (const note of report.notes) process.stderr.write(redactText(`note: ${note}\n`));
  for (const failure of report.failures) process.stderr.write(redactText(`error: ${failure}\n`));
  const bySeverity = SEVERITY_ORDER.map((s) => [s, report.verdicts.filter((v) => v.severity === s).length] as const).filter(([, n]) => n > 0);
  process.stderr.write(
    `inventory: ${report.clients.length} client(s), ${report.clients.filter((c) => c.managedBy.length === 0).length} unmanaged, ` +
      `${report.verdicts.length} verdict(s)${bySeverity.length ? ` (${bySeverity.map(([s, n]) => `${n} ${s}`).join(", ")})` : ""}\n`,
  );
  // A partial report (an input or a fact that could not be read) is a failure too, whatever the verdicts.
  return hasVerdictAtOrAbove(report, opts.failOn as Severity) || report.failures.length > 0 ? 1 : 0;
}
