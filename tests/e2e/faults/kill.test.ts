/**
 * Crash tests (issue 5): `pulumi up` is SIGKILLed — the CLI, the language host and the dynamic-provider
 * process, as one process group — at each failpoint of create and of rotation (providers/failpoints.ts),
 * then recovered the way a user with a local backend does (docs/FAULTS.md): `pulumi refresh
 * --clear-pending-creates`, then `pulumi up`. After recovery: the up converged (a second up is a no-op
 * without write calls), the store holds a working secret of the client in state, no client in Genesys is
 * orphaned, and no generated secret is in the backend's files, the state, or anything the CLI printed.
 *
 * With ClientPair: a probe reads the store and requests a token every ~100 ms from before the kill until
 * after the recovery, and never fails.
 *
 * A failpoint the installed providers do not call yet is reported as pending (skipped), not as passing.
 */
import { strict as assert } from "assert";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import {
  assertNoLeak, assertNoOrphans, assertStoreMatchesState, assertStoreWorks, failpointsInProviders, Harness, killUpAt, recoverAfterKill, requireTools, sleep, startHarness, stateClientIds, tokenStatus, upConverges,
} from "./support";


function requireFailpoint(ctx: Mocha.Context, name: string): void {
  if (!failpointsInProviders().has(name)) ctx.skip();
}

describe("e2e crash: SIGKILL of pulumi up during OAuthClient create and SecretRotation", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/kill";
  let h: Harness;
  let store: SecretStore;
  let trigger = 0;

  before(async function () {
    requireTools(this);
    h = await startHarness("kill", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
  });
  after(async () => h?.dispose());

  // A failed step must not leave the next one a locked stack with pending operations.
  afterEach(async function () {
    if (this.currentTest?.state !== "failed" || !h) return;
    await h.ws.run(["cancel", "--yes"]);
    await h.ws.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    await h.ws.run(["up", "--yes", "--skip-preview"]);
  });

  async function converged(): Promise<{ clientId: string; secret: string }> {
    await upConverges(h);
    const stored = await assertStoreWorks(h, store, "after recovery the stored secret gets a token");
    await assertStoreMatchesState(h, stored);
    await assertNoOrphans(h);
    await assertNoLeak(h);
    return stored;
  }

  /** Start a create test from nothing: no client in state, none in Genesys. */
  async function fresh(): Promise<void> {
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    const reset = await fetch(`${h.emulator.baseUrl}/__emulator/reset`, { method: "POST" });
    assert.equal(reset.status, 204, "emulator reset");
  }

  // A create killed after the POST (its secret only in the killed process) or after the store write
  // (before the engine recorded the client) leaves a client carrying the resource's creation marker
  // `[goag-create:<adoption key>]`; the next create adopts it (new secret, stored) instead of making another.
  it("create:after-post — killed after the client was made, before its secret was stored: the next up adopts it", async function () {
    requireFailpoint(this, "create:after-post");
    await fresh();
    await killUpAt(h, "create:after-post");
    await recoverAfterKill(h);
    await converged();
  });

  it("create:after-store-write — killed after the secret was stored, before the state write: the next up adopts it", async function () {
    requireFailpoint(this, "create:after-store-write");
    await fresh();
    await killUpAt(h, "create:after-store-write");
    const killed = (await store.read())?.record.clientId;
    assert.ok(killed, "the killed create stored its client's record");
    await recoverAfterKill(h);
    await converged();
    assert.equal((await store.read())?.record.clientId, killed, "the client the killed create made was adopted");
  });

  /** Rotate with the kill at `name`; returns the secret from before the rotation. */
  async function killRotationAt(name: string): Promise<{ clientId: string; secret: string }> {
    const before = await assertStoreWorks(h, store, "the secret before the rotation works");
    trigger += 1;
    await h.ws.ok(["config", "set", "rotate", "true"]);
    await h.ws.ok(["config", "set", "trigger", `kill-${trigger}`]);
    await killUpAt(h, name);
    return before;
  }

  async function recoveredRotation(before: { clientId: string; secret: string }): Promise<string> {
    await recoverAfterKill(h);
    const output = h.ws.transcript.slice(-1)[0] ?? "";
    const after = await converged();
    assert.equal(after.clientId, before.clientId, "the same client");
    assert.ok(after.secret !== before.secret, "the rotation completed"); // booleans only: never print a secret
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, before.clientId, before.secret), 200, "the pre-rotation secret is dead");
    return output;
  }

  it("rotation:before-regenerate — the old secret keeps working until the next up rotates", async function () {
    requireFailpoint(this, "rotation:before-regenerate");
    const before = await killRotationAt("rotation:before-regenerate");
    assert.equal(await tokenStatus(h.emulator.baseUrl, before.clientId, before.secret), 200, "killed before the regenerate: the old secret still works");
    const after = await assertStoreWorks(h, store, "consumers still read a working secret");
    assert.ok(after.secret === before.secret, "the same secret"); // booleans only: never print a secret
    await recoveredRotation(before);
  });

  it("rotation:after-regenerate — the generated secret is lost; the next up says so and rotates again", async function () {
    requireFailpoint(this, "rotation:after-regenerate");
    const before = await killRotationAt("rotation:after-regenerate");
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, before.clientId, before.secret), 200, "the window single-client rotation cannot avoid: the old secret is dead");
    const pending = (await store.read())?.record.pending;
    assert.ok(pending, "the write-ahead intent is still pending in the store");
    const output = await recoveredRotation(before);
    assert.match(output.replace(/\s+/g, " "), /did not finish/, "the recovering up says what happened");
    assert.equal((await store.read())?.record.pending, undefined, "no intent left pending");
  });

  it("rotation:after-store-write — the new secret is stored; the next up converges", async function () {
    requireFailpoint(this, "rotation:after-store-write");
    const before = await killRotationAt("rotation:after-store-write");
    await assertStoreWorks(h, store, "killed after the store write: consumers already read the new, working secret");
    await recoveredRotation(before);
  });
});

describe("e2e crash: SIGKILL of pulumi up while it adopts an existing client ({ import: id })", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/kill-adopt";
  let h: Harness;
  let store: SecretStore;
  let admin: GenesysClient;

  before(async function () {
    requireTools(this);
    if (![...failpointsInProviders()].some((n) => n.startsWith("adopt:"))) this.skip();
    h = await startHarness("kill-adopt", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: h.adminId, clientSecret: h.adminSecret, apiBaseUrl: h.emulator.baseUrl, loginBaseUrl: h.emulator.baseUrl }, {}));
  });
  after(async () => h?.dispose());

  afterEach(async function () {
    if (this.currentTest?.state !== "failed" || !h) return;
    await h.ws.run(["cancel", "--yes"]);
    await h.ws.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  });

  /** A client as Terraform made it (its secret known, as in Terraform state), set as the program's import id. */
  async function terraformClient(): Promise<{ clientId: string; secret: string }> {
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    await store.remove().catch(() => undefined);
    const role = (await admin.listRoles()).find((r) => r.name === "Employee");
    assert.ok(role);
    const created = await admin.createClient({
      name: "tf-kill", description: "Managed by Terraform", authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: role.id, divisionId: (await admin.getHomeDivision()).id }], accessTokenValiditySeconds: 86400, state: "active",
    });
    const terraform = { clientId: created.id, secret: created.secret };
    h.seen.push(terraform); // searched for in everything the runs wrote
    await h.ws.ok(["config", "set", "importId", created.id]);
    return terraform;
  }

  // Killed before the store write: nothing recorded, the next up adopts again. Killed after it: the next up
  // takes over the secret the killed adoption stored (no second regenerate). Never a second client.
  for (const name of ["adopt:after-update", "adopt:after-regenerate", "adopt:after-store-write"]) {
    it(`${name} — the next up adopts the same client; the Terraform secret is dead, the stored one works`, async function () {
      requireFailpoint(this, name);
      const terraform = await terraformClient();
      await killUpAt(h, name);
      const killedAt = name === "adopt:after-update" ? 200 : 401;
      assert.equal(await tokenStatus(h.emulator.baseUrl, terraform.clientId, terraform.secret), killedAt, "killed before regenerate the old secret still works; after it, it is dead");
      const storedByKilledRun = (await store.read())?.record;
      await recoverAfterKill(h);
      await converged(terraform);
      if (name === "adopt:after-store-write") {
        assert.ok(storedByKilledRun, "the killed adoption stored its secret");
        // booleans only: never print a secret
        assert.ok((await store.read())?.record.clientSecret === storedByKilledRun.clientSecret, "the next up took the stored secret over: no second regenerate");
      }
    });
  }

  async function converged(terraform: { clientId: string; secret: string }): Promise<void> {
    await upConverges(h);
    const stored = await assertStoreWorks(h, store, "after recovery the stored secret gets a token");
    assert.equal(stored.clientId, terraform.clientId, "the adopted client, not a new one");
    await assertStoreMatchesState(h, stored);
    await assertNoOrphans(h);
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, terraform.clientId, terraform.secret), 200, "the Terraform-state secret is dead");
    await assertNoLeak(h);
  }
});

describe("e2e crash: SIGKILL of pulumi up during a ClientPair rotation, with a probe", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/pair";
  let h: Harness;
  let store: SecretStore;
  let trigger = 0;
  let probe: Probe;

  before(async function () {
    requireTools(this);
    if (!["pair:after-regenerate-standby", "pair:after-store-pending", "pair:after-flip"].some((n) => failpointsInProviders().has(n))) this.skip();
    h = await startHarness("kill-pair", reference, { program: "faults-pair" });
    store = openStore(reference, { cwd: h.ws.programDir });
    await h.ws.ok(["up", "--yes", "--skip-preview"]);
    await assertStoreWorks(h, store);
    probe = new Probe(h, store);
  });
  after(async () => {
    await probe?.stop();
    await h?.dispose();
  });

  for (const name of ["pair:after-regenerate-standby", "pair:after-store-pending", "pair:after-flip"]) {
    it(`${name} — consumers never see a failing credential; the next up converges`, async function () {
      requireFailpoint(this, name);
      const before = await assertStoreWorks(h, store);
      probe.start();
      trigger += 1;
      await h.ws.ok(["config", "set", "trigger", `kill-${trigger}`]);
      await killUpAt(h, name);
      await recoverAfterKill(h);
      await upConverges(h);
      const { requests, failures } = await probe.stop();
      assert.ok(requests >= 10, `the probe ran throughout (${requests} token requests)`);
      assert.deepEqual(failures, [], "every probe token request succeeded, through the kill and the recovery");
      const after = await assertStoreWorks(h, store);
      assert.ok((await stateClientIds(h.ws)).includes(after.clientId), "the store's current client is one of the pair in state");
      assert.notEqual(after.clientId, before.clientId, "the flip happened: the other client is current");
      await assertNoOrphans(h);
      await assertNoLeak(h);
    });
  }
});

/** Reads the store and requests a token with what it holds, every ~100 ms, until stopped. */
class Probe {
  private running?: Promise<void>;
  private stopping = false;
  private requests = 0;
  private failures: string[] = [];

  constructor(private readonly h: Harness, private readonly store: SecretStore) {}

  start(): void {
    this.stopping = false;
    this.requests = 0;
    this.failures = [];
    this.running = (async () => {
      while (!this.stopping) {
        const started = Date.now();
        try {
          const current = await this.store.read();
          if (!current) this.failures.push(`${new Date().toISOString()}: the store is empty`);
          else {
            if (!this.h.seen.some((s) => s.secret === current.record.clientSecret)) this.h.seen.push({ clientId: current.record.clientId, secret: current.record.clientSecret });
            const status = await tokenStatus(this.h.emulator.baseUrl, current.record.clientId, current.record.clientSecret);
            this.requests += 1;
            if (status !== 200) this.failures.push(`${new Date().toISOString()}: client ${current.record.clientId} got ${status}`);
          }
        } catch (error) {
          this.failures.push(`${new Date().toISOString()}: ${(error as Error).message.slice(0, 200)}`);
        }
        await sleep(Math.max(0, 100 - (Date.now() - started)));
      }
    })();
  }

  async stop(): Promise<{ requests: number; failures: string[] }> {
    this.stopping = true;
    await this.running;
    this.running = undefined;
    return { requests: this.requests, failures: [...this.failures] };
  }
}
