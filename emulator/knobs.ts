/**
 * Fault knobs for tests, all off by default. Routes are named `METHOD /path-template`, e.g.
 * `POST /api/v2/oauth/clients/{id}/secret` or `POST /oauth/token`.
 *
 * - latencyMs: every request waits this long before it is handled.
 * - failNext: the next `count` calls of `route` answer `status` (a Genesys ErrorBody) without acting.
 * - dropAfterAction: the next `count` calls of `route` act, then the connection is destroyed without an
 *   answer (the response is lost but the change happened).
 * - secretActivationDelayMs: a new secret (create, regenerate) is refused by the token endpoint for this long.
 * - usageQueryRunningPolls: a new usage query execution answers `queryStatus: "Running"` (no results) to
 *   this many polls of its results before `Complete` (default 0: complete at once).
 */

/** One scripted failure. */
export interface FailRule {
  route: string;
  count: number;
  status: number;
  /** Seconds for Retry-After on 429/503 (default 1). */
  retryAfter?: number;
}

/** One scripted lost response. */
export interface DropRule {
  route: string;
  count: number;
}

/** Knob settings, as POSTed to /__emulator/knobs (every field optional; given fields replace). */
export interface KnobSettings {
  latencyMs?: number;
  failNext?: FailRule[];
  dropAfterAction?: DropRule[];
  secretActivationDelayMs?: number;
  rateLimitPerMinute?: number;
  usageQueryRunningPolls?: number;
}

/** The knobs of one emulator. */
export class Knobs {
  latencyMs = 0;
  secretActivationDelayMs = 0;
  usageQueryRunningPolls = 0;
  rateLimitPerMinute: number;
  private failRules: FailRule[] = [];
  private dropRules: DropRule[] = [];

  constructor(rateLimitPerMinute: number) {
    this.rateLimitPerMinute = rateLimitPerMinute;
  }

  /** Apply settings (fields not given keep their value). */
  set(settings: KnobSettings): void {
    if (settings.latencyMs !== undefined) this.latencyMs = nonNegative(settings.latencyMs, "latencyMs");
    if (settings.secretActivationDelayMs !== undefined) this.secretActivationDelayMs = nonNegative(settings.secretActivationDelayMs, "secretActivationDelayMs");
    if (settings.rateLimitPerMinute !== undefined) this.rateLimitPerMinute = nonNegative(settings.rateLimitPerMinute, "rateLimitPerMinute");
    if (settings.usageQueryRunningPolls !== undefined) this.usageQueryRunningPolls = nonNegative(settings.usageQueryRunningPolls, "usageQueryRunningPolls");
    if (settings.failNext !== undefined) this.failRules = settings.failNext.map((r) => ({ ...r, route: normaliseRoute(r.route) }));
    if (settings.dropAfterAction !== undefined) this.dropRules = settings.dropAfterAction.map((r) => ({ ...r, route: normaliseRoute(r.route) }));
  }

  /** Fail the next `count` calls of `route` with `status`. */
  failNext(route: string, count: number, status: number, retryAfter?: number): void {
    this.failRules.push({ route: normaliseRoute(route), count, status, retryAfter });
  }

  /** Drop the response of the next `count` calls of `route` after acting. */
  dropAfterAction(route: string, count: number): void {
    this.dropRules.push({ route: normaliseRoute(route), count });
  }

  /** Everything back to off. */
  reset(defaultRateLimit: number): void {
    this.latencyMs = 0;
    this.secretActivationDelayMs = 0;
    this.usageQueryRunningPolls = 0;
    this.rateLimitPerMinute = defaultRateLimit;
    this.failRules = [];
    this.dropRules = [];
  }

  /** Consume a failure scripted for `route`, if any. */
  takeFailure(route: string): FailRule | undefined {
    return take(this.failRules, route);
  }

  /** Consume a drop scripted for `route`, if any. */
  takeDrop(route: string): DropRule | undefined {
    return take(this.dropRules, route);
  }

  /** The current settings (for GET /__emulator/knobs). */
  snapshot(): KnobSettings {
    return {
      latencyMs: this.latencyMs,
      secretActivationDelayMs: this.secretActivationDelayMs,
      rateLimitPerMinute: this.rateLimitPerMinute,
      usageQueryRunningPolls: this.usageQueryRunningPolls,
      failNext: this.failRules.map((r) => ({ ...r })),
      dropAfterAction: this.dropRules.map((r) => ({ ...r })),
    };
  }
}

function take<T extends { route: string; count: number }>(rules: T[], route: string): T | undefined {
  const i = rules.findIndex((r) => r.route === route && r.count > 0);
  if (i < 0) return undefined;
  const rule = rules[i];
  rule.count -= 1;
  if (rule.count <= 0) rules.splice(i, 1);
  return rule;
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
}

/** `post  /api/v2/x/` → `POST /api/v2/x`. */
export function normaliseRoute(route: string): string {
  const [method, ...rest] = route.trim().split(/\s+/);
  return `${(method ?? "").toUpperCase()} ${rest.join("").replace(/\/+$/, "")}`;
}
