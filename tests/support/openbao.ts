/**
 * Starts a real OpenBao dev server (`bao server -dev`) on a free loopback port for integration tests.
 *
 * The server is in-memory, unsealed, with KV v2 at `secret/` and the given root token. When `bao` is
 * not on PATH the calling suite is skipped with a message, except in CI (env CI set) where a missing
 * binary fails the suite: run scripts/lib/ensure-store-servers.sh to install it.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** A running OpenBao dev server. */
export interface OpenBaoServer {
  addr: string;
  rootToken: string;
  /** The dev server's unseal key (it prints one), for tests that seal and unseal it. */
  unsealKey: string;
  /** Stop the server (idempotent). */
  stop(): Promise<void>;
}

/** True when `name` is an executable on PATH. */
export function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Skip the current suite when `binary` is missing, unless in CI where it fails. Call from `before()`
 * with mocha's context.
 */
export function requireBinary(ctx: Mocha.Context, binary: string): void {
  if (onPath(binary)) return;
  const message = `${binary} is not on PATH; run scripts/lib/ensure-store-servers.sh`;
  if (process.env.CI) throw new Error(`${message} (CI is set, so this is a failure, not a skip)`);
  console.warn(`      skipping: ${message}`);
  ctx.skip();
}

/** Spawn `cmd` in its own process group and return a stopper that kills the group. */
export function spawnServer(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  let exited = false;
  const exitedP = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 3000);
    await exitedP;
    clearTimeout(timer);
  };
  return { child, output: () => out, stop };
}

/** Poll `url` until `ok(status)` or time out. */
export async function waitForHttp(url: string, ok: (status: number) => boolean, timeoutMs: number, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`server exited before answering ${url}:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (ok(res.status)) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start `bao server -dev` with a random root token on a free port; resolves when /v1/sys/health says unsealed. */
export async function startOpenBao(): Promise<OpenBaoServer> {
  const port = await freePort();
  const rootToken = `root-${randomBytes(12).toString("hex")}`;
  const addr = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("VAULT_") || k.startsWith("BAO_")) delete env[k];
  const server = spawnServer("bao", ["server", "-dev", `-dev-root-token-id=${rootToken}`, `-dev-listen-address=127.0.0.1:${port}`, "-dev-no-store-token"], env);
  let exited = false;
  server.child.once("exit", () => (exited = true));
  try {
    await waitForHttp(
      `${addr}/v1/sys/health`,
      (s) => s === 200,
      30_000,
      () => exited,
      server.output,
    );
    // The dev server prints its unseal key with the banner, which may follow the first healthy answer.
    const deadline = Date.now() + 10_000;
    let unsealKey: string | undefined;
    while (!(unsealKey = /Unseal Key:\s*(\S+)/.exec(server.output())?.[1]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!unsealKey) throw new Error("the OpenBao dev server printed no unseal key");
    return { addr, rootToken, unsealKey, stop: server.stop };
  } catch (e) {
    await server.stop();
    throw e;
  }
}
