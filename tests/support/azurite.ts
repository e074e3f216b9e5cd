/**
 * Starts Azurite's blob service (the npm package `azurite`, a devDependency) on a free loopback port, in
 * memory. Its well-known development account `devstoreaccount1` and key are public (Azurite's documented
 * defaults), so they are test constants, not credentials.
 */
import * as fs from "fs";
import * as path from "path";
import { freePort, spawnServer, waitForHttp } from "./openbao";

/** Azurite's documented development account. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
/** Azurite's documented development account key (public). */
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A running Azurite blob service. */
export interface AzuriteServer {
  /** `127.0.0.1:<port>`: the `domain=` of an azblob:// URL (with protocol=http). */
  host: string;
  /** `http://127.0.0.1:<port>/devstoreaccount1`. */
  serviceUrl: string;
  stop(): Promise<void>;
}

/** The azurite-blob launcher in node_modules/.bin, or undefined. */
export function azuriteBin(): string | undefined {
  const bin = path.resolve(__dirname, "..", "..", "..", "node_modules", ".bin", "azurite-blob");
  return fs.existsSync(bin) ? bin : undefined;
}

/** Skips the calling suite when azurite is not installed (fails in CI). */
export function requireAzurite(ctx: Mocha.Context): void {
  if (azuriteBin()) return;
  const message = "azurite is not installed (npm ci installs it: a devDependency)";
  if (process.env.CI) throw new Error(message);
  ctx.skip();
}

/** `azurite-blob --silent --inMemoryPersistence --skipApiVersionCheck` on a free port; resolves when it answers. */
export async function startAzurite(): Promise<AzuriteServer> {
  const bin = azuriteBin();
  if (!bin) throw new Error("azurite is not installed");
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const server = spawnServer(process.execPath, [
    bin,
    "--silent",
    "--inMemoryPersistence",
    "--skipApiVersionCheck",
    "--loose",
    "--blobHost",
    "127.0.0.1",
    "--blobPort",
    String(port),
  ]);
  let exited = false;
  server.child.once("exit", () => (exited = true));
  try {
    // Any HTTP answer (400 for an unsigned request) means it is listening.
    await waitForHttp(
      `http://${host}/${AZURITE_ACCOUNT}?comp=list`,
      (s) => s > 0,
      60_000,
      () => exited,
      server.output,
    );
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { host, serviceUrl: `http://${host}/${AZURITE_ACCOUNT}`, stop: server.stop };
}
