/**
 * The one retry policy of the project (Genesys API, token requests, Vault).
 *
 * Modelled on the AWS SDK v3 retry middleware: the operation throws, a classifier says whether the
 * failure is transient and how long the service asked us to wait, and the policy decides. Waits:
 * `Retry-After` when the service sent one (429), otherwise exponential backoff with full jitter.
 * Bounded by attempts and by total elapsed time; every wait is logged at debug level.
 *
 * Operations that are not idempotent (creating a client, regenerating a secret) pass
 * `idempotent: false`: they are retried only when the failure proves the request never reached the
 * service (connection refused, 429 and 503 answered before acting). For a lost response the caller
 * gets the error and decides (e.g. look for the client the lost attempt created).
 */
import { debug } from "./log";
import { GuardError } from "./errors";

/** Limits of a retry policy. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 8. */
  maxAttempts?: number;
  /** Stop retrying once this much time has passed since the first attempt. Default 120 000 ms. */
  maxElapsedMs?: number;
  /** First backoff step. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest single backoff wait (not applied to Retry-After). Default 30 000 ms. */
  maxDelayMs?: number;
  /** Largest Retry-After we honour; longer requests fail at once. Default 120 000 ms. */
  maxRetryAfterMs?: number;
}

/** What a classifier says about one failure. */
export interface RetryVerdict {
  /** Retry this failure at all. */
  retry: boolean;
  /** The request certainly did not act on the service (safe to repeat a non-idempotent call). */
  notActed?: boolean;
  /** Wait exactly this long (from Retry-After). */
  retryAfterMs?: number;
  /** Short reason for the debug log, e.g. `429`, `ECONNRESET`. */
  reason: string;
}

/** Per-call options. */
export interface RetryCall {
  /** Name for logs, e.g. `POST /api/v2/oauth/clients`. */
  operation: string;
  /** False for calls that must not be repeated after they may have acted. Default true. */
  idempotent?: boolean;
}

/** Classifies any thrown value: GuardErrors carry `retryable`; anything else is not retried. */
export type RetryClassifier = (error: unknown) => RetryVerdict;

/** Sleep function (replaced by tests with a fake clock). */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Default classifier: {@link GuardError}s say themselves whether they are retryable; anything else is not. */
export function classifyGuardError(error: unknown): RetryVerdict {
  if (error instanceof GuardError) {
    const reason = error.status ? `${error.status} ${error.code}` : error.code;
    return { retry: error.retryable, notActed: error.notActed, retryAfterMs: error.retryAfterMs, reason };
  }
  return { retry: false, reason: "unknown" };
}

/** The retry policy: construct once per process (or per client) and share. */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly maxElapsedMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;

  constructor(
    options: RetryOptions = {},
    private readonly classify: RetryClassifier = classifyGuardError,
    private readonly sleep: Sleep = realSleep,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.maxElapsedMs = options.maxElapsedMs ?? 120_000;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  }

  /** Backoff before attempt `attempt + 1` (attempt counts from 1): full jitter in [base, min(max, base*2^(n-1))]. */
  backoffMs(attempt: number): number {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.baseDelayMs + this.random() * Math.max(0, cap - this.baseDelayMs));
  }

  /** Run `fn` until it succeeds, a failure is not retryable, or the limits are reached. */
  async run<T>(call: RetryCall, fn: (attempt: number) => Promise<T>): Promise<T> {
    const started = this.now();
    const idempotent = call.idempotent ?? true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt);
      } catch (error) {
        const verdict = this.classify(error);
        if (!verdict.retry) throw error;
        if (!idempotent && !verdict.notActed) {
          debug("retry", `${call.operation}: not retried (${verdict.reason}); the call is not idempotent and may have acted`);
          throw error;
        }
        if (attempt >= this.maxAttempts) {
          debug("retry", `${call.operation}: giving up after ${attempt} attempts (${verdict.reason})`);
          throw error;
        }
        const wait = verdict.retryAfterMs ?? this.backoffMs(attempt);
        if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > this.maxRetryAfterMs) {
          debug("retry", `${call.operation}: Retry-After ${verdict.retryAfterMs} ms exceeds the limit; giving up`);
          throw error;
        }
        const elapsed = this.now() - started;
        if (elapsed + wait > this.maxElapsedMs) {
          debug("retry", `${call.operation}: giving up, waiting ${wait} ms would pass the ${this.maxElapsedMs} ms budget`);
          throw error;
        }
        debug("retry", `${call.operation}: attempt ${attempt} failed (${verdict.reason}); waiting ${wait} ms before attempt ${attempt + 1}`);
        await this.sleep(wait);
      }
    }
  }
}
