/**
 * The test-only control plane under /__emulator/ (loopback only, no token): knobs, reset, every client
 * (without secrets) for orphan checks, and request statistics.
 *
 *   GET  /__emulator/knobs     current knob settings
 *   POST /__emulator/knobs     {latencyMs?, failNext?: [{route, count, status, retryAfter?}],
 *                               dropAfterAction?: [{route, count}], secretActivationDelayMs?, rateLimitPerMinute?}
 *   POST /__emulator/reset     knobs off, statistics, rate-limit windows and usage cleared, every non-seeded client removed
 *   GET  /__emulator/clients   every client including deleted ones (state "deleted", which the API never
 *                              shows): {entities: [...]} (no secrets)
 *   GET  /__emulator/stats     {byRoute, byClient, tokenRequests, tokensIssued, rateLimited, writes, ...}
 *   POST /__emulator/usage     {clientId, entries: [{date, requests?, status?, templateUri?, httpMethod?}]}: add
 *                              historical usage for the usage API → {clientId, added}
 *   GET  /__emulator/usage     requests recorded per client: {byClient: {id: n}}
 */
import { ApiError } from "../errors";
import type { KnobSettings, Knobs } from "../knobs";
import type { RateLimiter } from "../rate-limit";
import type { Router } from "../router";
import type { OrgState } from "../state";
import type { Stats } from "../stats";
import { parseUsageSeed, UsageRecorder } from "../usage";
import { present } from "./oauth-clients";

/** What the control plane acts on. */
export interface ControlDeps {
  state: OrgState;
  knobs: Knobs;
  stats: Stats;
  limiter: RateLimiter;
  usage: UsageRecorder;
  defaultRateLimit: number;
  resetStats: () => void;
  /** Forget recorded usage and usage query executions. */
  resetUsage: () => void;
}

/** Register the control routes (the server guards them: loopback Host, no Origin). */
export function controlRoutes(router: Router, deps: ControlDeps): void {
  const { state, knobs, stats, limiter } = deps;
  router.add({ method: "GET", template: "/__emulator/knobs", auth: "control", handler: () => ({ status: 200, body: knobs.snapshot() }) });
  router.add({
    method: "POST",
    template: "/__emulator/knobs",
    auth: "control",
    handler: (ctx) => {
      let settings: KnobSettings;
      try {
        settings = JSON.parse(ctx.rawBody || "{}") as KnobSettings;
        knobs.set(settings);
      } catch (error) {
        throw new ApiError(400, "bad.request", `Invalid knob settings: ${(error as Error).message}`);
      }
      return { status: 200, body: knobs.snapshot() };
    },
  });
  router.add({
    method: "POST",
    template: "/__emulator/reset",
    auth: "control",
    handler: () => {
      knobs.reset(deps.defaultRateLimit);
      limiter.reset();
      state.reset();
      deps.resetStats();
      deps.resetUsage();
      return { status: 204 };
    },
  });
  router.add({
    method: "GET",
    template: "/__emulator/clients",
    auth: "control",
    handler: () => ({ status: 200, body: { entities: [...state.clients.values()].map((c) => ({ ...present(c), seeded: Boolean(c.seeded) })) } }),
  });
  router.add({ method: "GET", template: "/__emulator/stats", auth: "control", handler: () => ({ status: 200, body: stats.toJSON() }) });
  router.add({
    method: "POST",
    template: "/__emulator/usage",
    auth: "control",
    handler: (ctx) => {
      try {
        const seed = parseUsageSeed(JSON.parse(ctx.rawBody || "null"));
        return { status: 200, body: { clientId: seed.clientId, added: deps.usage.seed(seed) } };
      } catch (error) {
        throw new ApiError(400, "bad.request", `Invalid usage seed: ${(error as Error).message}`);
      }
    },
  });
  router.add({ method: "GET", template: "/__emulator/usage", auth: "control", handler: () => ({ status: 200, body: { byClient: deps.usage.totals() } }) });
}
