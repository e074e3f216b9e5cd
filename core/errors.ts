/**
 * Typed errors with stable codes.
 *
 * Every error the project raises on purpose is a {@link GuardError}: callers branch on `code`
 * (stable, documented, never renamed), people read `message` and `hint`. No error built here may
 * carry a secret, a token or an Authorization header: constructors take only what is safe to show,
 * and {@link GuardError.toJSON} is what loggers and the CLI print.
 */

/** Stable error codes. Add new codes at the end of a group; never rename one. */
export type GuardErrorCode =
  // configuration and input
  | "config.missing-credentials"
  | "config.invalid-region"
  | "config.insecure-url"
  | "config.invalid"
  | "input.invalid"
  | "input.not-found"
  | "input.unauthorized"
  | "input.unavailable"
  // Genesys Cloud API
  | "genesys.bad-request"
  | "genesys.unauthorized"
  | "genesys.forbidden"
  | "genesys.not-found"
  | "genesys.conflict"
  | "genesys.rate-limited"
  | "genesys.unavailable"
  | "genesys.network"
  | "genesys.unexpected"
  | "genesys.token-failed"
  | "genesys.ambiguous"
  // secret stores
  | "store.invalid-reference"
  | "store.unauthorized"
  | "store.forbidden"
  | "store.not-found"
  | "store.conflict"
  | "store.unavailable"
  | "store.insecure"
  | "store.io"
  // providers and rotation
  | "provider.create-rolled-back"
  | "provider.orphan"
  | "rotation.incomplete"
  | "rotation.verify-failed"
  // command line
  | "cli.usage";

/** Fields every {@link GuardError} may carry. All of them must be safe to print. */
export interface GuardErrorDetails {
  /** What the user can do about it, one or two sentences. */
  hint?: string;
  /** HTTP status, when the error came from an HTTP service. */
  status?: number;
  /** The service's own error code (Genesys `code`, Vault error text class, AWS error name). */
  serviceCode?: string;
  /** Correlation id to quote to the service's support (Genesys `ININ-Correlation-Id`). */
  correlationId?: string;
  /** The operation that failed, e.g. `POST /api/v2/oauth/clients`. Never includes a query string. */
  operation?: string;
  /** Whether retrying the same call later may succeed. */
  retryable?: boolean;
  /** How long the service asked us to wait before retrying (Retry-After), in ms. */
  retryAfterMs?: number;
  /** True when the request certainly did not act on the service (refused connection, 429/503 before acting). */
  notActed?: boolean;
  /** The underlying error, already redacted (see core/redact.ts). */
  cause?: unknown;
}

/** Base class of every error the project raises on purpose. */
export class GuardError extends Error {
  readonly code: GuardErrorCode;
  readonly hint?: string;
  readonly status?: number;
  readonly serviceCode?: string;
  readonly correlationId?: string;
  readonly operation?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly notActed: boolean;

  constructor(code: GuardErrorCode, message: string, details: GuardErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "GuardError";
    this.code = code;
    this.hint = details.hint;
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.correlationId = details.correlationId;
    this.operation = details.operation;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.notActed = details.notActed ?? false;
  }

  /** One line for people: message, then the hint. */
  describe(): string {
    const parts = [`${this.message} [${this.code}]`];
    if (this.correlationId) parts.push(`(correlation id ${this.correlationId})`);
    if (this.hint) parts.push(`— ${this.hint}`);
    return parts.join(" ");
  }

  /** What structured loggers and `--json` output print. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      hint: this.hint,
      status: this.status,
      serviceCode: this.serviceCode,
      correlationId: this.correlationId,
      operation: this.operation,
      retryable: this.retryable,
    };
  }
}

/** True when `e` is a {@link GuardError}, optionally with one of the given codes. */
export function isGuardError(e: unknown, ...codes: GuardErrorCode[]): e is GuardError {
  return e instanceof GuardError && (codes.length === 0 || codes.includes(e.code));
}
