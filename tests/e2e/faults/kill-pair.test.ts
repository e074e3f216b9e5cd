/**
 * Crash tests for a ClientPair (issue 5): `pulumi up` is SIGKILLed — CLI, language host and dynamic-provider
 * process — at each failpoint of a pair rotation, then recovered as docs/FAULTS.md says. A probe reads the
 * store and requests a token every ~100 ms from before the kill until after the recovery, and never fails.
 * (Split from kill.test.ts: an independent stack, so both files can run at the same time.)
 */
import { strict as assert } from "assert";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import {
  assertConverged,
  assertNoLeak,
  assertNoOrphans,
  assertStoreWorks,
  failpointsInProviders,
  Harness,
  killUpAt,
  recoverAfterKill,
  requireFailpoint,
  requireTools,
  sleep,
  startHarness,
  stateClientIds,
  tokenStatus,
} from "./support";

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
      await assertConverged(h);
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

  constructor(
    private readonly h: Harness,
    private readonly store: SecretStore,
  ) {}

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
            if (!this.h.seen.some((s) => s.secret === current.record.clientSecret))
              this.h.seen.push({ clientId: current.record.clientId, secret: current.record.clientSecret });
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
