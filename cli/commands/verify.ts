/**
 * `genesys-oauth-guard verify`: for every OAuthClient of a stack (or given store references), read the
 * secret from the store, request a token with it, and report working / broken / missing and the age of
 * the secret against the rotation policy. Never prints a secret.
 *
 * Each check is the rotation service's (rotation/check.ts); stores and Genesys clients are built by
 * rotation/bindings.ts, as `rotate`'s are (here with the stored client's own credentials, no admin ones).
 */
import { Command, Option } from "commander";
import { GuardError, isGuardError } from "../../core/errors";
import { ownCredentialsGenesys, rotationDeps } from "../../rotation/bindings";
import { checkStoredSecret, StoredSecretCheck } from "../../rotation/check";
import { isOAuthClientType } from "../../domain/resource-types";
import { exportStack, SECRET_ROTATION_TYPE } from "../support/stack-export";
import { parseDuration, formatAge } from "../support/duration";
import { printTable } from "../support/table";

/** What verify reports for one stored credential. */
export interface VerifyResult {
  /** The store reference. */
  store: string;
  /** The client id the store holds (or the stack's, when the store is empty). */
  clientId?: string;
  /** Pulumi URN, when the reference came from a stack. */
  urn?: string;
  /** working: the secret gets a token; broken: it does not; missing: nothing stored; error: the check failed. */
  status: "working" | "broken" | "missing" | "error";
  /** Why, for anything but working (never contains a secret). */
  detail?: string;
  rotatedAt?: string;
  ageDays?: number;
  /** True when the secret is older than the allowed age. */
  overdue: boolean;
}

interface VerifyOptions {
  stack?: string[];
  store?: string[];
  maxAge: string;
  json?: boolean;
  cwd?: string;
}

/** A store reference to check, with what the stack says about it. */
interface Target {
  store: string;
  clientId?: string;
  urn?: string;
  maxAgeMs?: number;
}

/** Register `verify` on the program. */
export function registerVerifyCommand(program: Command): void {
  program
    .command("verify")
    .description("Check that stored client credentials work: read each secret from its store and request a token with it")
    .option("-s, --stack <name...>", "verify every OAuthClient of these stacks (read with `pulumi stack export`)")
    .option("--store <reference...>", "verify these store references (file://, vault://, awssm://)")
    .addOption(new Option("--max-age <duration>", "report secrets older than this as overdue (e.g. 30d, 90d, 12h)").default("90d"))
    .option("--json", "print the results as JSON")
    .option("-C, --cwd <dir>", "the Pulumi project directory (for --stack and relative file:// references)")
    .addHelpText(
      "after",
      `
Credentials: the store's own (VAULT_TOKEN, AWS_* ...; see the README). Genesys admin credentials are not
needed: only the stored client's own id and secret are used, against the login host of the region or base
URL written in the record (else GENESYS_CLOUD_REGION / GENESYS_CLOUD_LOGIN_URL).

Exit codes: 0 every credential works and none is overdue; 1 something is broken, missing or overdue;
2 usage error.

Examples:
  genesys-oauth-guard verify --stack prod
  genesys-oauth-guard verify --store vault://secret/genesys/ci-client --max-age 30d --json`,
    )
    .action(async (options: VerifyOptions) => {
      const results = await verify(options);
      if (options.json) {
        process.stdout.write(JSON.stringify({ results }, null, 2) + "\n");
      } else {
        printTable(
          ["store", "client id", "status", "age", "detail"],
          results.map((r) => [
            r.store,
            r.clientId ?? "-",
            r.overdue && r.status === "working" ? "overdue" : r.status,
            r.ageDays === undefined ? "-" : formatAge(r.ageDays),
            r.detail ?? "",
          ]),
        );
        const bad = results.filter((r) => r.status !== "working" || r.overdue).length;
        process.stderr.write(`\n${results.length} credential(s) checked: ${results.length - bad} fine, ${bad} need attention\n`);
      }
      process.exitCode = results.every((r) => r.status === "working" && !r.overdue) ? 0 : 1;
    });
}

/** Verify the credentials named by `options` (exported for tests). */
export async function verify(options: VerifyOptions, env: NodeJS.ProcessEnv = process.env): Promise<VerifyResult[]> {
  const maxAgeMs = parseDuration(options.maxAge, "--max-age");
  const targets: Target[] = (options.store ?? []).map((store) => ({ store }));
  for (const stack of options.stack ?? []) targets.push(...stackTargets(stack, options.cwd));
  if (targets.length === 0) {
    throw new GuardError("cli.usage", "Nothing to verify: pass --stack <name> or --store <reference>");
  }
  const results: VerifyResult[] = [];
  for (const [i, target] of targets.entries()) {
    if (targets.length > 3) process.stderr.write(`verifying ${i + 1}/${targets.length}: ${target.store}\n`);
    results.push(await verifyOne(target, target.maxAgeMs ?? maxAgeMs, env, options.cwd));
  }
  return results;
}

/** Every OAuthClient of a stack, with the period of its rotation when it has one. */
function stackTargets(stack: string, cwd?: string): Target[] {
  const resources = exportStack(stack, cwd).deployment.resources ?? [];
  const targets: Target[] = [];
  for (const r of resources) {
    if (!isOAuthClientType(r.type) || !r.outputs) continue;
    const store = r.outputs.secretStore;
    if (typeof store !== "string") continue;
    const rotation = r.outputs.rotation as { every?: string } | undefined;
    const target: Target = { store, urn: r.urn, clientId: typeof r.outputs.clientId === "string" ? r.outputs.clientId : r.id };
    if (rotation?.every) target.maxAgeMs = parseDuration(rotation.every, "rotation period");
    targets.push(target);
  }
  if (!resources.some((r) => isOAuthClientType(r.type)) && resources.some((r) => r.type === SECRET_ROTATION_TYPE)) {
    process.stderr.write(`stack ${stack}: SecretRotation resources but no OAuthClient; pass their stores with --store\n`);
  }
  return targets;
}

async function verifyOne(target: Target, maxAgeMs: number, env: NodeJS.ProcessEnv, cwd?: string): Promise<VerifyResult> {
  const base: VerifyResult = { store: target.store, clientId: target.clientId, urn: target.urn, status: "error", overdue: false };
  const deps = rotationDeps({ env, cwd: cwd ?? process.cwd() });
  let check: StoredSecretCheck;
  try {
    check = await checkStoredSecret(deps, (stored) => ownCredentialsGenesys(stored, env), target.store, target.clientId);
  } catch (error) {
    return { ...base, detail: describe(error) };
  }
  if (check.status === "missing") return { ...base, status: "missing", detail: "nothing stored at this reference" };
  const { record } = check.stored;
  const result: VerifyResult = { ...base, ...ageOf(record, maxAgeMs) };
  if (check.status === "other-client") {
    return { ...result, status: "broken", detail: `the store holds client ${record.clientId}, the stack manages ${target.clientId}` };
  }
  if (check.status === "grant-failed") return { ...result, status: "error", detail: describe(check.error) };
  if (check.grant.ok) return { ...result, status: "working", detail: result.overdue ? `older than ${formatAge(maxAgeMs / 86_400_000)}: rotate it` : undefined };
  return { ...result, status: "broken", detail: `token refused (${check.grant.reason})` };
}

/** The stored client and the age of its secret against `maxAgeMs`. */
function ageOf(record: { clientId: string; rotatedAt: string }, maxAgeMs: number): Pick<VerifyResult, "clientId" | "rotatedAt" | "ageDays" | "overdue"> {
  const ageMs = Date.now() - Date.parse(record.rotatedAt);
  return { clientId: record.clientId, rotatedAt: record.rotatedAt, ageDays: Math.round((ageMs / 86_400_000) * 10) / 10, overdue: ageMs > maxAgeMs };
}

function describe(error: unknown): string {
  if (isGuardError(error)) return error.describe();
  return error instanceof Error ? error.message : String(error);
}
