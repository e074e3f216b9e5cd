/**
 * Starts the real moto server (`moto_server`) on a free loopback port: the AWS JSON protocol for
 * Secrets Manager. Skips the calling suite when `moto_server` is missing, except in CI (env CI set)
 * where that fails. Use AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1.
 */
import { freePort, spawnServer, waitForHttp } from "./openbao";

export { requireBinary } from "./openbao";

/** A running moto server. */
export interface MotoServer {
  endpoint: string;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stop the server (idempotent). */
  stop(): Promise<void>;
  /** The server's process id (for CPU accounting in benchmarks). */
  pid: number | undefined;
  /** Requests served so far, by kind (`LIST` for ListObjectsV2, else the HTTP method), from the server's request log. */
  requests(): Record<string, number>;
}

/**
 * Start `moto_server -H 127.0.0.1 -p <free port>`; resolves when it answers. `env` is added to the
 * server's environment, e.g. INITIAL_NO_AUTH_ACTION_COUNT to make moto enforce IAM after N calls.
 */
export async function startMoto(options: { env?: Record<string, string> } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const server = spawnServer("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { ...process.env, ...(options.env ?? {}) });
  let exited = false;
  server.child.once("exit", () => (exited = true));
  const requests: Record<string, number> = {};
  let partial = "";
  // werkzeug logs one line a request on stderr: `127.0.0.1 - - [date] "GET /bucket/key?… HTTP/1.1" 200 -`.
  server.child.stderr?.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const m = /"([A-Z]+) (\S*) HTTP\/[\d.]+"/.exec(line);
      if (!m) continue;
      const kind = m[1] === "GET" && /[?&]list-type=2/.test(m[2]) ? "LIST" : m[1];
      requests[kind] = (requests[kind] ?? 0) + 1;
    }
  });
  try {
    await waitForHttp(
      `${endpoint}/moto-api/data.json`,
      (s) => s === 200,
      60_000,
      () => exited,
      server.output,
    );
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
    },
    stop: server.stop,
    pid: server.child.pid,
    requests: () => ({ ...requests }),
  };
}
