/**
 * Helpers of the provider end-to-end tests: the emulator as a process, token checks, leak forms, stats.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as path from "path";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import { startMoto } from "../../support/moto";
import { onPath, startOpenBao } from "../../support/openbao";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../support/pulumi";

/** A running emulator. */
export interface Emulator {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Start the emulator through the CLI, as the demo does: the first stdout line is its base URL. */
export async function startEmulator(adminClientId: string, adminClientSecret: string): Promise<Emulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(repoRoot, "bin", "genesys-oauth-guard"),
      "emulator",
      "--port",
      "0",
      "--admin-client-id",
      adminClientId,
      "--admin-client-secret",
      adminClientSecret,
    ],
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
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Skip the suite when the Pulumi CLI is missing or `unavailable` names another missing tool, or fail it when CI
 * is set (scripts/test.sh installs them all, so a skip there would hide a broken setup).
 */
export function requireE2eTools(ctx: Mocha.Context, ...unavailable: (string | null | undefined)[]): void {
  const reasons = [...(pulumiAvailable() ? [] : ["pulumi is not on PATH; scripts/test.sh installs it"]), ...unavailable.filter((r): r is string => !!r)];
  if (reasons.length === 0) return;
  if (process.env.CI) throw new Error(reasons.join("; "));
  ctx.skip();
}

/** An emulator with an admin client of its own, and a Pulumi workspace whose CLI runs use that admin against it. */
export interface EmulatorWorkspace {
  emulator: Emulator;
  ws: PulumiWorkspace;
  adminId: string;
  adminSecret: string;
  /** Remove the workspace (kept, and its path printed, with GOAG_E2E_KEEP set) and stop the emulator. */
  dispose(): Promise<void>;
}

/** Start the emulator with a fresh admin client and copy `program` (from `programsDir`) into a new workspace. */
export async function startEmulatorWorkspace(
  program: string,
  options: { programsDir?: string; env?: Record<string, string> } = {},
): Promise<EmulatorWorkspace> {
  const adminId = `e2e-admin-${randomBytes(4).toString("hex")}`;
  const adminSecret = randomBytes(18).toString("base64url");
  const emulator = await startEmulator(adminId, adminSecret);
  const ws = new PulumiWorkspace(program, options.programsDir);
  ws.extraEnv = {
    GENESYS_CLOUD_CLIENT_ID: adminId,
    GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
    GENESYS_CLOUD_API_URL: emulator.baseUrl,
    GENESYS_CLOUD_LOGIN_URL: emulator.baseUrl,
    ...(options.env ?? {}),
  };
  return {
    emulator,
    ws,
    adminId,
    adminSecret,
    dispose: async () => {
      if (process.env.GOAG_E2E_KEEP) console.log(`kept workspace ${ws.root}`);
      else ws.dispose();
      await emulator.stop();
    },
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
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, /^(POST|PUT|DELETE|PATCH)\b/i.test(k) ? k : `${key} ${k}`.trim());
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

/** A store under test: the reference the program uses, the env the CLI needs, and how the test reads it. */
export interface StoreCase {
  name: string;
  /** Skip reason when the server binary is missing (null when available). */
  unavailable(): string | null;
  /** Stack config (set --secret) that makes the store unwritable, and the values that repair it; absent when not testable. */
  breakWith?: (config: Record<string, string>) => { broken: Record<string, string>; fixed: Record<string, string> };
  start(): Promise<{
    reference: string;
    env: Record<string, string>;
    config: Record<string, string>;
    open(programDir: string): SecretStore;
    stop(): Promise<void>;
  }>;
}

/** The three stores (file, OpenBao, moto), each holding the secret named `secretName`. */
export function storeCases(secretName: string): StoreCase[] {
  return [
    {
      name: "file",
      unavailable: () => null,
      start: async () => {
        const reference = `file://./.secrets/${secretName}`;
        return { reference, env: {}, config: {}, open: (programDir) => openStore(reference, { cwd: programDir }), stop: async () => undefined };
      },
    },
    {
      name: "vault (OpenBao)",
      unavailable: () => (onPath("bao") ? null : "bao is not on PATH; run scripts/lib/ensure-store-servers.sh"),
      breakWith: (config) => ({
        broken: { "genesys-oauth-guard:vaultToken": "hvs.not-a-valid-token" },
        fixed: { "genesys-oauth-guard:vaultToken": config["genesys-oauth-guard:vaultToken"] },
      }),
      start: async () => {
        const bao = await startOpenBao();
        const reference = `vault://secret/genesys/${secretName}?addr=${encodeURIComponent(bao.addr)}`;
        return {
          reference,
          env: {},
          // The token goes through stack config (--secret) and configure(), not the environment.
          config: { "genesys-oauth-guard:vaultToken": bao.rootToken },
          open: () => openStore(reference, { credentials: { vaultToken: bao.rootToken }, env: {} }),
          stop: () => bao.stop(),
        };
      },
    },
    {
      name: "aws-secrets-manager (moto)",
      unavailable: () => (onPath("moto_server") ? null : "moto_server is not on PATH; run scripts/lib/ensure-store-servers.sh"),
      start: async () => {
        const moto = await startMoto();
        const reference = `awssm://genesys/${secretName}?region=us-east-1&endpoint=${encodeURIComponent(moto.endpoint)}`;
        const env = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
        return { reference, env, config: {}, open: () => openStore(reference, { env }), stop: () => moto.stop() };
      },
    },
  ];
}

/** The emulator's admin client, through this project's Genesys client. */
export function adminClient(started: { emulator: Emulator; adminId: string; adminSecret: string }): GenesysClient {
  const { emulator, adminId, adminSecret } = started;
  return new GenesysClient(
    resolveGenesysSettings({ clientId: adminId, clientSecret: adminSecret, apiBaseUrl: emulator.baseUrl, loginBaseUrl: emulator.baseUrl }, {}),
  );
}

/**
 * A client as the Terraform tutorial made it ("Managed by Terraform", the Employee role in the home division, 24-hour
 * tokens), made directly in the emulator; its id and the secret Terraform state would hold.
 */
export async function createTerraformClient(admin: GenesysClient, name: string): Promise<{ id: string; secret: string }> {
  const roles = await admin.listRoles();
  const home = await admin.getHomeDivision();
  const employee = roles.find((r) => r.name === "Employee");
  assert.ok(employee, "the emulator seeds an Employee role");
  const created = await admin.createClient({
    name,
    description: "Managed by Terraform",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roleDivisions: [{ roleId: employee.id, divisionId: home.id }],
    accessTokenValiditySeconds: 86400,
    state: "active",
  });
  return { id: created.id, secret: created.secret };
}
