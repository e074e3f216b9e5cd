/**
 * Starts fake-gcs-server (built from its Go module by scripts/lib/ensure-fake-gcs.sh into the cache) on a free
 * loopback port, in memory, plain HTTP. Clients reach it through STORAGE_EMULATOR_HOST=127.0.0.1:<port>.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { freePort, spawnServer, waitForHttp } from "./openbao";

/** A running fake-gcs-server. */
export interface FakeGcsServer {
  /** `127.0.0.1:<port>`, the value of STORAGE_EMULATOR_HOST. */
  host: string;
  stop(): Promise<void>;
}

/** The fake-gcs-server binary (building it once when missing), or undefined when it cannot be built. */
export function fakeGcsBin(): string | undefined {
  const script = path.resolve(__dirname, "..", "..", "..", "scripts", "lib", "ensure-fake-gcs.sh");
  try {
    const dir = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 900_000 }).trim();
    return path.join(dir, "fake-gcs-server");
  } catch {
    return undefined;
  }
}

/** Skips the calling suite when fake-gcs-server cannot be built (fails in CI). */
export function requireFakeGcs(ctx: Mocha.Context): string {
  const bin = fakeGcsBin();
  if (bin) return bin;
  const message = "fake-gcs-server could not be built (scripts/lib/ensure-fake-gcs.sh needs Go >= 1.25)";
  if (process.env.CI) throw new Error(message);
  ctx.skip();
}

/** `fake-gcs-server -scheme http -backend memory` on a free port; resolves when it answers. */
export async function startFakeGcs(bin: string): Promise<FakeGcsServer> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const server = spawnServer(bin, [
    "-scheme",
    "http",
    "-host",
    "127.0.0.1",
    "-port",
    String(port),
    "-backend",
    "memory",
    "-public-host",
    host,
    "-external-url",
    `http://${host}`,
    "-log-level",
    "error",
  ]);
  let exited = false;
  server.child.once("exit", () => (exited = true));
  try {
    await waitForHttp(
      `http://${host}/storage/v1/b`,
      (s) => s === 200,
      60_000,
      () => exited,
      server.output,
    );
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { host, stop: server.stop };
}
