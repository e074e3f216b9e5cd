/**
 * Rotation-at-scale benchmark (issue 5): how close rotating many clients comes to the bound the Genesys
 * rate limit sets (emulator at its default 300 API requests per minute per token), how many API calls a
 * rotation costs per client, and that nothing trips a 429.
 *
 *   node dist/bench/rotation-scale/run.js [--clients 200] [--concurrency 20] [--parallel 50] [--checkpoints] [--no-stack] [--keep]
 *
 * (a) `genesys-oauth-guard rotate --from-file` over N clients (the real CLI in a child process) against an
 *     in-process emulator: wall time over the rate-limit bound of the API calls it made.
 * (b) API calls per client per rotation from GET /__emulator/stats (protocol minimum: 1, the regenerate).
 * (c) A Pulumi stack of N OAuthClients with rotation (bench/rotation-scale/program, file store): `pulumi up`,
 *     a rotation (config change) and a no-op `pulumi up`, with the real CLI. Skipped when pulumi is not on PATH.
 *     The engine runs with PULUMI_SKIP_CHECKPOINTS=true unless --checkpoints: with a file backend the engine
 *     rewrites the whole state after every step, which for 400 resources costs more than the API calls and
 *     would hide what this benchmark measures (see README.md for both numbers). The no-op `up` is the
 *     engine's own time for the stack and is reported as a baseline.
 *
 * Bounds. The limit L counts API requests per token in fixed 60-second windows; a token grant goes to the
 * login host and does not count. For C counted calls:
 *   sustained bound  = C x 60 s / L          (the limit's average rate; 200 calls -> 40 s)
 *   window bound     = (ceil(C / L) - 1) x 60 s   (exact minimum when a fresh window allows a burst of L)
 * The ratio reported is wall / sustained bound (goal <= 1.25); wall / window bound is reported when the
 * window bound is not 0. Results: bench/results/rotation-scale.json (git-ignored) and a table. No timing
 * assertion anywhere: this is a report.
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../genesys";
import { PulumiWorkspace, pulumiAvailable } from "../../tests/support/pulumi";
import { numberArg } from "../support/args";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";

interface EmulatorStats {
  byRoute: Record<string, number>;
  byClient: Record<string, number>;
  tokenRequests: number;
  tokensIssued: number;
  rateLimited: number;
  writes: number;
}

/** What one measured step cost, from the emulator's statistics. */
interface StepCost {
  seconds: number;
  /** API requests counted against the admin token's limit. */
  apiCalls: number;
  regenerates: number;
  writes: number;
  tokenRequests: number;
  rateLimited: number;
  sustainedBoundSeconds: number;
  windowBoundSeconds: number;
  /** wall / sustained bound. */
  ratio: number | null;
  /** wall / window bound (null when the calls fit in one window). */
  ratioToWindowBound: number | null;
  byRoute: Record<string, number>;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

async function stats(emu: RunningEmulator): Promise<EmulatorStats> {
  const res = await fetch(`${emu.baseUrl}/__emulator/stats`);
  return (await res.json()) as EmulatorStats;
}

function cost(before: EmulatorStats, after: EmulatorStats, adminId: string, seconds: number, limit: number): StepCost {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) {
    const d = n - (before.byRoute[route] ?? 0);
    if (d > 0) byRoute[route] = d;
  }
  const apiCalls = (after.byClient[adminId] ?? 0) - (before.byClient[adminId] ?? 0);
  const sustained = (apiCalls * 60) / limit;
  const windowBound = Math.max(0, Math.ceil(apiCalls / limit) - 1) * 60;
  return {
    seconds: round2(seconds),
    apiCalls,
    regenerates: byRoute[REGENERATE] ?? 0,
    writes: after.writes - before.writes,
    tokenRequests: after.tokenRequests - before.tokenRequests,
    rateLimited: after.rateLimited - before.rateLimited,
    sustainedBoundSeconds: round2(sustained),
    windowBoundSeconds: windowBound,
    ratio: sustained > 0 ? round2(seconds / sustained) : null,
    ratioToWindowBound: windowBound > 0 ? round2(seconds / windowBound) : null,
    byRoute,
  };
}

/** Runs the CLI asynchronously (the emulator answers from this process). */
function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const clients = Math.round(numberArg("--clients", 200, 1));
  const concurrency = Math.round(numberArg("--concurrency", 20, 1));
  const parallel = Math.round(numberArg("--parallel", 50, 1));
  const keep = process.argv.includes("--keep");
  const withStack = !process.argv.includes("--no-stack");
  const checkpoints = process.argv.includes("--checkpoints");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-rotation-"));
  fs.chmodSync(work, 0o700);
  const admin = { id: "bench-admin", secret: `bench-admin-${randomBytes(12).toString("hex")}` };
  const emu = await startEmulator({ adminClientId: admin.id, adminClientSecret: admin.secret });
  const limit = 300; // the emulator's default, which this benchmark is about
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GENESYS_CLOUD_CLIENT_ID: admin.id,
    GENESYS_CLOUD_CLIENT_SECRET: admin.secret,
    GENESYS_CLOUD_API_URL: emu.baseUrl,
  };
  let ws: PulumiWorkspace | undefined;
  try {
    // The clients to rotate, made through the API (seeded clients are read-only), outside the measurement.
    const setup = new GenesysClient(resolveGenesysSettings({ clientId: admin.id, clientSecret: admin.secret, apiBaseUrl: emu.baseUrl }, {}));
    const role = (await setup.listRoles({ name: "Developer" }))[0].id;
    const seeded: { id: string }[] = [];
    let made = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (made < clients) {
          const i = made++;
          const c = await setup.createClient({
            name: `bench-cli-${i}`,
            authorizedGrantType: "CLIENT-CREDENTIALS",
            roleDivisions: [{ roleId: role, divisionId: "*" }],
            accessTokenValiditySeconds: 3600,
          });
          seeded.push({ id: c.id });
        }
      }),
    );

    // (a) + (b): rotate over the list with the real CLI.
    const idFile = path.join(work, "clients.txt");
    fs.writeFileSync(idFile, seeded.map((c) => c.id).join("\n") + "\n");
    process.stderr.write(`bench: rotate over ${clients} clients (--concurrency ${concurrency}) against the emulator at ${emu.baseUrl}\n`);
    const before = await stats(emu);
    const cli = await timed(() =>
      runCli(["rotate", "--from-file", idFile, "--store", `file://${work}/cli/{id}`, "--concurrency", String(concurrency), "--output", "json"], work, env),
    );
    const after = await stats(emu);
    if (cli.value.code !== 0) throw new Error(`rotate exited ${cli.value.code}: ${cli.value.stderr.slice(-2000)}`);
    const summary = JSON.parse(cli.value.stdout) as { rotated: number; failed: number };
    const cliCost = cost(before, after, admin.id, cli.seconds, limit);
    const cliResult = {
      ...cliCost,
      clients,
      concurrency,
      rotated: summary.rotated,
      failed: summary.failed,
      apiCallsPerClient: round2(cliCost.apiCalls / clients),
      regeneratesPerClient: round2(cliCost.regenerates / clients),
      // Verification grants (one per client when the secret is accepted at once) + the admin token.
      tokenRequestsPerClient: round2(cliCost.tokenRequests / clients),
    };

    // (c): the Pulumi stack.
    let stack: Record<string, unknown> | { skipped: string } = {
      skipped: "pulumi is not on PATH (export PATH=$(bash scripts/toolchain/ensure-pulumi.sh):$PATH)",
    };
    if (withStack && pulumiAvailable()) {
      ws = new PulumiWorkspace("program", path.join(repoRoot, "bench", "rotation-scale"));
      ws.extraEnv = { GENESYS_CLOUD_CLIENT_ID: admin.id, GENESYS_CLOUD_CLIENT_SECRET: admin.secret, GENESYS_CLOUD_API_URL: emu.baseUrl };
      if (!checkpoints) ws.extraEnv.PULUMI_SKIP_CHECKPOINTS = "true";
      await ws.initStack("bench");
      await ws.ok(["config", "set", "clients", String(clients)]);
      await ws.ok(["config", "set", "storeDir", path.join(work, "stack")]);
      await ws.ok(["config", "set", "round", "1"]);
      const upArgs = ["up", "--yes", "--skip-preview", "--parallel", String(parallel)];
      const step = async (label: string): Promise<StepCost> => {
        process.stderr.write(`bench: pulumi ${label} (${clients} clients, --parallel ${parallel})\n`);
        const b = await stats(emu);
        const t = await timed(() => ws!.ok(upArgs, { timeoutMs: 30 * 60_000 }));
        return cost(b, await stats(emu), admin.id, t.seconds, limit);
      };
      const up = await step("up (create + first rotation)");
      await ws.ok(["config", "set", "round", "2"]);
      const rotation = await step("up (rotation: config round 1 -> 2)");
      const noop = await step("up (no change)");
      stack = {
        clients,
        parallel,
        skipCheckpoints: !checkpoints,
        // The engine's own time for this stack (no API call): wall minus this is what the API work cost.
        engineBaselineSeconds: noop.seconds,
        up,
        rotation: { ...rotation, apiCallsPerClient: round2(rotation.apiCalls / clients), regeneratesPerClient: round2(rotation.regenerates / clients) },
        noop: { ...noop, providerProcesses: 1, tokenRequestsPerProviderProcess: noop.tokenRequests },
      };
    }

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
      rateLimitPerMinute: limit,
      protocolMinimum: {
        apiCallsPerClientPerRotation: 1,
        explanation:
          "A rotation needs one API call that counts against the limit: POST /api/v2/oauth/clients/{id}/secret (regenerate). " +
          "The verification token grant goes to the login host (POST /oauth/token) and does not count; store writes go to the store. " +
          "rotate over a list adds one GET /api/v2/oauth/clients per page to resolve the ids and names.",
      },
      cliRotate: cliResult,
      stack,
      goals: {
        cliWallOverBoundAtMost1_25: cliResult.ratio !== null && cliResult.ratio <= 1.25,
        cliApiCallsPerClientAtProtocolMinimum: cliResult.regeneratesPerClient === 1 && cliResult.apiCalls <= clients + Math.ceil(clients / 100) + 1,
        no429: cliResult.rateLimited === 0 && (!("up" in stack) || [stack.up, stack.rotation, stack.noop].every((s) => (s as StepCost).rateLimited === 0)),
        stackRotationWallOverBoundAtMost1_25: "rotation" in stack ? ((stack.rotation as StepCost).ratio ?? Infinity) <= 1.25 : null,
        noopNoWritesAtMostOneToken: "noop" in stack ? (stack.noop as StepCost).writes === 0 && (stack.noop as StepCost).tokenRequests <= 1 : null,
      },
    };
    const outDir = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "rotation-scale.json"), JSON.stringify(result, null, 2) + "\n");
    printTable(result.cliRotate, "up" in stack ? (stack as { up: StepCost; rotation: StepCost; noop: StepCost }) : undefined, clients, limit);
    if ("skipped" in stack) process.stdout.write(`\nstack not measured: ${String(stack.skipped)}\n`);
    process.stdout.write(`\nresults: ${path.relative(process.cwd(), path.join(outDir, "rotation-scale.json"))}\n`);
  } finally {
    if (ws && !keep) ws.dispose();
    await emu.close();
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`bench: kept ${work}${ws ? ` and ${ws.root}` : ""}\n`);
  }
}

function printTable(
  cli: StepCost & { apiCallsPerClient: number },
  stack: { up: StepCost; rotation: StepCost; noop: StepCost } | undefined,
  clients: number,
  limit: number,
): void {
  const fmt = (n: number | null): string => (n === null ? "-" : String(n));
  const rows: string[][] = [
    ["step", "wall (s)", "API calls", "per client", "bound (s)", "wall/bound", "window bound (s)", "wall/window", "429s", "writes", "token req."],
  ];
  const row = (label: string, c: StepCost): string[] => [
    label,
    c.seconds.toFixed(1),
    String(c.apiCalls),
    (c.apiCalls / clients).toFixed(3),
    c.sustainedBoundSeconds.toFixed(1),
    fmt(c.ratio),
    String(c.windowBoundSeconds),
    fmt(c.ratioToWindowBound),
    String(c.rateLimited),
    String(c.writes),
    String(c.tokenRequests),
  ];
  rows.push(row(`rotate --from-file (${clients} clients)`, cli));
  if (stack) {
    rows.push(row("pulumi up (create + rotation)", stack.up));
    rows.push(row("pulumi up (rotation round)", stack.rotation));
    rows.push(row("pulumi up (no change)", stack.noop));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(
    `\nrotation-scale benchmark: ${clients} clients, emulator limit ${limit} API requests/min/token; bound = API calls x 60 s / ${limit}\n\n`,
  );
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ") + "\n");
  process.stdout.write(
    "\nprotocol minimum: 1 API call per client per rotation (the regenerate); the verification token grant goes to the login host and does not count\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
