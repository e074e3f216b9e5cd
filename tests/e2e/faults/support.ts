/**
 * Shared by the crash and fault suites (issue 5): one emulator + one Pulumi workspace per file, checks run
 * after every fault (converged, store works, no orphan, no leak), a killable `pulumi up`, and a small HTTP
 * proxy in front of a store server that can be taken down, brought back, or made to inject another writer.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import type { SecretStore } from "../../../stores/store";
import type { PulumiWorkspace } from "../../support/pulumi";
import { Emulator, emulatorStats, leakForms, requireE2eTools, setKnobs, startEmulatorWorkspace, tokenStatus, writeCalls } from "../providers/helpers";

export { setKnobs, tokenStatus };

/** An emulator and a workspace running the `oauth-client` program against it. */
export interface Harness {
  emulator: Emulator;
  ws: PulumiWorkspace;
  adminId: string;
  adminSecret: string;
  /** Every generated secret a check has read from a store (for the leak search). */
  seen: { clientId: string; secret: string }[];
  dispose(): Promise<void>;
}

/** Skip (or fail in CI) when pulumi or a server binary is missing. */
export function requireTools(ctx: Mocha.Context, binaries: string[] = []): void {
  requireE2eTools(ctx, ...binaries.filter((b) => !onPathExec(b)).map((b) => `${b} is not on PATH; run scripts/lib/ensure-store-servers.sh`));
}

function onPathExec(name: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Start an emulator, a workspace with stack `stack`, and set `secretStore` (+ secret config). */
export async function startHarness(
  stack: string,
  secretStore: string,
  options: { env?: Record<string, string>; secretConfig?: Record<string, string>; program?: string } = {},
): Promise<Harness> {
  const started = await startEmulatorWorkspace(options.program ?? "oauth-client", { env: options.env });
  const { ws } = started;
  await ws.initStack(stack);
  await ws.ok(["config", "set", "--plaintext", "secretStore", secretStore]);
  await ws.ok(["config", "set", "clientName", `${stack}-${randomBytes(3).toString("hex")}`]);
  for (const [key, value] of Object.entries(options.secretConfig ?? {})) await ws.ok(["config", "set", "--secret", key, value]);
  return { ...started, seen: [] };
}

/** `pulumi up --yes --skip-preview`. */
export function up(h: Harness, env: Record<string, string> = {}): ReturnType<PulumiWorkspace["run"]> {
  return h.ws.run(["up", "--yes", "--skip-preview"], { env });
}

/** Up must succeed; then a second up must change nothing and make no write call to Genesys (converged). */
export async function upConverges(h: Harness): Promise<void> {
  await h.ws.ok(["up", "--yes", "--skip-preview"]);
  await assertConverged(h);
}

/**
 * Right after an up that succeeded: another up changes nothing and makes no write call to Genesys (converged).
 * (After a failed up use {@link upConverges}: it runs the up that has to succeed first.)
 */
export async function assertConverged(h: Harness): Promise<void> {
  const before = writeCalls(await emulatorStats(h.emulator.baseUrl));
  await h.ws.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
  assert.equal(writeCalls(await emulatorStats(h.emulator.baseUrl)) - before, 0, "a no-op up makes no write call");
}

/** Every client the emulator holds (deleted ones included). */
export async function emulatorClients(baseUrl: string): Promise<{ id: string; name: string; description?: string; state?: string; seeded: boolean }[]> {
  const response = await fetch(`${baseUrl}/__emulator/clients`);
  assert.equal(response.status, 200, "GET /__emulator/clients");
  return ((await response.json()) as { entities: { id: string; name: string; description?: string; state?: string; seeded: boolean }[] }).entities;
}

/** Ids of the clients in the stack's state (OAuthClients, and both clients of a ClientPair). */
export async function stateClientIds(ws: PulumiWorkspace): Promise<string[]> {
  const exported = JSON.parse((await ws.ok(["stack", "export"])).stdout) as {
    deployment: { resources?: { type: string; id?: string; outputs?: { clientIds?: string[] } }[] };
  };
  const resources = exported.deployment.resources ?? [];
  return [
    ...resources.filter((r) => r.type.endsWith(":OAuthClient") && r.id).map((r) => r.id!),
    // A ClientPair owns two clients.
    ...resources.filter((r) => r.type.endsWith(":ClientPair")).flatMap((r) => r.outputs?.clientIds ?? []),
  ];
}

/** Every live, non-seeded client of the emulator is in state (no orphan), and no name appears twice. */
export async function assertNoOrphans(h: Harness): Promise<void> {
  const inState = await stateClientIds(h.ws);
  const live = (await emulatorClients(h.emulator.baseUrl)).filter((c) => !c.seeded && c.state !== "deleted" && c.id !== h.adminId);
  const orphans = live.filter((c) => !inState.includes(c.id));
  assert.deepEqual(
    orphans.map((c) => `${c.id} (${c.name}: ${c.description ?? ""})`),
    [],
    `orphaned clients in Genesys (live, not in state ${JSON.stringify(inState)})`,
  );
  const names = live.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, `duplicate clients: ${names.join(", ")}`);
}

/** The store holds a record whose secret gets a token; returns it (remembered for the leak search). */
export async function assertStoreWorks(h: Harness, store: SecretStore, what = "the stored secret gets a token"): Promise<{ clientId: string; secret: string }> {
  const current = await store.read();
  assert.ok(current, "the store holds a record");
  const { clientId, clientSecret } = current.record;
  if (!h.seen.some((s) => s.secret === clientSecret)) h.seen.push({ clientId, secret: clientSecret });
  assert.equal(await tokenStatus(h.emulator.baseUrl, clientId, clientSecret), 200, what);
  return { clientId, secret: clientSecret };
}

/** The stored record's client id is the one in state. */
export async function assertStoreMatchesState(h: Harness, stored: { clientId: string }): Promise<void> {
  assert.deepEqual(await stateClientIds(h.ws), [stored.clientId], "the store holds the secret of the client in state");
}

/** No secret seen so far in the backend's files, `stack export --show-secrets`, or any CLI output. */
export async function assertNoLeak(h: Harness, extra: string[] = []): Promise<void> {
  const exported = (await h.ws.ok(["stack", "export", "--show-secrets"])).stdout;
  const texts = [exported, ...h.ws.transcript, ...h.ws.backendFiles().map((f) => f.text), ...extra];
  for (const { clientId, secret } of [...h.seen, { clientId: h.adminId, secret: h.adminSecret }]) {
    for (const form of leakForms(secret, clientId)) {
      // Never print the secret: say where, not what.
      const where = texts.findIndex((t) => t.includes(form));
      assert.equal(where, -1, `a secret of client ${clientId} appears in text #${where} (state, CLI output or backend file)`);
    }
  }
}

/** What the kill step left behind. */
export interface Killed {
  /** Everything the killed CLI printed. */
  output: string;
}

/**
 * Run `pulumi up` in its own process group with failpoint `name` armed, wait until the provider reaches it,
 * then SIGKILL the whole group (CLI, language host, dynamic-provider process).
 */
export async function killUpAt(h: Harness, name: string, timeoutMs = 120_000): Promise<Killed> {
  const dir = fs.mkdtempSync(path.join(h.ws.root, "failpoints-"));
  const reached = path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.reached`);
  const child: ChildProcess = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
    cwd: h.ws.programDir,
    env: { ...h.ws.env(), GENESYS_OAUTH_GUARD_FAILPOINTS_DIR: dir, GENESYS_OAUTH_GUARD_FAILPOINTS: name },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(reached)) {
    if (exitCode !== undefined) {
      h.ws.transcript.push(`$ pulumi up (failpoint ${name})\n${output}`);
      throw new Error(`pulumi up exited (${exitCode}) before failpoint ${name} was reached:\n${output.slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`failpoint ${name} not reached within ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await sleep(50);
  }
  // The engine starts the language host and every plugin in a process group of its own (the dynamic
  // provider is not in the CLI's group), so "kill -9 of pulumi up" means: every process of the tree, as a
  // machine crash or a CI runner's kill of the job would. The tree is listed before the kill: orphans are
  // re-parented to init once the CLI is gone.
  const providerPid = Number(fs.readFileSync(reached, "utf8"));
  const tree = descendants(child.pid!);
  // Never signal this test process, its ancestors, or their groups, whatever /proc said.
  const ours = new Set<number>([...ancestors(process.pid), ...ancestors(process.pid).map(pgidOf)].filter((n): n is number => n !== undefined && n > 1));
  const groups = new Set([child.pid!, ...tree.map(pgidOf).filter((g): g is number => g !== undefined && g > 1)]);
  for (const g of groups) if (!ours.has(g)) signal(-g);
  for (const pid of [child.pid!, ...tree, providerPid]) if (pid > 1 && !ours.has(pid)) signal(pid);
  await exited;
  for (const pid of [...tree, providerPid]) await waitGone(pid);
  h.ws.transcript.push(`$ pulumi up (killed at ${name})\n${output}`);
  return { output };
}

/** Every process below `root` (from /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry), Number(fields[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** `pid` and every parent up to init. */
function ancestors(pid: number): number[] {
  const out: number[] = [];
  for (let p = pid; p > 1 && out.length < 64;) {
    out.push(p);
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      p = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return out;
}

function pgidOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}

function signal(pidOrGroup: number): void {
  try {
    process.kill(pidOrGroup, "SIGKILL");
  } catch {
    /* already gone */
  }
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    let state: string | undefined;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    } catch {
      return;
    }
    if (state === "Z" || state === "X") return; // dead, not yet reaped
    await sleep(50);
  }
  throw new Error(`the provider process ${pid} survived the SIGKILL of its process group`);
}

/**
 * Recover from a killed update the way a user with a local backend does (docs/FAULTS.md): `pulumi cancel`
 * (with a file backend, v3.252, it removes the lock the dead process left), then refresh clearing the
 * pending operations the dead process left in the checkpoint, then `pulumi up`.
 */
export async function recoverAfterKill(h: Harness): Promise<void> {
  await h.ws.ok(["cancel", "--yes"]);
  await h.ws.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  await h.ws.ok(["up", "--yes", "--skip-preview"]);
}

/** Skip a test whose failpoint the installed providers do not call (reported as pending, not as passing). */
export function requireFailpoint(ctx: Mocha.Context, name: string): void {
  if (!failpointsInProviders().has(name)) ctx.skip();
}

/** The failpoint calls the installed providers and rotation service make (`failpoint("…")` in the compiled sources). */
export function failpointsInProviders(): Set<string> {
  const names = new Set<string>();
  for (const folder of ["providers", "rotation"]) {
    const dir = path.resolve(__dirname, "..", "..", "..", folder);
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith(".js")) continue;
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      for (const m of text.matchAll(/failpoint\)?\(\s*["'`]([^"'`]+)["'`]/g)) names.add(m[1]);
    }
  }
  return names;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An HTTP proxy in front of a store server: `down()` closes it (connection refused, like a stopped
 * server, without losing the in-memory server's data), `restore()` listens again on the same port, and
 * `beforeNext(match, action)` runs `action` before forwarding the next request that matches (e.g. another
 * writer's write right before ours: a real CAS conflict).
 */
export class StoreProxy {
  private server?: http.Server;
  private sockets = new Set<net.Socket>();
  private hooks: { match: (method: string, url: string) => boolean; action: () => Promise<void>; skip: number }[] = [];
  port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.forward(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Run `action` before forwarding the next request that matches, after letting `skip` matching ones through. */
  beforeNext(match: (method: string, url: string) => boolean, action: () => Promise<void>, skip = 0): void {
    this.hooks.push({ match, action, skip });
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.start();
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const i = this.hooks.findIndex((hk) => hk.match(req.method ?? "", req.url ?? ""));
    if (i >= 0 && this.hooks[i].skip > 0) this.hooks[i].skip -= 1;
    else if (i >= 0) {
      const [hook] = this.hooks.splice(i, 1);
      await hook.action();
    }
    const target = new URL(req.url ?? "/", this.target);
    const headers = { ...req.headers, host: target.host };
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    upstream.end(Buffer.concat(chunks));
  }
}

/** Every scripted Genesys fault (failNext, dropAfterAction) was consumed: the fault under test really happened. */
export async function assertKnobsFired(h: Harness): Promise<void> {
  const response = await fetch(`${h.emulator.baseUrl}/__emulator/knobs`);
  const left = (await response.json()) as { failNext: unknown[]; dropAfterAction: unknown[] };
  assert.deepEqual(left.failNext, [], "every scripted failure was consumed (the fault really happened)");
  assert.deepEqual(left.dropAfterAction, [], "every scripted lost response was consumed");
}

/** Clear the emulator's fault knobs (so a failed test cannot slow the teardown), then dispose of the harness. */
export async function disposeWithKnobsReset(h: Harness): Promise<void> {
  await setKnobs(h.emulator.baseUrl, { latencyMs: 0, failNext: [], dropAfterAction: [], secretActivationDelayMs: 0 }).catch(() => undefined);
  await h.dispose();
}
