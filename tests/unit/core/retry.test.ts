/**
 * The one retry policy (core/retry.ts), on a fake clock: which failures are retried, how long it waits
 * (Retry-After, full-jitter backoff), and every limit (attempts, elapsed budget, Retry-After ceiling,
 * non-idempotent calls).
 */
import * as assert from "assert";
import * as sinon from "sinon";
import { GuardError } from "../../../core/errors";
import { RetryPolicy, classifyGuardError, type RetryOptions } from "../../../core/retry";

/** A policy on a virtual clock: sleeping advances `now`; `random` is fixed. */
function policy(options: RetryOptions = {}, random = 0.5): { p: RetryPolicy; waits: number[]; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  const waits: number[] = [];
  const p = new RetryPolicy(
    options,
    classifyGuardError,
    async (ms) => {
      waits.push(ms);
      clock.t += ms;
    },
    () => random,
    () => clock.t,
  );
  return { p, waits, clock };
}

const transient = (extra: Partial<{ retryAfterMs: number; notActed: boolean }> = {}): GuardError =>
  new GuardError("genesys.unavailable", "503 from the service", { status: 503, retryable: true, ...extra });

/** An operation failing `failures` times with `error()`, then returning "ok". */
function flaky(failures: number, error: () => unknown): sinon.SinonStub<[number], Promise<string>> {
  const stub = sinon.stub<[number], Promise<string>>();
  for (let i = 0; i < failures; i++) stub.onCall(i).rejects(error());
  stub.resolves("ok");
  return stub;
}

describe("core/retry: RetryPolicy", () => {
  it("returns the first success and passes the attempt number", async () => {
    const { p, waits } = policy();
    const fn = flaky(2, () => transient());
    assert.strictEqual(await p.run({ operation: "GET x" }, fn), "ok");
    assert.deepStrictEqual(
      fn.args.map((a) => a[0]),
      [1, 2, 3],
    );
    assert.strictEqual(waits.length, 2);
  });

  it("does not retry what the classifier calls permanent, nor values that are not GuardErrors", async () => {
    const { p, waits } = policy();
    const permanent = flaky(1, () => new GuardError("genesys.bad-request", "400", { status: 400 }));
    await assert.rejects(p.run({ operation: "POST x" }, permanent), (e: unknown) => e instanceof GuardError && e.code === "genesys.bad-request");
    const plain = flaky(1, () => new Error("boom"));
    await assert.rejects(p.run({ operation: "GET x" }, plain), /boom/);
    assert.strictEqual(permanent.callCount + plain.callCount, 2);
    assert.deepStrictEqual(waits, []);
  });

  it("waits Retry-After when the service sent one longer than the backoff", async () => {
    const { p, waits } = policy();
    await p.run(
      { operation: "GET x" },
      flaky(2, () => transient({ retryAfterMs: 7_000 })),
    );
    assert.deepStrictEqual(waits, [7_000, 7_000]);
  });

  it("combines Retry-After with the backoff: never shorter than either (Retry-After: 0 is no hot loop)", async () => {
    const { p, waits } = policy({ baseDelayMs: 500 }, 0.5);
    await p.run(
      { operation: "GET x" },
      flaky(3, () => transient({ retryAfterMs: 0 })),
    );
    assert.deepStrictEqual(waits, [500, 750, 1_250]);
    const mixed = policy({ baseDelayMs: 500 }, 1);
    await mixed.p.run(
      { operation: "GET x" },
      flaky(3, () => transient({ retryAfterMs: 1_500 })),
    );
    assert.deepStrictEqual(mixed.waits, [1_500, 1_500, 2_000]);
  });

  it("otherwise backs off exponentially with full jitter, capped at maxDelayMs", () => {
    const low = policy({ baseDelayMs: 500, maxDelayMs: 30_000 }, 0).p;
    const high = policy({ baseDelayMs: 500, maxDelayMs: 30_000 }, 1).p;
    assert.deepStrictEqual(
      [1, 2, 3, 4].map((n) => high.backoffMs(n)),
      [500, 1_000, 2_000, 4_000],
    );
    assert.deepStrictEqual(
      [1, 2, 3, 4].map((n) => low.backoffMs(n)),
      [500, 500, 500, 500],
    );
    assert.strictEqual(high.backoffMs(20), 30_000);
    const mid = policy({ baseDelayMs: 500 }, 0.5).p;
    assert.strictEqual(mid.backoffMs(3), 1_250);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const { p, waits } = policy({ maxAttempts: 3 });
    const fn = flaky(10, () => transient());
    await assert.rejects(p.run({ operation: "GET x" }, fn), (e: unknown) => e instanceof GuardError && e.code === "genesys.unavailable");
    assert.strictEqual(fn.callCount, 3);
    assert.strictEqual(waits.length, 2);
  });

  it("gives up instead of a wait that would pass the elapsed budget", async () => {
    const { p, waits, clock } = policy({ maxElapsedMs: 10_000 });
    const start = clock.t;
    const fn = flaky(10, () => transient({ retryAfterMs: 4_000 }));
    await assert.rejects(p.run({ operation: "GET x" }, fn));
    assert.deepStrictEqual(waits, [4_000, 4_000]);
    assert.ok(clock.t - start <= 10_000);
    assert.strictEqual(fn.callCount, 3);
  });

  it("fails at once when Retry-After is longer than maxRetryAfterMs", async () => {
    const { p, waits } = policy({ maxRetryAfterMs: 60_000 });
    const fn = flaky(1, () => transient({ retryAfterMs: 3_600_000 }));
    await assert.rejects(p.run({ operation: "GET x" }, fn));
    assert.strictEqual(fn.callCount, 1);
    assert.deepStrictEqual(waits, []);
  });

  it("repeats a non-idempotent call only when the failure proves it never acted", async () => {
    const { p } = policy();
    const mayHaveActed = flaky(1, () => transient());
    await assert.rejects(p.run({ operation: "POST /secret", idempotent: false }, mayHaveActed));
    assert.strictEqual(mayHaveActed.callCount, 1);
    const neverActed = flaky(2, () => transient({ notActed: true, retryAfterMs: 1_000 }));
    assert.strictEqual(await p.run({ operation: "POST /secret", idempotent: false }, neverActed), "ok");
    assert.strictEqual(neverActed.callCount, 3);
  });

  it("has the documented defaults", () => {
    const p = new RetryPolicy();
    assert.deepStrictEqual([p.maxAttempts, p.maxElapsedMs, p.baseDelayMs, p.maxDelayMs, p.maxRetryAfterMs], [8, 120_000, 500, 30_000, 120_000]);
  });

  it("classifies GuardErrors by their own flags and anything else as permanent", () => {
    assert.deepStrictEqual(classifyGuardError(transient({ retryAfterMs: 2_000, notActed: true })), {
      retry: true,
      notActed: true,
      retryAfterMs: 2_000,
      reason: "503 genesys.unavailable",
    });
    assert.deepStrictEqual(classifyGuardError("text"), { retry: false, reason: "unknown" });
  });
});
