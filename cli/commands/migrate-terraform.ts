/**
 * `genesys-oauth-guard migrate-terraform`: reads Terraform state, lists its `genesyscloud_oauth_client`
 * resources and writes the Pulumi program that adopts them (one OAuthClient each, `{ import: id }`), the
 * `terraform state rm` commands that hand them over, and the steps in between. It changes nothing: no API call
 * that writes, no state touched; the program goes to stdout or to `--out FILE` (never over a file without
 * `--force`). Every check runs before anything is written: the format, the clients, the store template, that
 * no Pulumi stack manages a client yet (`--pulumi-state`, `--stack`), and that each client exists in Genesys
 * Cloud (skipped with `--offline`).
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { resolveAllSources } from "../../audit/backends";
import { GuardError } from "../../core/errors";
import { redactText } from "../../core/redact";
import { GenesysClient } from "../../genesys/client";
import { findManagedClients } from "../../inventory/managed";
import { secretsOf } from "../../terraform/genesys-resources";
import { checkClientsExist, checkNotManaged, type ClientFinder } from "../../terraform/migration-checks";
import { buildMigrationPlan, type MigrationInput, type MigrationPlan } from "../../terraform/migration-plan";
import { renderPlanJson, renderProgram } from "../../terraform/migration-program";
import { readTerraformStateFile } from "../../terraform/read-state";
import { printTable } from "../support/table";
import { printable } from "../printable";

/** The output formats. */
export const MIGRATE_FORMATS = ["ts", "json"] as const;

/** Options as commander parses them. */
export interface MigrateTerraformOptions {
  store?: string;
  format: string;
  out?: string;
  force?: boolean;
  offline?: boolean;
  pulumiState?: string[];
  stack?: string[];
  progress?: boolean;
  rotationEvery?: string;
}

/** What a run needs from outside (tests inject them). */
export interface MigrateTerraformDeps {
  env?: NodeJS.ProcessEnv;
  /** The Genesys client for the existence check. Default: from the environment, as rotate and inventory. */
  genesys?: () => ClientFinder;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  readStdin?: () => Buffer;
}

/** The result of a run (what was written where), for tests. */
export interface MigrateTerraformResult {
  plan: MigrationPlan;
  /** What was printed or written: the program (ts) or the JSON plan. */
  output: string;
  notes: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function helpText(): string {
  return `
Reads Terraform state — terraform.tfstate, \`terraform state pull\` output (format version 4) or
\`terraform show -json\` output; "-" reads standard input — and writes a Pulumi program (TypeScript) with one
OAuthClient per genesyscloud_oauth_client: its settings from the state, secretStore from --store, and
{ import: "<client id>" }, so that \`pulumi up\` adopts the existing client instead of creating one, and
regenerates its secret straight into the store (the secret in Terraform state stops working). Then the
\`terraform state rm\` commands hand the clients over. This command changes nothing itself.

--store takes a store reference with {name} (the client's name, URL-encoded) or {id} (its client id), as
rotate --store does: vault://secret/genesys/{name}, awssm://genesys/{id}?region=eu-west-1, file://./.secrets/{id}.
A client whose name is empty, "." or "..", or holds "/", "\\" or a control character cannot use {name}: use {id}.

Checks, each a clear error with nothing written:
  - a state of another format version (only 4, and terraform show -json 1.x, are read)
  - a state without any genesyscloud_oauth_client
  - a client already managed by a Pulumi stack: give the stacks' state with --pulumi-state (export files,
    local backend directories, s3:// azblob:// gs:// backends) and/or --stack NAME (pulumi stack export)
  - a client that does not exist in Genesys Cloud: one GET per client with the admin credentials
    (GENESYS_CLOUD_CLIENT_ID / GENESYS_CLOUD_CLIENT_SECRET / GENESYS_CLOUD_REGION or the GENESYSCLOUD_* names,
    oauth:client:view); --offline skips it (and says so)

Output:
  --format ts (default)  the program; on stdout, or in --out FILE (then a summary on stdout: the clients,
                         the terraform state rm commands, the next steps)
  --format json          {"clients":[...],"terraformStateRm":[...],"nextSteps":[...],"program":"...","checks":{...}}
Nothing printed or written holds a secret, even when the state holds some (expose_client_secret).

Exit codes: 0 written; 1 a check failed (nothing written); 2 usage error.

Examples:
  terraform state pull > tf-state.json
  genesys-oauth-guard audit tf-state.json
  genesys-oauth-guard migrate-terraform tf-state.json --store 'vault://secret/genesys/{name}' --stack org/genesys/prod --out genesys-clients.ts
  terraform state pull | genesys-oauth-guard migrate-terraform - --store 'file://./.secrets/{id}' --offline
  genesys-oauth-guard migrate-terraform terraform.tfstate --store 'awssm://genesys/{id}?region=eu-west-1' --pulumi-state 's3://pulumi-state?region=eu-west-1' --format json`;
}

/** Register `migrate-terraform` on the program. */
export function registerMigrateTerraformCommand(program: Command): void {
  program
    .command("migrate-terraform")
    .description("Write the Pulumi program that adopts the Genesys OAuth clients of a Terraform state (changes nothing itself)")
    .argument("<state...>", "Terraform state: terraform.tfstate, `terraform state pull` or `terraform show -json` output; - for stdin")
    .option("--store <template>", "store reference for each client's secret, with {name} or {id} (default: $GENESYS_OAUTH_GUARD_STORE)")
    .addOption(new Option("--format <format>", "what to write").choices([...MIGRATE_FORMATS]).default("ts"))
    .option(
      "--rotation-every <duration>",
      "rotation: { every } for each client (the policy pack requires a schedule of at most 90 days by default); none to leave it out",
      "90d",
    )
    .option("--out <file>", "write the program (or JSON) to FILE instead of stdout")
    .option("--force", "overwrite --out FILE when it exists")
    .option("--offline", "do not check that the clients exist in Genesys Cloud (no API call)")
    .option(
      "--pulumi-state <input>",
      "a Pulumi stack's state to check the clients against: export file, backend directory or s3://|azblob://|gs:// URL (repeatable)",
      collect,
    )
    .option("--stack <name>", "a stack to check the clients against, read with `pulumi stack export --stack NAME` (repeatable)", collect)
    .option("--no-progress", "no progress lines on stderr")
    .addHelpText("after", helpText())
    .action(async (states: string[], opts: MigrateTerraformOptions) => {
      await migrateTerraform(states, opts);
    });
}

/** Runs the command: checks, then writes the program or plan. Exported for tests. */
export async function migrateTerraform(
  states: readonly string[],
  opts: MigrateTerraformOptions,
  deps: MigrateTerraformDeps = {},
): Promise<MigrateTerraformResult> {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const progress = opts.progress === false ? undefined : (line: string) => stderr(redactText(`migrate-terraform: ${line}\n`));

  // Usage first: nothing is read before the command line is known to be right.
  if (!(MIGRATE_FORMATS as readonly string[]).includes(opts.format)) throw new GuardError("cli.usage", `--format must be one of ${MIGRATE_FORMATS.join(", ")}`);
  const storeTemplate = opts.store ?? env.GENESYS_OAUTH_GUARD_STORE;
  if (!storeTemplate) {
    throw new GuardError(
      "cli.usage",
      "Where should each client's secret go? Pass --store <reference> with {name} or {id} (vault://, awssm://, file://), or set GENESYS_OAUTH_GUARD_STORE",
    );
  }
  if (states.length === 0) throw new GuardError("cli.usage", "Give the Terraform state: a file, or - for standard input");
  if (states.filter((s) => s === "-").length > 1) throw new GuardError("cli.usage", "Standard input (-) can be given once");
  if (opts.out && fs.existsSync(opts.out) && !opts.force) {
    throw new GuardError("cli.usage", `${opts.out} exists: pass --force to overwrite it, or choose another --out`);
  }

  // The states, with every secret they hold registered for redaction before anything is printed.
  const inputs: MigrationInput[] = states.map((file) => ({
    label: file === "-" ? "standard input" : file,
    state: readTerraformStateFile(file, deps.readStdin),
  }));
  for (const input of inputs) for (const instance of input.state.instances) secretsOf(instance);
  const plan = buildMigrationPlan(inputs, {
    storeTemplate,
    ...(opts.out ? { programFile: opts.out } : {}),
    ...(opts.rotationEvery ? { rotationEvery: opts.rotationEvery } : {}),
  });
  progress?.(`${plan.clients.length} genesyscloud_oauth_client resource(s) in ${inputs.map((i) => i.label).join(", ")}`);

  // Managed by a Pulumi stack already? (Local reads, before any Genesys call.)
  const pulumiInputs = [...(opts.pulumiState ?? [])];
  const stacks = [...(opts.stack ?? [])];
  const notes: string[] = [];
  let pulumiCheck = "not checked (no --pulumi-state or --stack given)";
  if (pulumiInputs.length + stacks.length > 0) {
    const sources = await resolveAllSources({ paths: pulumiInputs, stacks, env });
    const managed = await findManagedClients(sources);
    if (managed.notes.length > 0) {
      throw new GuardError("input.invalid", `cannot check the Pulumi state: ${managed.notes.join("; ")}`, {
        hint: "Fix the --pulumi-state / --stack inputs (or leave them out), then run again.",
      });
    }
    checkNotManaged(plan.clients, managed);
    pulumiCheck = `checked against ${managed.inputs} Pulumi state input(s): no client is managed yet`;
  } else {
    notes.push("Not checked whether a Pulumi stack already manages these clients: pass --pulumi-state or --stack.");
  }

  let genesysCheck: string;
  if (opts.offline) {
    genesysCheck = "skipped (--offline)";
    notes.push("--offline: not checked that the clients exist in Genesys Cloud; pulumi preview will fail for a client that does not.");
  } else {
    let finder: ClientFinder;
    try {
      finder = deps.genesys ? deps.genesys() : GenesysClient.fromEnvironment({}, {}, env);
    } catch (error) {
      if (error instanceof GuardError && error.code.startsWith("config.")) {
        throw new GuardError(error.code, error.message, {
          hint: `${error.hint ? `${error.hint} ` : ""}Or pass --offline to skip the check that the clients exist.`,
        });
      }
      throw error;
    }
    notes.push(...(await checkClientsExist(plan.clients, finder, progress)));
    genesysCheck = `checked: all ${plan.clients.length} client(s) exist in Genesys Cloud`;
  }

  const output = redactText(
    opts.format === "json"
      ? renderPlanJson(plan, { checks: { genesys: genesysCheck, pulumi: pulumiCheck }, notes })
      : renderProgram(plan, { sources: inputs.map((i) => i.label) }),
  );
  if (opts.out) {
    writeWhole(opts.out, output, opts.force === true);
    progress?.(`wrote ${opts.out}`);
    if (opts.format === "ts") stdout(redactText(summary(plan, opts.out)));
  } else {
    stdout(output);
  }
  for (const note of notes) stderr(redactText(`migrate-terraform: note: ${note}\n`));
  stderr(`migrate-terraform: nothing was changed (Genesys Cloud: ${genesysCheck}; Pulumi stacks: ${pulumiCheck})\n`);
  return { plan, output, notes };
}

/**
 * Writes `text` to `file` whole or not at all (a temporary file beside it, then a link or rename): a run killed
 * half-way never leaves half a program behind. Without `force`, an existing file is never replaced, even one
 * that appeared since the check at the start.
 */
function writeWhole(file: string, text: string, force: boolean): void {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  fs.writeFileSync(temp, text, { flag: "wx" });
  try {
    if (force) fs.renameSync(temp, file);
    else fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new GuardError("cli.usage", `${file} exists: pass --force to overwrite it, or choose another --out`);
    throw new GuardError("input.invalid", `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** What `--out` prints on stdout: the clients, the hand-over commands and the steps. */
function summary(plan: MigrationPlan, out: string): string {
  let text = "";
  printTable(
    ["TERRAFORM ADDRESS", "CLIENT ID", "NAME", "PULUMI RESOURCE", "SECRET STORE", "SECRET IN TF STATE"],
    plan.clients.map((c) => [
      printable(c.address),
      c.clientId,
      printable(c.args.name),
      printable(c.resourceName),
      printable(c.secretStore),
      c.secretInState ? "yes (leaked)" : "no",
    ]),
    (t) => (text += t),
  );
  text += `\nProgram written to ${out}.\n`;
  const warnings = plan.clients.flatMap((c) => c.warnings.map((w) => `${printable(c.address)}: ${printable(w)}`));
  if (warnings.length > 0) text += `\nTo do by hand:\n${warnings.map((w) => `  - ${w}`).join("\n")}\n`;
  text += `\nNext steps:\n${plan.nextSteps.map((s, i) => `  ${i + 1}. ${printable(s)}`).join("\n")}\n`;
  return text;
}
