/**
 * Inventory at scale (issue #13): `genesys-oauth-guard inventory` (the real CLI in a child process) over an
 * org of N clients in the emulator at its default 300 API requests per minute per token, joined with a stack
 * export that manages a tenth of them. Reports wall time, the API calls made (GET /__emulator/stats) and how
 * close the run comes to the bound the rate limit sets for those calls, and peak RSS of the CLI against a run
 * with a tenth of the clients (memory should stay flat: nothing is kept per request).
 *
 *   node dist/bench/inventory/run.js [--clients 2000] [--fallback-clients 200] [--keep]
 *
 * Two usage paths, each measured:
 *   org        the default: one organization usage query for every client (calls independent of N);
 *   per-client when the org query is refused (admin without usage:organization:view): 2 calls per client.
 * Bound for C counted calls at L per minute: C × 60 s / L (sustained rate). Ratio = wall / bound; for the org
 * path, whose calls are few, the bound is below a second and the ratio says little: its number is the wall time
 * itself. Results: bench/results/inventory.json (git-ignored) and a table. No timing assertion.
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OAUTH_CLIENT_TYPE } from "../../domain/resource-types";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { numberArg } from "../support/args";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");
const RATE = 300;

interface Run {
  label: string;
  clients: number;
  calls: number;
  rateLimited: number;
  wallS: number;
  boundS: number;
  ratio: number;
  peakRssMb: number;
  exitCode: number;
}

async function stats(emu: RunningEmulator): Promise<{ requests: number; rateLimited: number }> {
  const s = (await (await fetch(`${emu.baseUrl}/__emulator/stats`)).json()) as { byRoute: Record<string, number>; rateLimited: number };
  // API requests only: token grants go to the login host and do not count against the limit.
  const requests = Object.entries(s.byRoute)
    .filter(([route]) => route.includes("/api/v2/"))
    .reduce((n, [, c]) => n + c, 0);
  return { requests, rateLimited: s.rateLimited };
}

/** Runs the CLI under /usr/bin/time-like accounting: wall time and the child's peak RSS (from /proc, sampled). */
function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; wallS: number; peakRssMb: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, "inventory", ...args], { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let peak = 0;
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const sample = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // exited
      }
    }, 100);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sample);
      resolve({ code: code ?? -1, wallS: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: Math.round(peak), stderr });
    });
  });
}

async function measure(label: string, clients: number, options: { orgUsage: boolean }, dir: string): Promise<Run> {
  const admin = { id: "bench-admin", secret: randomBytes(16).toString("hex") };
  // The per-client path: a reviewer's client with the seeded "Read Only" role (oauth:client:view, authorization:role:view,
  // but not usage:organization:view), so the organization query is refused and usage is read per client.
  const extraClients = Array.from({ length: clients }, (_, i) => ({
    id: `client-${String(i).padStart(5, "0")}`,
    secret: randomBytes(12).toString("hex"),
    name: `integration-${i}`,
    roles: [i % 50 === 0 ? "Admin" : "Developer"],
  }));
  const limited = { id: "bench-limited", secret: randomBytes(16).toString("hex"), name: "read-only reviewer", roles: ["Read Only"] };
  const emu = await startEmulator({ adminClientId: admin.id, adminClientSecret: admin.secret, extraClients: [...extraClients, limited] });
  try {
    const who = options.orgUsage ? admin : limited;
    const managed = extraClients.filter((_, i) => i % 10 === 0);
    const exportFile = path.join(dir, `stack-${label}.json`);
    fs.writeFileSync(
      exportFile,
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: {},
          resources: managed.map((c) => ({
            urn: `urn:pulumi:prod::bench::${OAUTH_CLIENT_TYPE}::${c.name}`,
            type: OAUTH_CLIENT_TYPE,
            id: c.id,
            custom: true,
            outputs: { clientId: c.id, secretStore: `file://${path.join(dir, "secrets", c.id)}` },
          })),
        },
      }),
    );
    const before = await stats(emu);
    const env = { PATH: process.env.PATH, GENESYS_CLOUD_CLIENT_ID: who.id, GENESYS_CLOUD_CLIENT_SECRET: who.secret, GENESYS_CLOUD_API_URL: emu.baseUrl };
    const r = await runCli(
      [exportFile, "--format", "json", "--output", path.join(dir, `report-${label}.json`), "--fail-on", "critical", "--no-progress"],
      env,
      dir,
    );
    const after = await stats(emu);
    const calls = after.requests - before.requests;
    const boundS = (calls * 60) / RATE;
    return {
      label,
      clients,
      calls,
      rateLimited: after.rateLimited - before.rateLimited,
      wallS: Math.round(r.wallS * 10) / 10,
      boundS: Math.round(boundS * 10) / 10,
      ratio: Math.round((r.wallS / Math.max(boundS, 0.001)) * 100) / 100,
      peakRssMb: r.peakRssMb,
      exitCode: r.code,
    };
  } finally {
    await emu.close();
  }
}

async function main(): Promise<void> {
  const clients = Math.round(numberArg("--clients", 2000));
  const fallbackClients = Math.round(numberArg("--fallback-clients", 200));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-inventory-"));
  const runs: Run[] = [];
  try {
    runs.push(await measure("org-small", Math.max(1, Math.round(clients / 10)), { orgUsage: true }, dir));
    runs.push(await measure("org", clients, { orgUsage: true }, dir));
    runs.push(await measure("per-client", fallbackClients, { orgUsage: false }, dir));
  } finally {
    if (!process.argv.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows = runs.map((r) => [
    r.label,
    String(r.clients),
    String(r.calls),
    (r.calls / r.clients).toFixed(2),
    String(r.rateLimited),
    `${r.wallS}`,
    `${r.boundS}`,
    `${r.ratio}`,
    `${r.peakRssMb}`,
    String(r.exitCode),
  ]);
  const header = ["run", "clients", "API calls", "calls/client", "429s", "wall s", "bound s", "wall/bound", "peak RSS MB", "exit"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
  const small = runs.find((r) => r.label === "org-small")!;
  const big = runs.find((r) => r.label === "org")!;
  console.log(`\npeak RSS ${big.clients} vs ${small.clients} clients: ${(big.peakRssMb / Math.max(1, small.peakRssMb)).toFixed(2)}x`);
  fs.mkdirSync(path.join(repoRoot, "bench", "results"), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, "bench", "results", "inventory.json"), JSON.stringify({ date: new Date().toISOString(), rate: RATE, runs }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
