/**
 * `genesys-oauth-guard rotate`: what the original tutorial's script tried to do, done right. Regenerate a
 * client's secret, write it to a store (before anything else can lose it), verify it with a token grant,
 * and print what happened — not the secret, unless asked for it in a form a pipeline can use safely.
 *
 * It runs the rotation service the SecretRotation resource runs (rotation/rotate.ts): store checked writable
 * first, write-ahead intent, regenerate, idempotent store write, verification polled while Genesys
 * propagates the secret. Its Genesys client and stores are built by rotation/bindings.ts, as `verify`'s are.
 *
 * Several clients (`--client-id a b`, `--client-name x y`, `--from-file FILE`) rotate concurrently, at most
 * `--concurrency` at once; every API call goes through the process's rate pacer (genesys/rate-pacer.ts), so
 * a long list runs at the organisation's rate limit without a 429 storm. Each client needs its own store
 * record: the store reference then holds `{id}` or `{name}`. Progress goes to stderr, a summary to stdout.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import { Command, Option } from "commander";
import { printable } from "../printable";
import { GuardError } from "../../core/errors";
import { redactText } from "../../core/redact";
import type { OAuthClient } from "../../genesys";
import { projectDirectory, rotationDeps } from "../../rotation/bindings";
import type { RotationLogger } from "../../rotation/ports";
import { rotateSecret } from "../../rotation/rotate";
import { parseStoreReference } from "../../stores";
import { storeFor } from "../../stores/reference-template";

/** The `{id}`/`{name}` template expansion (stores/reference-template.ts), re-exported where it was first defined. */
export { storeFor };

type OutputMode = "text" | "json" | "stdout" | "github-actions";

/** Options of one `rotate` run (as commander parses them). */
export interface RotateOptions {
  /** One id (programmatic use) or several (`--client-id a b`, repeated `--client-id`). */
  clientId?: string | string[];
  clientName?: string | string[];
  /** A file with one client id per line (blank lines and `#` comments ignored). */
  fromFile?: string;
  /** Rotations running at once with several clients. Default 10. */
  concurrency?: string;
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
    .description("Regenerate an OAuth client's secret (or a list of clients', concurrently), store it, verify it with a token grant")
    .option("--client-id <id...>", "the client(s) to rotate")
    .option("--client-name <name...>", "the client(s) to rotate, by exact name (fails when zero or several clients have it)")
    .option("--from-file <file>", "rotate the clients listed in FILE, one id per line (# comments and blank lines ignored)")
    .addOption(new Option("--concurrency <n>", "with several clients: rotations running at once").default("10"))
    .option(
      "--store <reference>",
      "where the new id + secret go: file://, vault://, awssm:// (default: $GENESYS_OAUTH_GUARD_STORE); with several clients it must contain {id} or {name}",
    )
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

Several clients:
  genesys-oauth-guard rotate --client-id ID1 ID2 ID3 --store 'vault://secret/genesys/{id}'
  genesys-oauth-guard rotate --from-file clients.txt --store 'file://./.secrets/{name}' --concurrency 10
  They rotate concurrently (--concurrency at once) within the organisation's rate limit (API calls are paced
  per admin token: 300 per minute unless Genesys says otherwise, or $GENESYS_OAUTH_GUARD_RATE_LIMIT). Progress
  goes to stderr, then "N rotated, M failed" (or --output json: every report and failure). A failed client
  does not stop the others. --output stdout / github-actions print a secret, so they take a single client.

Exit codes: 0 rotated and verified (or dry run fine); 1 failure (with several clients: any failed); 2 usage error.`,
    )
    .action(async (options: RotateOptions) => {
      const targets = rotateTargets(options);
      if (targets.length > 1) {
        const result = await rotateMany(options, targets);
        printMany(result, options);
        if (result.failed.length > 0) process.exitCode = 1;
        return;
      }
      const report = await rotate(singleOptions(options, targets));
      print(report, options);
    });
}

/** One client to rotate, by id or by exact name. */
export type RotateTarget = { id: string } | { name: string };

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every client named by --client-id, --client-name and --from-file, in order, duplicates removed. */
export function rotateTargets(options: RotateOptions, readFile: (file: string) => string = (f) => fs.readFileSync(f, "utf8")): RotateTarget[] {
  const ids = asList(options.clientId).map((v) => v.trim());
  if (options.fromFile) {
    let text: string;
    try {
      text = readFile(options.fromFile);
    } catch (error) {
      throw new GuardError("cli.usage", `--from-file: cannot read ${options.fromFile} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    for (const line of text.split(/\r?\n/)) {
      const id = line.replace(/#.*$/, "").trim();
      if (id) ids.push(id);
    }
  }
  const names = asList(options.clientName);
  if (ids.some((id) => id === "") || names.some((n) => n === "")) throw new GuardError("cli.usage", "An empty client id or name was given");
  const seen = new Set<string>();
  const targets: RotateTarget[] = [];
  for (const id of ids) {
    if (seen.has(`id:${id}`)) continue;
    seen.add(`id:${id}`);
    targets.push({ id });
  }
  for (const name of names) {
    if (seen.has(`name:${name}`)) continue;
    seen.add(`name:${name}`);
    targets.push({ name });
  }
  if (targets.length === 0) throw new GuardError("cli.usage", "Name the client(s): pass --client-id, --client-name or --from-file");
  return targets;
}

/** The options of a single-client run. */
function singleOptions(options: RotateOptions, targets: RotateTarget[]): RotateOptions {
  const [target] = targets;
  return "id" in target ? { ...options, clientId: target.id, clientName: undefined } : { ...options, clientId: undefined, clientName: target.name };
}

/** Rotate (or dry-run) as `options` say; returns the report and, when the output needs it, the secret. */
export async function rotate(options: RotateOptions, env: NodeJS.ProcessEnv = process.env): Promise<RotateReport & { secret?: string }> {
  if (asList(options.clientId).length + asList(options.clientName).length !== 1 || options.fromFile) {
    throw new GuardError("cli.usage", "Name the client: pass exactly one of --client-id or --client-name");
  }
  const template = options.store ?? env.GENESYS_OAUTH_GUARD_STORE;
  if (!template)
    throw new GuardError(
      "cli.usage",
      "Where should the new secret go? Pass --store <reference> (file://, vault://, awssm://) or set GENESYS_OAUTH_GUARD_STORE",
    );
  if (options.githubEnv && options.output !== "github-actions") throw new GuardError("cli.usage", "--github-env goes with --output github-actions");
  if (options.githubEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.githubEnv))
    throw new GuardError("cli.usage", `--github-env: "${options.githubEnv}" is not a valid variable name`);
  if (options.output === "github-actions" && !env.GITHUB_OUTPUT)
    throw new GuardError("cli.usage", "--output github-actions needs $GITHUB_OUTPUT (it is set inside a GitHub Actions step)");
  const verifyTimeoutSeconds = Number(options.verifyTimeout);
  if (!Number.isFinite(verifyTimeoutSeconds) || verifyTimeoutSeconds <= 0)
    throw new GuardError("cli.usage", "--verify-timeout must be a number of seconds > 0");

  const deps = cliRotationDeps(env);
  parseStoreReference(storeFor(template, { id: "x", name: "x" }));
  const ids = asList(options.clientId);
  const target: RotateTarget = ids.length === 1 ? { id: ids[0] } : { name: asList(options.clientName)[0] };
  const genesys = deps.client();
  const client = await findClient(
    () => genesys.listClients(),
    (id) => genesys.findClient(id),
    target,
  );
  // The same {id}/{name} template as for a list, so one GENESYS_OAUTH_GUARD_STORE serves both.
  const store = storeFor(template, client);
  parseStoreReference(store);
  const report: RotateReport = { clientId: client.id, clientName: printable(client.name), store, dryRun: Boolean(options.dryRun) };
  if (options.dryRun) {
    await deps.openStore(store).checkWritable();
    process.stderr.write(
      `dry run: would regenerate the secret of ${shown(printable(client.name), options)} (${client.id}), write it to ${store}, and verify it; the store is writable\n`,
    );
    return report;
  }
  process.stderr.write(`rotating the secret of ${shown(printable(client.name), options)} (${client.id}) into ${store}\n`);
  const rotated = await rotateSecret(deps, { clientId: client.id, secretStore: store, verifyTimeoutSeconds }, stderrLogger);
  // The secret leaves this function only for the stdout / github-actions outputs.
  const exposeSecret = options.output === "stdout" || options.output === "github-actions";
  return {
    ...report,
    rotatedAt: rotated.rotatedAt,
    storeVersion: rotated.storeVersion,
    secretMarker: rotated.secretMarker,
    verified: rotated.verified,
    secret: exposeSecret ? rotated.secret : undefined,
  };
}

/**
 * The rotation service's dependencies for this process: admin credentials and store settings from the
 * environment, relative `file://` references against the Pulumi project directory (as the providers resolve them).
 */
function cliRotationDeps(env: NodeJS.ProcessEnv): ReturnType<typeof rotationDeps> {
  return rotationDeps({ env, cwd: projectDirectory(process.cwd()) });
}

/** Warnings of a rotation (a recovered crash) on stderr, as the engine would show them under Pulumi. */
const stderrLogger: RotationLogger = {
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

/** The client named by id (GET) or by exact name (exactly one live match in the list). */
async function findClient(
  list: () => Promise<OAuthClient[]>,
  get: (id: string) => Promise<OAuthClient | undefined>,
  target: RotateTarget,
): Promise<OAuthClient> {
  if ("id" in target) {
    const found = await get(target.id);
    if (!found) throw notFoundById(target.id);
    return found;
  }
  return byName(await list(), target.name);
}

function notFoundById(id: string): GuardError {
  return new GuardError("genesys.not-found", `No OAuth client with id ${id}`, { hint: "Check --client-id and the region (GENESYS_CLOUD_REGION)" });
}

function byName(clients: OAuthClient[], name: string): OAuthClient {
  const matches = clients.filter((c) => c.name === name && c.state !== "deleted");
  if (matches.length === 0)
    throw new GuardError("genesys.not-found", `No OAuth client is named "${name}"`, { hint: "Names match exactly, case included; or pass --client-id" });
  if (matches.length > 1) {
    throw new GuardError("genesys.ambiguous", `${matches.length} OAuth clients are named "${name}": ${matches.map((c) => c.id).join(", ")}`, {
      hint: "Pass --client-id to choose one",
    });
  }
  return matches[0];
}

/** One client that could not be rotated (or, in a dry run, checked); never a secret. */
export interface RotateFailure {
  /** `id ID` or `name "NAME"` as given. */
  target: string;
  clientId?: string;
  code: string;
  message: string;
}

/** What a rotation over several clients reports. */
export interface RotateManyResult {
  rotated: RotateReport[];
  failed: RotateFailure[];
  /** Wall time of the rotations (after validation and lookup). */
  seconds: number;
}

const describeTarget = (t: RotateTarget): string => ("id" in t ? `id ${t.id}` : `name "${t.name}"`);

/**
 * Rotate several clients concurrently (at most `--concurrency` at once). The clients are looked up with
 * one listing (ids missing from it with a GET); a client that fails does not stop the others. API calls
 * are paced per admin token by the Genesys client, so the list runs at the rate limit without 429s.
 */
export async function rotateMany(options: RotateOptions, targets: RotateTarget[], env: NodeJS.ProcessEnv = process.env): Promise<RotateManyResult> {
  if (options.output === "stdout" || options.output === "github-actions") {
    throw new GuardError(
      "cli.usage",
      `--output ${options.output} prints a secret and takes a single client; ${targets.length} were named (use --output text or json)`,
    );
  }
  if (options.githubEnv) throw new GuardError("cli.usage", "--github-env goes with --output github-actions (a single client)");
  const template = options.store ?? env.GENESYS_OAUTH_GUARD_STORE;
  if (!template)
    throw new GuardError("cli.usage", "Where should the new secrets go? Pass --store <reference> with {id} or {name} in it, or set GENESYS_OAUTH_GUARD_STORE");
  if (!/\{(id|name)\}/.test(template)) {
    throw new GuardError(
      "cli.usage",
      `With ${targets.length} clients each needs its own store record: put {id} or {name} in --store (e.g. vault://secret/genesys/{id})`,
    );
  }
  const verifyTimeoutSeconds = Number(options.verifyTimeout);
  if (!Number.isFinite(verifyTimeoutSeconds) || verifyTimeoutSeconds <= 0)
    throw new GuardError("cli.usage", "--verify-timeout must be a number of seconds > 0");
  const concurrency = Number(options.concurrency ?? "10");
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw new GuardError("cli.usage", "--concurrency must be a whole number from 1 to 1000");
  const deps = cliRotationDeps(env);
  parseStoreReference(storeFor(template, { id: "x", name: "x" }));

  // Look every client up with one listing: one call (per page) instead of one GET per client.
  const genesys = deps.client();
  const live = (await genesys.listClients()).filter((c) => c.state !== "deleted");
  const byId = new Map(live.map((c) => [c.id, c]));
  const failed: RotateFailure[] = [];
  const jobs: { target: RotateTarget; client: OAuthClient; store: string }[] = [];
  const stores = new Map<string, string>();
  for (const target of targets) {
    try {
      const client = "id" in target ? (byId.get(target.id) ?? (await genesys.findClient(target.id))) : byName(live, target.name);
      if (!client) throw notFoundById((target as { id: string }).id);
      if (jobs.some((j) => j.client.id === client.id)) continue;
      const store = storeFor(template, client);
      const other = stores.get(store);
      if (other)
        throw new GuardError("cli.usage", `${printable(client.name)} (${client.id}) and ${other} would share the store record ${store}: use {id} in --store`);
      stores.set(store, `${printable(client.name)} (${client.id})`);
      parseStoreReference(store);
      jobs.push({ target, client, store });
    } catch (error) {
      failed.push(failure(target, error));
    }
  }
  for (const f of failed) process.stderr.write(`failed: ${shown(f.target, options)}: ${shown(f.message, options)}\n`);

  const rotated: RotateReport[] = [];
  const started = Date.now();
  let done = 0;
  const total = jobs.length;
  process.stderr.write(`${options.dryRun ? "checking" : "rotating"} ${total} client(s), ${Math.min(concurrency, total)} at a time\n`);
  const runOne = async (job: (typeof jobs)[number]): Promise<void> => {
    // Names are chosen by whoever created the client: no control character reaches text or JSON output.
    const name = printable(job.client.name);
    const report: RotateReport = { clientId: job.client.id, clientName: name, store: job.store, dryRun: Boolean(options.dryRun) };
    try {
      if (options.dryRun) {
        await deps.openStore(job.store).checkWritable();
      } else {
        const rotated = await rotateSecret(deps, { clientId: job.client.id, secretStore: job.store, verifyTimeoutSeconds }, stderrLogger);
        Object.assign(report, {
          rotatedAt: rotated.rotatedAt,
          storeVersion: rotated.storeVersion,
          secretMarker: rotated.secretMarker,
          verified: rotated.verified,
        });
      }
      rotated.push(report);
      done += 1;
      process.stderr.write(`[${done}/${total}] ${options.dryRun ? "ok (dry run)" : "rotated"} ${shown(name, options)} (${job.client.id}) → ${job.store}\n`);
    } catch (error) {
      const f = failure(job.target, error, job.client.id);
      failed.push(f);
      done += 1;
      process.stderr.write(`[${done}/${total}] FAILED ${shown(name, options)} (${job.client.id}): ${shown(f.message, options)}\n`);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < jobs.length) await runOne(jobs[next++]);
    }),
  );
  return { rotated, failed, seconds: Math.round((Date.now() - started) / 10) / 100 };
}

function failure(target: RotateTarget, error: unknown, clientId?: string): RotateFailure {
  const message = redactText(error instanceof GuardError ? error.describe() : error instanceof Error ? error.message : String(error));
  return { target: printable(describeTarget(target)), clientId, code: error instanceof GuardError ? error.code : "unexpected", message: printable(message) };
}

function printMany(result: RotateManyResult, options: RotateOptions): void {
  const verb = options.dryRun ? "checked" : "rotated";
  if (options.output === "json") {
    process.stdout.write(
      JSON.stringify(
        { [verb]: result.rotated.length, failed: result.failed.length, seconds: result.seconds, reports: result.rotated, failures: result.failed },
        null,
        2,
      ) + "\n",
    );
    return;
  }
  for (const f of result.failed)
    process.stdout.write(`FAILED ${f.target}${f.clientId && !f.target.includes(f.clientId) ? ` (${f.clientId})` : ""}: ${f.message}\n`);
  process.stdout.write(`${result.rotated.length} ${verb}, ${result.failed.length} failed in ${result.seconds} s\n`);
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
        const githubOutput = process.env.GITHUB_OUTPUT ?? fail("$GITHUB_OUTPUT is not set");
        appendGithubFile(githubOutput, "client_id", report.clientId);
        appendGithubFile(githubOutput, "client_secret", secret);
        if (options.githubEnv) appendGithubFile(process.env.GITHUB_ENV ?? fail("$GITHUB_ENV is not set"), options.githubEnv, secret);
      }
      // Names are chosen by whoever created the client: never let one start a workflow command.
      process.stdout.write(workflowCommandSafe(summary(report).trimEnd()) + "\n");
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

/**
 * Text safe to print in a GitHub Actions log: control characters (CR/LF included) become spaces and `::`
 * is broken up, so no part of it can be read by the runner as a workflow command (`::add-mask::`, `::stop-commands::`…).
 */
export function workflowCommandSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/:(?=:)/g, ": ");
}

/** A client name as printed on stderr: made workflow-command-safe when a GitHub Actions runner reads the log. */
function shown(name: string, options: RotateOptions): string {
  return options.output === "github-actions" || process.env.GITHUB_ACTIONS === "true" ? workflowCommandSafe(name) : name;
}

function fail(message: string): never {
  throw new GuardError("cli.usage", message);
}

function summary(r: RotateReport): string {
  if (r.dryRun) return `dry run: ${r.clientName} (${r.clientId}) → ${r.store}: nothing changed\n`;
  return `rotated ${r.clientName} (${r.clientId}) at ${r.rotatedAt}: stored in ${r.store} (version ${r.storeVersion}), ${r.verified ? "verified with a token grant" : "NOT verified"}; marker ${r.secretMarker}\n`;
}
