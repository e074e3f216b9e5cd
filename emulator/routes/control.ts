/**
 * The test-only control plane under /__emulator/ (loopback only, no token): knobs, reset, every client
 * (without secrets) for orphan checks, and request statistics.
 *
 *   GET  /__emulator/knobs     current knob settings
 *   POST /__emulator/knobs     {latencyMs?, failNext?: [{route, count, status, retryAfter?}],
 *                               dropAfterAction?: [{route, count}], secretActivationDelayMs?, rateLimitPerMinute?}
 *   POST /__emulator/reset     knobs off, statistics and rate-limit windows cleared, every non-seeded client removed
 *   GET  /__emulator/clients   every client including deleted ones: {entities: [...]} (no secrets)
 *   GET  /__emulator/stats     {byRoute, byClient, tokenRequests, tokensIssued, rateLimited, writes, ...}
 */
import { ApiError } from "../errors";
import type { KnobSettings, Knobs } from "../knobs";
import type { RateLimiter } from "../rate-limit";
import type { Router } from "../router";
import type { OrgState } from "../state";
import type { Stats } from "../stats";
import { present } from "./oauth-clients";

export function controlRoutes(router: Router, deps: { state: OrgState; knobs: Knobs; stats: Stats; limiter: RateLimiter; defaultRateLimit: number; resetStats: () => void }): void {
  const { state, knobs, stats, limiter } = deps;
  router.add({ method: "GET", template: "/__emulator/knobs", auth: "control", handler: () => ({ status: 200, body: knobs.snapshot() }) });
  router.add({
    method: "POST", template: "/__emulator/knobs", auth: "control",
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
    method: "POST", template: "/__emulator/reset", auth: "control",
    handler: () => {
      knobs.reset(deps.defaultRateLimit);
      limiter.reset();
      state.reset();
      deps.resetStats();
      return { status: 204 };
    },
  });
  router.add({
    method: "GET", template: "/__emulator/clients", auth: "control",
    handler: () => ({ status: 200, body: { entities: [...state.clients.values()].map((c) => ({ ...present(c), seeded: Boolean(c.seeded) })) } }),
  });
  router.add({ method: "GET", template: "/__emulator/stats", auth: "control", handler: () => ({ status: 200, body: stats.toJSON() }) });
}
