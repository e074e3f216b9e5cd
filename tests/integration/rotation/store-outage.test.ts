/**
 * What a store outage costs: the number of HTTP requests that reach the store while it is down during one
 * write, counted by a real HTTP front in front of a real OpenBao dev server, with the project's real
 * retry configuration (rotation/bindings.ts → stores/options.ts defaultStoreRetry). Retries live in the
 * store's transport only: one write during an outage may cost at most 6 requests (it cost 24 when the
 * rotation wrapped its own 6 attempts around the store's 4).
 *
 * The front forwards to OpenBao while up; while down it answers every request itself, either with a 503
 * (a load balancer in front of a stopped Vault) or by resetting the connection after reading the request.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { GuardError, isGuardError } from "../../../core/errors";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { writeSecret } from "../../../rotation/delivery";
import { rotationDeps } from "../../../rotation/bindings";
import type { RotationDeps } from "../../../rotation/ports";
import { rotateSecret } from "../../../rotation/rotate";
import { CREDENTIAL_SCHEMA, CredentialRecord } from "../../../stores/store";
import { OpenBaoServer, requireBinary, startOpenBao } from "../../support/openbao";

/** The most requests one store write may send while the store is down. */
const MAX_REQUESTS_PER_WRITE = 6;

type Outage = "up" | "503" | "reset";

/** An HTTP front for OpenBao that counts the requests it answers itself during an outage. */
class StoreFront {
  mode: Outage = "up";
  /** Requests that arrived while the store was down. */
  duringOutage = 0;
  private server?: http.Server;
  addr = "";

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (this.mode !== "up") {
          this.duringOutage += 1;
          if (this.mode === "reset") {
            req.socket.destroy();
            return;
          }
          res.writeHead(503, { "content-type": "application/json" });
          res.end(JSON.stringify({ errors: ["upstream unavailable"] }));
          return;
        }
        const upstream = http.request(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on("error", () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.addr = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  down(mode: Exclude<Outage, "up">): void {
    this.mode = mode;
    this.duringOutage = 0;
  }

  up(): void {
    this.mode = "up";
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe("rotation: a store outage costs at most 6 requests per write (real OpenBao behind a counting front)", function () {
  this.timeout(120_000);
  const ADMIN = { id: "outage-admin", secret: "outage-admin-secret-0001" };
  let bao: OpenBaoServer;
  let front: StoreFront;
  let emu: RunningEmulator;
  let cwd: string;
  let n = 0;

  before(async function () {
    requireBinary(this, "bao");
    bao = await startOpenBao();
    front = new StoreFront(bao.addr);
    await front.start();
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), "goag-outage-"));
  });
  afterEach(() => front?.up());
  after(async () => {
    await front?.stop();
    await bao?.stop();
    await emu?.close();
    if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
  });

  /** The rotation dependencies `rotate` builds (real store retry configuration), against the emulator and the front. */
  function deps(): ReturnType<typeof rotationDeps> {
    return rotationDeps({
      genesys: { clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl },
      env: { VAULT_ADDR: front.addr, VAULT_TOKEN: bao.rootToken },
      cwd,
    });
  }

  const reference = (): string => `vault://secret/genesys/outage-${++n}`;

  for (const mode of ["503", "reset"] as const) {
    it(`one write while the store is down (${mode === "503" ? "HTTP 503" : "connection reset"}): at most ${MAX_REQUESTS_PER_WRITE} requests, then store.unavailable`, async () => {
      const d = deps();
      const store = d.openStore(reference());
      front.down(mode);
      const record: CredentialRecord = {
        schema: CREDENTIAL_SCHEMA,
        clientId: "c-outage",
        clientSecret: "Outage-Secret-Never-Stored-1",
        rotationId: `r-${mode}`,
        rotatedAt: new Date().toISOString(),
      };
      await assert.rejects(writeSecret(d, store, record), (e: unknown) => isGuardError(e, "store.unavailable"));

      console.log(`      store requests during the outage (${mode}): ${front.duringOutage}`);
      assert.ok(front.duringOutage >= 1, "the write reached the store");
      assert.ok(front.duringOutage <= MAX_REQUESTS_PER_WRITE, `one write cost ${front.duringOutage} requests`);
    });
  }

  it("a rotation whose store goes down right after the regenerate: at most 6 requests, rotation.incomplete, the next run converges", async () => {
    const d = deps();
    const admin = d.client();
    const role = (await admin.listRoles({ name: "Developer" }))[0].id;
    const client = await admin.createClient({
      name: "outage-rotation",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: role, divisionId: "*" }],
    });
    const ref = reference();
    // The store goes down the moment the regenerate answered: the write of the new secret meets the outage.
    const genesys = d.genesys();
    const outageAfterRegenerate: RotationDeps = {
      ...d,
      genesys: () => ({
        ...genesys,
        regenerateSecret: async (id: string) => {
          const regenerated = await genesys.regenerateSecret(id);
          front.down("503");
          return regenerated;
        },
      }),
    };
    const warnings: string[] = [];
    const failure = await rotateSecret(
      outageAfterRegenerate,
      { clientId: client.id, secretStore: ref, verifyTimeoutSeconds: 10 },
      { warn: (m) => warnings.push(m) },
    ).then(
      () => assert.fail("the rotation cannot succeed with the store down"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof GuardError && failure.code === "rotation.incomplete", String(failure));

    console.log(`      store requests during the outage (rotation): ${front.duringOutage}`);
    assert.ok(front.duringOutage >= 1 && front.duringOutage <= MAX_REQUESTS_PER_WRITE, `the write cost ${front.duringOutage} requests`);

    front.up();
    const again = await rotateSecret(d, { clientId: client.id, secretStore: ref, verifyTimeoutSeconds: 10 }, { warn: (m) => warnings.push(m) });
    assert.equal(again.verified, true);
    const stored = await d.openStore(ref).read();
    assert.equal(stored?.record.rotationId, again.rotationId);
    assert.equal((await admin.verifyCredentials(client.id, stored.record.clientSecret)).ok, true);
  });
});
