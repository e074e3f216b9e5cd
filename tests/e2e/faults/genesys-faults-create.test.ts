/**
 * Genesys faults end to end while a client is created from nothing (real CLI, emulator knobs, file store): a 5xx
 * burst (503 answered before acting, 502 that may have acted), a lost create response followed by a lost
 * regenerate of the adopted client, and a 429 whose Retry-After is beyond the retry budget. After each: the up
 * converged, the store holds a working secret of the client in state, no duplicate or orphaned client, no
 * secret in state or output. (The rotation faults are in genesys-faults.test.ts, on a stack of their own.)
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
  up,
  upConverges,
} from "./support";

const CREATE = "POST /api/v2/oauth/clients";
const REGENERATE = "POST /api/v2/oauth/clients/{id}/secret";

describe("e2e faults: creates from nothing while Genesys answers 5xx, loses responses, or throttles beyond the budget", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/genesys-faults-create";
  let h: Harness;
  let store: SecretStore;

  before(async function () {
    requireTools(this);
    h = await startHarness("genesys-faults-create", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
  });

  after(async () => {
    if (h) await disposeWithKnobsReset(h);
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await assertNoLeak(h);
  });

  /** After the up under test: converged, no orphan, the store matches state. `afterFailedUp`: run the up that must succeed first. */
  async function settle(afterFailedUp = false): Promise<void> {
    await (afterFailedUp ? upConverges(h) : assertConverged(h));
    await assertNoOrphans(h);
    await assertStoreMatchesState(h, await assertStoreWorks(h, store));
  }

  it("create through a 5xx burst: 503 ×2 (not acted) then 502 ×2 (may have acted: looked up by marker, POSTed again)", async () => {
    // The first case: the stack is new, nothing to destroy.
    await setKnobs(h.emulator.baseUrl, {
      failNext: [
        { route: CREATE, count: 2, status: 503, retryAfter: 1 },
        { route: CREATE, count: 2, status: 502 },
      ],
    });
    await h.ws.ok(["up", "--yes", "--skip-preview"]);
    await assertKnobsFired(h);
    await settle();
  });

  it("create whose response is lost, then the regenerate of the adopted client is lost too", async () => {
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    await setKnobs(h.emulator.baseUrl, {
      dropAfterAction: [
        { route: CREATE, count: 1 },
        { route: REGENERATE, count: 1 },
      ],
    });
    await h.ws.ok(["up", "--yes", "--skip-preview"]);
    await assertKnobsFired(h);
    await settle();
  });

  it("a 429 storm longer than the retry budget fails the create cleanly, and the next up creates the client", async () => {
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    // Retry-After beyond what the client honours (120 s): it gives up at once instead of waiting.
    await setKnobs(h.emulator.baseUrl, { failNext: [{ route: CREATE, count: 1, status: 429, retryAfter: 600 }] });
    const failed = await up(h);
    assert.notEqual(failed.code, 0, "the up fails");
    assert.match(failed.stdout + failed.stderr, /429|rate|Retry-After/i, "the error says Genesys throttled");
    await assertNoOrphans(h);
    await settle(true);
  });
});
