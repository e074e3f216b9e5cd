import { strict as assert } from "node:assert";
import { setLogSink } from "../../../core/log";
import { GenesysClient } from "../../../genesys/client";
import { RATE_LIMIT_ENV, RatePacer, RatePacerRegistry } from "../../../genesys/rate-pacer";
import { resolveGenesysSettings } from "../../../genesys/settings";
import { TokenCache } from "../../../genesys/token";
import { clientBody } from "./fixtures";
import { ScriptServer, json } from "./script-server";

/** A fake clock: sleep advances it (after letting other microtasks run). */
class FakeClock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    await Promise.resolve();
    this.t += ms;
  };
}

/** Start times (relative to the clock's start) of `n` acquisitions made at once. */
async function startTimes(pacer: RatePacer, clock: FakeClock, n: number): Promise<number[]> {
  const t0 = clock.t;
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      await pacer.acquire("GET /x");
      times.push(clock.t - t0);
    }),
  );
  return times;
}

describe("genesys/rate-pacer", () => {
  it("lets a full window through at once, then one request per slot the window frees", async () => {
    const clock = new FakeClock();
    const pacer = new RatePacer({ limit: 5, windowMs: 1000, marginMs: 100, now: clock.now, sleep: clock.sleep });
    const times = await startTimes(pacer, clock, 12);
    assert.deepEqual(times, [0, 0, 0, 0, 0, 1100, 1100, 1100, 1100, 1100, 2200, 2200]);
    assert.deepEqual(pacer.stats(), { acquired: 12, waited: 2, waitedMs: 2200, rateLimited: 0, limit: 5 });
  });

  it("never has more than `limit` starts in any window (sliding, so any fixed window is safe too)", async () => {
    const clock = new FakeClock();
    const pacer = new RatePacer({ limit: 7, windowMs: 1000, marginMs: 0, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    // Requests arrive spread out, not all at once.
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        await clock.sleep((i * 37) % 900);
        await pacer.acquire();
        starts.push(clock.t);
      }),
    );
    starts.sort((a, b) => a - b);
    for (let i = 0; i + 7 < starts.length; i++) assert.ok(starts[i + 7] - starts[i] >= 1000, `window at ${starts[i]} holds more than 7`);
  });

  it("serves waiters first come, first served", async () => {
    const clock = new FakeClock();
    const pacer = new RatePacer({ limit: 2, windowMs: 1000, marginMs: 0, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        await pacer.acquire();
        order.push(i);
      }),
    );
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  it("takes the service's inin-ratelimit-allowed as the limit unless a lower limit was configured", async () => {
    const clock = new FakeClock();
    const adaptive = new RatePacer({ windowMs: 1000, marginMs: 0, now: clock.now, sleep: clock.sleep });
    assert.equal(adaptive.limit, 300);
    adaptive.observe(200, { "inin-ratelimit-allowed": "3", "inin-ratelimit-count": "1", "inin-ratelimit-reset": "1" });
    assert.equal(adaptive.limit, 3);
    assert.deepEqual(await startTimes(adaptive, clock, 4), [0, 0, 0, 1000]);
    adaptive.observe(200, { "inin-ratelimit-allowed": "600" });
    assert.equal(adaptive.limit, 600, "a larger allowance is used when nothing was configured");

    const capped = new RatePacer({ limit: 100, now: clock.now, sleep: clock.sleep });
    capped.observe(200, { "inin-ratelimit-allowed": "600" });
    assert.equal(capped.limit, 100, "a configured limit is a cap");
    capped.observe(200, { "inin-ratelimit-allowed": "50" });
    assert.equal(capped.limit, 50);
  });

  it("holds every request until the reset when the service says the window is used up (another process, a 429)", async () => {
    const clock = new FakeClock();
    const pacer = new RatePacer({ limit: 300, marginMs: 0, now: clock.now, sleep: clock.sleep });
    pacer.observe(429, { "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "300", "inin-ratelimit-reset": "7", "retry-after": "7" });
    assert.deepEqual(await startTimes(pacer, clock, 3), [7000, 7000, 7000]);
    assert.equal(pacer.stats().rateLimited, 1);
    // Below the allowance, nothing is held.
    pacer.observe(200, { "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "12", "inin-ratelimit-reset": "40" });
    assert.deepEqual(await startTimes(pacer, clock, 2), [0, 0]);
  });

  it("a 429 without rate-limit headers is counted but left to the retry policy; limit 0 turns pacing off", async () => {
    const clock = new FakeClock();
    const pacer = new RatePacer({ limit: 2, windowMs: 1000, now: clock.now, sleep: clock.sleep });
    pacer.observe(429, { "retry-after": "5" });
    assert.deepEqual(await startTimes(pacer, clock, 2), [0, 0]);
    assert.equal(pacer.stats().rateLimited, 1);

    const off = new RatePacer({ limit: 0, now: clock.now, sleep: clock.sleep });
    off.observe(200, { "inin-ratelimit-allowed": "1" });
    assert.deepEqual(await startTimes(off, clock, 50), Array(50).fill(0));
  });

  it("logs waits at debug level", async () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    const before = process.env.GENESYS_OAUTH_GUARD_DEBUG;
    process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
    try {
      const clock = new FakeClock();
      const pacer = new RatePacer({ limit: 1, windowMs: 1000, marginMs: 0, now: clock.now, sleep: clock.sleep });
      await startTimes(pacer, clock, 2);
      assert.ok(
        lines.some((l) => l.includes("[genesys-oauth-guard:genesys.pacer] GET /x: 1 requests in the last 1000 ms (limit 1); waiting 1000 ms")),
        lines.join("\n"),
      );
    } finally {
      if (before === undefined) delete process.env.GENESYS_OAUTH_GUARD_DEBUG;
      else process.env.GENESYS_OAUTH_GUARD_DEBUG = before;
      setLogSink((line) => process.stderr.write(line + "\n"));
    }
  });

  it("the registry shares one pacer per (login base, client id) and reads the limit from the environment", () => {
    const registry = new RatePacerRegistry({}, { [RATE_LIMIT_ENV]: "120" });
    const a = registry.for("https://login.example.com/", "id-1");
    assert.equal(registry.for("https://login.example.com", "id-1"), a);
    assert.notEqual(registry.for("https://login.example.com", "id-2"), a);
    assert.notEqual(registry.for("https://login.other.com", "id-1"), a);
    assert.equal(a.limit, 120);
    assert.equal(new RatePacerRegistry({}, { [RATE_LIMIT_ENV]: "lots" }).for("b", "c").limit, 300, "a bad value falls back to the default");
  });

  describe("in GenesysClient", () => {
    let server: ScriptServer;
    beforeEach(async () => {
      server = new ScriptServer();
      await server.start();
      server.issueTokens();
    });
    afterEach(() => server.stop());

    it("every API request of every client with the same credentials goes through one pacer; token grants do not", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) =>
        json(res, 200, clientBody("c1"), { "inin-ratelimit-allowed": "300", "inin-ratelimit-count": "1", "inin-ratelimit-reset": "60" }),
      );
      const clock = new FakeClock();
      const pacers = new RatePacerRegistry({ limit: 2, windowMs: 1000, marginMs: 0, now: clock.now, sleep: clock.sleep });
      const settings = resolveGenesysSettings({ clientId: "admin-x", clientSecret: "AdminSecret-pacer-0001", apiBaseUrl: server.baseUrl }, {});
      const tokenCache = new TokenCache();
      const one = new GenesysClient(settings, { ratePacers: pacers, tokenCache });
      const two = new GenesysClient(settings, { ratePacers: pacers, tokenCache });
      await Promise.all([one.getClient("c1"), two.getClient("c1"), one.getClient("c1"), two.getClient("c1"), one.getClient("c1")]);
      const pacer = pacers.for(server.baseUrl, "admin-x");
      assert.equal(pacer.stats().acquired, 5, "five API requests, the token grant not counted");
      assert.equal(pacer.stats().limit, 2, "the configured limit caps the service's 300");
      assert.equal(clock.t - 1_000_000, 2000, "2 + 2 + 1 requests: two full windows waited");
      assert.equal(pacer.stats().waited, 2, "the others found a free slot when their turn came");
      assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 5);
      assert.equal(server.tokenCount, 1);
    });
  });
});
