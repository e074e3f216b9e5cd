/**
 * Helpers of the provider end-to-end tests: the emulator as a process, token checks, leak forms, stats.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { repoRoot } from "../../support/pulumi";

/** A running emulator. */
export interface Emulator {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Start the emulator through the CLI, as the demo does: the first stdout line is its base URL. */
export async function startEmulator(adminClientId: string, adminClientSecret: string): Promise<Emulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, "bin", "genesys-oauth-guard"), "emulator", "--port", "0", "--admin-client-id", adminClientId, "--admin-client-secret", adminClientSecret],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the emulator did not start:\n${stderr}`)), 30_000);
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}):\n${stderr}`)));
  });
  return {
    baseUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Every form in which a secret could leak into text. */
export function leakForms(secret: string, clientId?: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url")];
  if (clientId) forms.push(Buffer.from(`${clientId}:${secret}`).toString("base64"));
  return forms;
}

/** POST /oauth/token with client credentials: the HTTP status. */
export async function tokenStatus(baseUrl: string, clientId: string, secret: string): Promise<number> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  await response.arrayBuffer();
  return response.status;
}

/** Counts of requests by `METHOD path-pattern` from the emulator's stats endpoint. */
export async function emulatorStats(baseUrl: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/__emulator/stats`);
  assert.equal(response.status, 200, "the emulator serves /__emulator/stats");
  return (await response.json()) as Record<string, unknown>;
}

/** Number of write calls (POST/PUT/DELETE on the API) in a stats snapshot. */
export function writeCalls(stats: Record<string, unknown>): number {
  if (typeof stats.writes === "number") return stats.writes;
  let total = 0;
  const visit = (value: unknown, key: string): void => {
    if (typeof value === "number" && /^(POST|PUT|DELETE|PATCH)\b.*oauth\/clients/i.test(key)) total += value;
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, /^(POST|PUT|DELETE|PATCH)\b/i.test(k) ? k : `${key} ${k}`.trim());
  };
  visit(stats, "");
  return total;
}


/** Set emulator knobs (POST /__emulator/knobs); given fields replace. */
export async function setKnobs(baseUrl: string, knobs: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/__emulator/knobs`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(knobs) });
  assert.ok(response.status >= 200 && response.status < 300, `POST /__emulator/knobs answered ${response.status}`);
  await response.arrayBuffer();
}

/** Every request the emulator answered (API and token), from a stats snapshot. */
export function totalRequests(stats: Record<string, unknown>): number {
  const byRoute = (stats.byRoute ?? {}) as Record<string, number>;
  return Object.values(byRoute).reduce((sum, n) => sum + n, 0) + (typeof stats.tokenRequests === "number" ? stats.tokenRequests : 0);
}
