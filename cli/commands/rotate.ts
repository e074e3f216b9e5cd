/**
 * `genesys-oauth-guard rotate`: what the original tutorial's script tried to do, done right. Regenerate a
 * client's secret, write it to a store (before anything else can lose it), verify it with a token grant,
 * and print what happened — not the secret, unless asked for it in a form a pipeline can use safely.
 *
 * It runs the same rotation as the SecretRotation resource (providers/rotation-impl.ts): store checked
 * writable first, regenerate, idempotent store write, verification with retries for propagation.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import { Command, Option } from "commander";
import { GuardError } from "../../core/errors";
import { registerSecret } from "../../core/redact";
import { providerDeps } from "../../providers/runtime";
import { SecretRotationProvider } from "../../providers/rotation-impl";
import type { GenesysClientRecord } from "../../providers/ports";

type OutputMode = "text" | "json" | "stdout" | "github-actions";

interface RotateOptions {
  clientId?: string;
  clientName?: string;
  store?: string;
  output: OutputMode;
  githubEnv?: string;
  verifyTimeout: string;
  dryRun?: boolean;
}

/** What a rotation (or a dry run) reports; never the secret. */
export interface RotateReport {
  clientId: string;
  clientName: string;
  store: string;
  dryRun: boolean;
  rotatedAt?: string;
  storeVersion?: string;
  secretMarker?: string;
  verified?: boolean;
}

/** Register `rotate` on the program. */
export function registerRotateCommand(program: Command): void {
  program
    .command("rotate")
    .description("Regenerate an OAuth client's secret, store it, verify it with a token grant")
    .option("--client-id <id>", "the client to rotate")
    .option("--client-name <name>", "the client to rotate, by exact name (fails when zero or several clients have it)")
    .option("--store <reference>", "where the new id + secret go: file://, vault://, awssm:// (default: $GENESYS_OAUTH_GUARD_STORE)")
    .addOption(new Option("-o, --output <mode>", "what to print").choices(["text", "json", "stdout", "github-actions"]).default("text"))
    .option("--github-env <NAME>", "with --output github-actions: also export the secret to later steps as $NAME via $GITHUB_ENV")
    .addOption(new Option("--verify-timeout <seconds>", "how long to wait for Genesys to accept the new secret").default("120"))
    .option("--dry-run", "show what would happen: find the client, check the store is writable; change nothing")
    .addHelpText(
      "after",
      `
Genesys admin credentials: GENESYS_CLOUD_CLIENT_ID / GENESYS_CLOUD_CLIENT_SECRET / GENESYS_CLOUD_REGION
(or GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET / GENESYSCLOUD_REGION, or
GENESYS_CLOUD_API_URL / GENESYS_CLOUD_LOGIN_URL). The admin client needs oauth:client:view and oauth:client:edit.

Order, so that no secret is ever lost: the store is checked writable, the secret is regenerated (the old one
stops working at once), written to the store, then verified with a token grant. If the store write fails
after regenerating, run the command again: it rotates again and converges.

Outputs:
  text            a summary on stdout (default); never the secret
  json            the same summary as JSON
  stdout          ONLY the secret on stdout, for command substitution; everything else on stderr:
                    SECRET=$(genesys-oauth-guard rotate --client-id ID --store ... --output stdout)
  github-actions  ::add-mask:: first, then client_id and client_secret to $GITHUB_OUTPUT (and with
                  --github-env NAME, NAME to $GITHUB_ENV) using random multi-line-safe delimiters

Common errors:
  401  the admin credentials are wrong or expired: check GENESYS_CLOUD_CLIENT_ID/SECRET and the region
  403  the admin client lacks oauth:client:edit (or :view): add a role that grants it
  404  no client with that id in this org/region: check --client-id and GENESYS_CLOUD_REGION
  429  rate limited: retried automatically honouring Retry-After; rotate fewer clients at once

Exit codes: 0 rotated and verified (or dry run fine); 1 failure; 2 usage error.`,
    )
    .action(async (options: RotateOptions) => {
      const report = await rotate(options);
      print(report, options);
    });
}

/** Rotate (or dry-run) as `options` say; returns the report and, when the output needs it, the secret. */
export async function rotate(options: RotateOptions, env: NodeJS.ProcessEnv = process.env): Promise<RotateReport & { secret?: string }> {
  if (!options.clientId === !options.clientName) throw new GuardError("cli.usage", "Name the client: pass exactly one of --client-id or --client-name");
  const store = options.store ?? env.GENESYS_OAUTH_GUARD_STORE;
  if (!store) throw new GuardError("cli.usage", "Where should the new secret go? Pass --store <reference> (file://, vault://, awssm://) or set GENESYS_OAUTH_GUARD_STORE");
  if (options.githubEnv && options.output !== "github-actions") throw new GuardError("cli.usage", "--github-env goes with --output github-actions");
  if (options.githubEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.githubEnv)) throw new GuardError("cli.usage", `--github-env: "${options.githubEnv}" is not a valid variable name`);
  if (options.output === "github-actions" && !env.GITHUB_OUTPUT) throw new GuardError("cli.usage", "--output github-actions needs $GITHUB_OUTPUT (it is set inside a GitHub Actions step)");
  const verifyTimeoutSeconds = Number(options.verifyTimeout);
  if (!Number.isFinite(verifyTimeoutSeconds) || verifyTimeoutSeconds <= 0) throw new GuardError("cli.usage", "--verify-timeout must be a number of seconds > 0");

  const deps = providerDeps();
  deps.parseStoreReference(store);
  const client = await findClient(deps.genesys().listClients.bind(deps.genesys()), deps.genesys().getClient.bind(deps.genesys()), options);
  const report: RotateReport = { clientId: client.id, clientName: client.name, store, dryRun: Boolean(options.dryRun) };
  if (options.dryRun) {
    await deps.openStore(store).checkWritable();
    process.stderr.write(`dry run: would regenerate the secret of ${client.name} (${client.id}), write it to ${store}, and verify it; the store is writable\n`);
    return report;
  }
  process.stderr.write(`rotating the secret of ${client.name} (${client.id}) into ${store}\n`);
  const outs = await new SecretRotationProvider(deps).rotate({
    clientId: client.id,
    secretStore: store,
    trigger: `cli-${randomBytes(4).toString("hex")}`,
    // The secret is needed in memory only for the stdout / github-actions outputs.
    exposeSecretAsOutput: options.output === "stdout" || options.output === "github-actions",
    verifyTimeoutSeconds,
  });
  if (outs.clientSecret) registerSecret(outs.clientSecret);
  return { ...report, rotatedAt: outs.rotatedAt, storeVersion: outs.storeVersion, secretMarker: outs.secretMarker, verified: outs.verified, secret: outs.clientSecret };
}

/** The client named by --client-id (GET) or --client-name (exactly one live match in the list). */
async function findClient(
  list: () => Promise<GenesysClientRecord[]>,
  get: (id: string) => Promise<GenesysClientRecord | undefined>,
  options: RotateOptions,
): Promise<GenesysClientRecord> {
  if (options.clientId) {
    const found = await get(options.clientId);
    if (!found) throw new GuardError("genesys.not-found", `No OAuth client with id ${options.clientId}`, { hint: "Check --client-id and the region (GENESYS_CLOUD_REGION)" });
    return found;
  }
  const matches = (await list()).filter((c) => c.name === options.clientName && c.state !== "deleted");
  if (matches.length === 0) throw new GuardError("genesys.not-found", `No OAuth client is named "${options.clientName}"`, { hint: "Names match exactly, case included; or pass --client-id" });
  if (matches.length > 1) {
    throw new GuardError("genesys.ambiguous", `${matches.length} OAuth clients are named "${options.clientName}": ${matches.map((c) => c.id).join(", ")}`, { hint: "Pass --client-id to choose one" });
  }
  return matches[0];
}

function print(result: RotateReport & { secret?: string }, options: RotateOptions): void {
  const { secret, ...report } = result;
  switch (options.output) {
    case "json":
      process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      return;
    case "stdout":
      if (secret) process.stdout.write(secret + "\n");
      process.stderr.write(summary(report));
      return;
    case "github-actions":
      if (secret) {
        // Mask before the value can appear anywhere in the log.
        process.stdout.write(`::add-mask::${secret}\n`);
        appendGithubFile(process.env.GITHUB_OUTPUT!, "client_id", report.clientId);
        appendGithubFile(process.env.GITHUB_OUTPUT!, "client_secret", secret);
        if (options.githubEnv) appendGithubFile(process.env.GITHUB_ENV ?? fail("$GITHUB_ENV is not set"), options.githubEnv, secret);
      }
      process.stdout.write(summary(report));
      return;
    default:
      process.stdout.write(summary(report));
  }
}

/** `name<<DELIM\nvalue\nDELIM\n` with a random delimiter that does not occur in the value. */
export function githubFileEntry(name: string, value: string): string {
  let delimiter: string;
  do delimiter = `ghadelimiter_${randomBytes(12).toString("hex")}`;
  while (value.includes(delimiter));
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

function appendGithubFile(file: string, name: string, value: string): void {
  fs.appendFileSync(file, githubFileEntry(name, value), { encoding: "utf8" });
}

function fail(message: string): never {
  throw new GuardError("cli.usage", message);
}

function summary(r: RotateReport): string {
  if (r.dryRun) return `dry run: ${r.clientName} (${r.clientId}) → ${r.store}: nothing changed\n`;
  return `rotated ${r.clientName} (${r.clientId}) at ${r.rotatedAt}: stored in ${r.store} (version ${r.storeVersion}), ${r.verified ? "verified with a token grant" : "NOT verified"}; marker ${r.secretMarker}\n`;
}
