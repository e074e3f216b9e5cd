/**
 * Client-side pacing of Genesys Cloud API requests, so that many concurrent callers (a stack of 200
 * clients in one provider process, `rotate` over a list) stay inside the organisation's rate limit
 * instead of tripping a storm of 429s that the retry policy then has to absorb.
 *
 * Genesys allows a number of API requests per 60-second window per client-credentials token (300 by
 * default) and answers `inin-ratelimit-allowed` / `-count` / `-reset` on every API response. The pacer
 * is a sliding-window log: a request may start when fewer than `limit` requests started in the last
 * `windowMs + marginMs`. A sliding window is never looser than the service's fixed windows (any fixed
 * window is one of the sliding ones), and the margin covers the time a request takes to reach the
 * service. Waiters are served first come, first served.
 *
 * It adapts to what the service says:
 * - `inin-ratelimit-allowed` replaces the default limit (an explicitly configured limit stays a cap);
 * - `inin-ratelimit-count >= allowed` (the window is used up, e.g. by another process with the same
 *   token) holds every request until `inin-ratelimit-reset` seconds have passed. Genesys (and the
 *   emulator) send these headers on a 429 too, so one 429 pauses the whole process instead of each
 *   concurrent request collecting its own.
 * The retry policy (core/retry.ts) stays the safety net: a 429 is retried after its `Retry-After`, and
 * the pacer does not hold on a 429 that carries no rate-limit headers (the retry's wait covers it).
 *
 * One pacer per (login base URL, client id), shared by every GenesysClient in the process like the token
 * cache: {@link sharedRatePacers}. Only API requests are paced: token grants go to the login host and do
 * not count against the API limit. Waits are logged at debug level.
 *
 * Configuration: `GENESYS_OAUTH_GUARD_RATE_LIMIT` = requests per minute (default 300; `0` turns pacing off).
 */
import { inspect } from "node:util";
import { debug } from "../core/log";

/** The environment variable that sets the pacing limit (requests per minute, 0 = off). */
export const RATE_LIMIT_ENV = "GENESYS_OAUTH_GUARD_RATE_LIMIT";

/** Genesys' default: API requests per minute per client-credentials token. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;

/** Options of {@link RatePacer}. */
export interface RatePacerOptions {
  /**
   * Requests per window. When given, it is a cap: the service's `inin-ratelimit-allowed` can only lower
   * it. When absent, {@link DEFAULT_RATE_LIMIT_PER_MINUTE} until the service says otherwise. 0 = no pacing.
   */
  limit?: number;
  /** Window length. Default 60 000 ms. */
  windowMs?: number;
  /** Extra time added to the window (request transit). Default 1 000 ms. */
  marginMs?: number;
  /** Clock; tests inject a fake one. Default Date.now. */
  now?: () => number;
  /** Sleep; tests inject one that advances the fake clock. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Name in debug lines (e.g. the client id); never a secret. */
  name?: string;
}

/** Counters of one pacer (benchmarks and tests). */
export interface RatePacerStats {
  /** Requests let through. */
  acquired: number;
  /** Requests that had to wait. */
  waited: number;
  /** Sum of all waits in ms. */
  waitedMs: number;
  /** 429 answers observed. */
  rateLimited: number;
  /** The limit in force now. */
  limit: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function headerNumber(headers: Record<string, string | undefined>, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A sliding-window pacer for one token's API requests. */
export class RatePacer {
  readonly windowMs: number;
  readonly marginMs: number;
  private readonly cap: number | undefined;
  private limitNow: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly name: string;
  /** Start times of the requests in the current sliding window, oldest first. */
  private readonly started: number[] = [];
  /** No request starts before this time (set from headers and 429s). */
  private heldUntil = 0;
  /** The tail of the FIFO of waiters. */
  private queue: Promise<void> = Promise.resolve();
  private readonly counters = { acquired: 0, waited: 0, waitedMs: 0, rateLimited: 0 };

  constructor(options: RatePacerOptions = {}) {
    this.cap = options.limit;
    this.limitNow = options.limit ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.name = options.name ?? "api";
  }

  /** The limit in force (requests per window; 0 = not pacing). */
  get limit(): number {
    return this.limitNow;
  }

  /** Wait until one more request may start, then count it. `operation` names the request in debug lines. */
  acquire(operation = "request"): Promise<void> {
    const turn = this.queue.then(() => this.take(operation));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Learn from a response: its status and (lower-case) headers. Call it for every API response, 429s
   * included; a response without rate-limit headers changes nothing.
   */
  observe(status: number, headers: Record<string, string | undefined>): void {
    if (status === 429) this.counters.rateLimited += 1;
    // Pacing off (limit 0): no limit and no hold, whatever the service says.
    if (this.cap === 0) return;
    const now = this.now();
    const allowed = headerNumber(headers, "inin-ratelimit-allowed");
    if (allowed !== undefined && allowed > 0) {
      const next = this.cap !== undefined ? Math.min(this.cap, allowed) : allowed;
      if (next !== this.limitNow && this.limitNow !== 0) {
        debug("genesys.pacer", `${this.name}: the service allows ${allowed} requests per window; pacing at ${next}`);
        this.limitNow = next;
      }
    }
    const count = headerNumber(headers, "inin-ratelimit-count");
    const reset = headerNumber(headers, "inin-ratelimit-reset");
    if (allowed !== undefined && allowed > 0 && count !== undefined && count >= allowed && reset !== undefined) {
      this.holdUntil(now + reset * 1000, `the service counts ${count} of ${allowed} in this window`);
    }
    if (status === 429) debug("genesys.pacer", `${this.name}: 429 answered (Retry-After ${headers["retry-after"] ?? "none"})`);
  }

  /** Counters since the pacer was made. */
  stats(): RatePacerStats {
    return { ...this.counters, limit: this.limitNow };
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, limit: this.limitNow, windowMs: this.windowMs, inWindow: this.started.length, ...this.counters };
  }

  [inspect.custom](): string {
    return `RatePacer ${inspect(this.toJSON())}`;
  }

  private holdUntil(until: number, why: string): void {
    if (until <= this.heldUntil) return;
    this.heldUntil = until;
    debug("genesys.pacer", `${this.name}: ${why}; holding requests for ${Math.max(0, until - this.now())} ms`);
  }

  private async take(operation: string): Promise<void> {
    let waitedMs = 0;
    for (;;) {
      const now = this.now();
      const span = this.windowMs + this.marginMs;
      while (this.started.length > 0 && this.started[0] <= now - span) this.started.shift();
      let wait = Math.max(0, this.heldUntil - now);
      const limit = this.limitNow;
      if (limit > 0 && this.started.length >= limit) {
        wait = Math.max(wait, this.started[this.started.length - limit] + span - now);
      }
      if (wait <= 0) {
        if (limit > 0) this.started.push(now);
        this.counters.acquired += 1;
        if (waitedMs > 0) {
          this.counters.waited += 1;
          this.counters.waitedMs += waitedMs;
        }
        return;
      }
      debug("genesys.pacer", `${operation}: ${this.started.length} requests in the last ${span} ms (limit ${limit}); waiting ${wait} ms`);
      waitedMs += wait;
      await this.sleep(wait);
    }
  }
}

/** Pacers by (login base URL, client id). Use {@link sharedRatePacers} unless testing. */
export class RatePacerRegistry {
  private readonly pacers = new Map<string, RatePacer>();

  /** `defaults` apply to every pacer made here; the limit defaults to `$GENESYS_OAUTH_GUARD_RATE_LIMIT`. */
  constructor(
    private readonly defaults: RatePacerOptions = {},
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The pacer of (loginBaseUrl, clientId), made on first use. */
  for(loginBaseUrl: string, clientId: string): RatePacer {
    const key = `${loginBaseUrl.replace(/\/+$/, "")}\n${clientId}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new RatePacer({ limit: this.configuredLimit(), ...this.defaults, name: `client ${clientId}` });
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  /** Drop every pacer (tests). */
  clear(): void {
    this.pacers.clear();
  }

  /** Counters of every pacer, by client id (benchmarks). */
  stats(): RatePacerStats[] {
    return [...this.pacers.values()].map((p) => p.stats());
  }

  private configuredLimit(): number | undefined {
    const raw = this.env[RATE_LIMIT_ENV];
    if (raw === undefined || raw.trim() === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      debug("genesys.pacer", `${RATE_LIMIT_ENV}="${raw}" is not a whole number >= 0; using the default`);
      return undefined;
    }
    return n;
  }
}

/** The process-wide pacers shared by every {@link GenesysClient}. */
export const sharedRatePacers = new RatePacerRegistry();
