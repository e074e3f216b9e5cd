/**
 * End to end with the real Pulumi CLI and the Genesys emulator: a ClientPair is created, then rotated
 * twice (its trigger changed in stack config) while a probe — a consumer that knows nothing about pairs —
 * reads the store's top-level clientId/clientSecret and requests a token with them every ~100 ms.
 *
 * Proves: the probe never sees a failure (store read or token grant) through both rotations, so the store
 * always held a working pair; each rotation regenerated only the standby and flipped; the client consumers
 * used before a rotation still gets tokens after it; no secret appears in the backend, the exported
 * state or anything the CLI printed; destroy deletes both clients.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { SecretStore } from "../../../stores/store";
import type { PulumiWorkspace } from "../../support/pulumi";
import { Emulator, leakForms, requireE2eTools, startEmulatorWorkspace, StoreCase, storeCases, tokenStatus, type EmulatorWorkspace } from "./helpers";

/** The program, written to a temporary directory (plain JavaScript: the engine runs it without a compile step). */
const PROGRAM = {
  "Pulumi.yaml": "name: goag-e2e-client-pair\nruntime: nodejs\ndescription: End-to-end program for ClientPair (tests/e2e/providers/client-pair.test.ts).\n",
  "package.json": '{ "name": "goag-e2e-client-pair", "private": true, "main": "index.js" }\n',
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { ClientPair } = require("genesys-oauth-guard");
const config = new pulumi.Config();
const pair = new ClientPair("pair", {
  name: "e2e-pair",
  description: "e2e alternating clients",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: ["Developer"],
  accessTokenValiditySeconds: 3600,
  secretStore: config.require("secretStore"),
  trigger: config.get("trigger") || "1",
  verifyTimeoutSeconds: 60,
});
exports.clientIds = pair.clientIds;
exports.currentClientId = pair.currentClientId;
exports.standbyClientId = pair.standbyClientId;
exports.secretMarker = pair.secretMarker;
`,
};

const STORE_CASES: StoreCase[] = storeCases("pair");

/** A consumer: reads the store's top-level pair and requests a token with it, every ~100 ms. */
class Probe {
  attempts = 0;
  readonly failures: string[] = [];
  readonly clientIds = new Set<string>();
  readonly secrets = new Map<string, string>();
  private running = true;
  private loop: Promise<void> | undefined;
  private waiters: { target: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: SecretStore,
    private readonly baseUrl: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (this.running) {
        const at = new Date().toISOString();
        try {
          const current = await this.store.read();
          if (!current) this.failures.push(`${at}: the store held no record`);
          else {
            const { clientId, clientSecret } = current.record;
            this.clientIds.add(clientId);
            this.secrets.set(clientSecret, clientId);
            const status = await tokenStatus(this.baseUrl, clientId, clientSecret);
            if (status !== 200) this.failures.push(`${at}: token request for ${clientId} answered ${status}`);
          }
        } catch (error) {
          this.failures.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.attempts++;
        for (const w of this.waiters.filter((x) => x.target <= this.attempts)) w.resolve();
        this.waiters = this.waiters.filter((x) => x.target > this.attempts);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  }

  /**
   * Resolves once `n` more attempts have finished: with n = 2, at least one whole attempt (store read and
   * token request) started after the call, so it saw the state of that moment — an event, not a guessed delay.
   */
  attempted(n: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ target: this.attempts + n, resolve }));
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

for (const storeCase of STORE_CASES) {
  describe(`e2e: ClientPair rotates with zero downtime (${storeCase.name} store)`, function () {
    this.timeout(900_000);
    let started: EmulatorWorkspace | undefined;
    let emulator: Emulator;
    let store: Awaited<ReturnType<StoreCase["start"]>>;
    let ws: PulumiWorkspace;
    let programsDir: string;

    before(async function () {
      requireE2eTools(this, storeCase.unavailable());
      programsDir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-e2e-pair-programs-"));
      fs.mkdirSync(path.join(programsDir, "client-pair"));
      for (const [file, text] of Object.entries(PROGRAM)) fs.writeFileSync(path.join(programsDir, "client-pair", file), text);
      store = await storeCase.start();
      started = await startEmulatorWorkspace("client-pair", { programsDir, env: { GENESYS_OAUTH_GUARD_DEBUG: "1", ...store.env } });
      ({ emulator, ws } = started);
      await ws.initStack("e2e");
      await ws.ok(["config", "set", "--plaintext", "secretStore", store.reference]);
      for (const [key, value] of Object.entries(store.config)) await ws.ok(["config", "set", "--secret", key, value]);
    });

    after(async () => {
      await started?.dispose();
      if (programsDir) fs.rmSync(programsDir, { recursive: true, force: true });
      await store?.stop();
    });

    async function outputs(): Promise<{ clientIds: string[]; currentClientId: string; standbyClientId: string; secretMarker: string }> {
      return JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as {
        clientIds: string[];
        currentClientId: string;
        standbyClientId: string;
        secretMarker: string;
      };
    }

    async function assertNoLeak(secrets: Iterable<[string, string]>): Promise<void> {
      const exported = await ws.ok(["stack", "export", "--show-secrets"]);
      const texts = [
        ...ws.backendFiles().map((f) => ({ where: path.relative(ws.root, f.file), text: f.text })),
        { where: "stack export --show-secrets", text: exported.stdout },
        ...ws.transcript.map((t, i) => ({ where: `CLI output #${i}`, text: t })),
      ];
      for (const [secret, clientId] of secrets) {
        for (const form of leakForms(secret, clientId)) {
          const hit = texts.find((t) => t.text.includes(form));
          assert.ok(!hit, `a generated secret appears in ${hit?.where}`);
        }
      }
    }

    it("up creates two clients and one record holding a working pair; two rotations under a 100 ms probe never fail", async () => {
      const up = await ws.ok(["up", "--yes", "--skip-preview"]);
      assert.match(up.stdout, /\+ 2 created/);
      const created = await outputs();
      assert.equal(created.clientIds.length, 2);
      const reader = store.open(ws.programDir);
      const first = (await reader.read())!.record;
      assert.equal(first.clientId, created.currentClientId);
      assert.equal(first.standby?.clientId, created.standbyClientId);
      assert.equal(await tokenStatus(emulator.baseUrl, first.clientId, first.clientSecret), 200);

      const probe = new Probe(reader, emulator.baseUrl);
      probe.start();
      let rotated: Awaited<ReturnType<typeof outputs>>;
      try {
        await probe.attempted(2); // the probe works before the first rotation
        await ws.ok(["config", "set", "trigger", "2"]);
        const second = await ws.ok(["up", "--yes", "--skip-preview"]);
        assert.match(second.stdout, /~ 1 updated/);
        rotated = await outputs();
        assert.equal(rotated.currentClientId, created.standbyClientId, "the standby became current");
        assert.equal(rotated.standbyClientId, created.currentClientId);
        // The client consumers used before keeps working until the next rotation.
        assert.equal(await tokenStatus(emulator.baseUrl, first.clientId, first.clientSecret), 200, "the previous current still gets tokens");

        await ws.ok(["config", "set", "trigger", "3"]);
        const third = await ws.ok(["up", "--yes", "--skip-preview"]);
        assert.match(third.stdout, /~ 1 updated/);
        await probe.attempted(2); // ...and has seen the pair the third up left
      } finally {
        await probe.stop();
      }
      const after = await outputs();
      assert.equal(after.currentClientId, created.currentClientId, "alternated back to the first client");
      assert.deepEqual(probe.failures, [], `the consumer saw failures:\n${probe.failures.join("\n")}`);
      assert.ok(probe.attempts >= 20, `the probe ran throughout (${probe.attempts} attempts)`);
      assert.deepEqual([...probe.clientIds].sort(), [...created.clientIds].sort(), "the probe saw both clients as current");
      assert.ok(probe.secrets.size >= 3, "three secrets were current in turn");
      // The secret current before the second rotation was regenerated by it: it no longer works.
      assert.notEqual(await tokenStatus(emulator.baseUrl, first.clientId, first.clientSecret), 200, "the standby's old secret is dead after it was rotated");
      const final = (await reader.read())!.record;
      assert.equal(final.pending, undefined);
      assert.equal(await tokenStatus(emulator.baseUrl, final.clientId, final.clientSecret), 200);
      await assertNoLeak([...probe.secrets.entries(), [first.clientSecret, first.clientId]]);

      const destroy = await ws.ok(["destroy", "--yes", "--skip-preview"]);
      assert.match(destroy.stdout, /- 2 deleted/, "the stack and the pair");
      assert.notEqual(await tokenStatus(emulator.baseUrl, final.clientId, final.clientSecret), 200, "destroy deleted the clients");
    });
  });
}
