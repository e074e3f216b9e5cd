/**
 * Genesys faults end to end (real CLI, emulator knobs, file store), beyond tests/e2e/providers/faults.test.ts
 * (one lost create response, one lost regenerate response, a slow secret during rotation): 429 storms with
 * Retry-After on create and on regenerate, 5xx bursts (503 answered before acting, 502 that may have acted),
 * a throttled token endpoint while a new secret propagates, and 300 ms latency on every call. The creates that
 * start from nothing (5xx burst, lost create + lost regenerate, a 429 beyond the retry budget) are in
 * genesys-faults-create.test.ts: their own stack, so both files run at the same time. After each: the up converged (a second up is a
 * no-op without write calls), the store holds a working secret of the client in state, earlier secrets are
 * dead after a rotation, no duplicate or orphaned client, no secret in state or output.
 */
import { strict as assert } from "assert";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import {
  assertKnobsFired,
  disposeWithKnobsReset,
  assertConverged,
  assertNoLeak,
  assertNoOrphans,
  assertStoreMatchesState,
  assertStoreWorks,
  Harness,
  requireTools,
  setKnobs,
  startHarness,
  tokenStatus,
} from "./support";

const CREATE = "POST /api/v2/oauth/clients";
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";

describe("e2e faults: Genesys answers 429, 5xx, slowly, or loses responses", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/genesys-faults";
  let h: Harness;
  let store: SecretStore;
  let trigger = 0;

  before(async function () {
    requireTools(this);
    h = await startHarness("genesys-faults", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
  });

  after(async () => {
    if (h) await disposeWithKnobsReset(h);
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await assertNoLeak(h);
  });

  /** Rotate (trigger bump) under the current knobs; the old secret must be dead and the new one stored. */
  async function rotateThrough(knobs: Record<string, unknown>): Promise<void> {
    const before = await assertStoreWorks(h, store, "the secret before the rotation works");
    await setKnobs(h.emulator.baseUrl, knobs);
    trigger += 1;
    await h.ws.ok(["config", "set", "rotate", "true"]);
    await h.ws.ok(["config", "set", "trigger", `t${trigger}`]);
    await h.ws.ok(["up", "--yes", "--skip-preview"]);
    await assertKnobsFired(h);
    const after = await assertStoreWorks(h, store, "the rotated secret gets a token");
    assert.equal(after.clientId, before.clientId, "the same client");
    assert.ok(after.secret !== before.secret, "a new secret"); // booleans only: never print a secret
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, before.clientId, before.secret), 200, "the old secret is dead");
    await settle();
  }

  /** After the up under test (it succeeded): converged, no orphan, the store matches state. */
  async function settle(): Promise<void> {
    await assertConverged(h);
    await assertNoOrphans(h);
    await assertStoreMatchesState(h, await assertStoreWorks(h, store));
  }

  it("create under a 429 storm with Retry-After: waits it out, one client", async () => {
    await setKnobs(h.emulator.baseUrl, { failNext: [{ route: CREATE, count: 4, status: 429, retryAfter: 1 }] });
    const started = Date.now();
    await h.ws.ok(["up", "--yes", "--skip-preview"]);
    assert.ok(Date.now() - started >= 4_000, "Retry-After was honoured (4 × 1 s)");
    await assertKnobsFired(h);
    await settle();
  });

  it("rotation under a 429 storm on regenerate: waits it out, old secret dead, new one stored", async () => {
    await rotateThrough({ failNext: [{ route: REGENERATE, count: 4, status: 429, retryAfter: 1 }] });
  });

  it("rotation through a 5xx burst on regenerate: 503 ×3 (not acted) then 502 ×2 (may have acted)", async () => {
    await rotateThrough({
      failNext: [
        { route: REGENERATE, count: 3, status: 503, retryAfter: 1 },
        { route: REGENERATE, count: 2, status: 502 },
      ],
    });
  });

  it("rotation with a throttled token endpoint (429 ×3) while the new secret takes 3 s to be accepted", async () => {
    try {
      await rotateThrough({ secretActivationDelayMs: 3_000, failNext: [{ route: "POST /oauth/token", count: 3, status: 429, retryAfter: 1 }] });
    } finally {
      await setKnobs(h.emulator.baseUrl, { secretActivationDelayMs: 0, failNext: [] });
    }
  });

  it("rotation and a no-op up with 300 ms latency on every call", async () => {
    try {
      await rotateThrough({ latencyMs: 300 });
    } finally {
      await setKnobs(h.emulator.baseUrl, { latencyMs: 0 });
    }
  });
});
