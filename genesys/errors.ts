/**
 * Maps Genesys Cloud error responses and network failures to {@link GuardError}s with `genesys.*`
 * codes, the Genesys `code` (serviceCode), the correlation id, retryability and a hint.
 * Every message passes through `redactText`: no secret, token or Authorization header reaches it.
 */
import { GuardError, GuardErrorCode } from "../core/errors";
import { HttpFailure, parseRetryAfter } from "../core/http";
import { redactText } from "../core/redact";
import type { ErrorBody } from "./models";

/** What the mapper knows about the call that failed. */
export interface GenesysErrorContext {
  /** `METHOD /path` (no query). Defaults to the failure's operation. */
  operation?: string;
  /** The permission the call needs, e.g. `oauth:client:add` (used in the 403 hint). */
  permission?: string;
  /** The call addresses one OAuth client (404 hint). */
  clientId?: string;
  /** The failure came from the token endpoint. */
  token?: boolean;
}

/** Network error codes worth retrying. */
const RETRYABLE_NETWORK = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "ERR_NETWORK",
  "UND_ERR_SOCKET",
]);

/** Statuses retried by the retry policy. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** The admin credentials hint (401). */
export const ADMIN_CREDENTIALS_HINT =
  "The admin credentials (GENESYS_CLOUD_CLIENT_ID / GENESYS_CLOUD_CLIENT_SECRET) are wrong or expired: " +
  "fix them, or create a new client-credentials admin client in Genesys Cloud.";

const asErrorBody = (body: unknown): ErrorBody & { error?: string; error_description?: string; description?: string } =>
  body && typeof body === "object" && !Array.isArray(body) ? body : {};

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

function codeForStatus(status: number): GuardErrorCode {
  if (status === 400 || status === 422) return "genesys.bad-request";
  if (status === 401) return "genesys.unauthorized";
  if (status === 403) return "genesys.forbidden";
  if (status === 404) return "genesys.not-found";
  if (status === 409) return "genesys.conflict";
  if (status === 429) return "genesys.rate-limited";
  if (status >= 500) return "genesys.unavailable";
  return "genesys.unexpected";
}

function hintFor(status: number, ctx: GenesysErrorContext, body: ErrorBody): string | undefined {
  switch (status) {
    case 400:
      return "Genesys rejected the request; the message says which field. Check the OAuth client definition.";
    case 401:
      return ADMIN_CREDENTIALS_HINT;
    case 403: {
      const perm = ctx.permission ?? "the permission named in the message";
      return (
        `The admin client lacks ${perm}: the admin client's roles must include ${perm}` +
        (body.code === "missing.permissions" ? "." : " (or the role is not granted in this division).")
      );
    }
    case 404:
      return ctx.clientId
        ? `The OAuth client ${ctx.clientId} does not exist in this org/region (deleted outside Pulumi, or wrong region?).`
        : "The resource does not exist in this org/region (wrong region or API URL?).";
    case 409:
      return "The change conflicts with the current state of the resource; read it again and retry.";
    case 429:
      return "Rate limited by Genesys Cloud (300 requests per minute per token); retried automatically. Lower the concurrency (e.g. pulumi up --parallel).";
    default:
      if (status >= 500) return "Genesys Cloud is unavailable or overloaded; transient failures are retried automatically. Try again later.";
      return undefined;
  }
}

/** Map a response with an error status (as a {@link HttpFailure}) or a network failure to a {@link GuardError}. */
export function toGenesysError(failure: HttpFailure, ctx: GenesysErrorContext = {}): GuardError {
  const operation = ctx.operation ?? failure.operation;
  if (failure.status === undefined) return networkError(failure, operation);
  const status = failure.status;
  const body = asErrorBody(failure.body);
  const correlationId = str(failure.headers["inin-correlation-id"]) ?? str(body.contextId);
  const retryAfterMs = parseRetryAfter(failure.headers["retry-after"]);
  const retryable = RETRYABLE_STATUS.has(status);
  const notActed = status === 429 || status === 503;
  if (ctx.token) return tokenError(status, operation, body, correlationId, retryAfterMs);
  const serviceCode = str(body.code);
  const detail = str(body.message) ?? str(body.messageWithParams);
  const message = redactText(`${operation} failed: HTTP ${status}${serviceCode ? ` ${serviceCode}` : ""}${detail ? `: ${detail}` : ""}`);
  return new GuardError(codeForStatus(status), message, {
    status,
    serviceCode,
    correlationId,
    operation,
    retryable,
    retryAfterMs,
    notActed,
    hint: hintFor(status, ctx, body),
  });
}

function tokenError(
  status: number,
  operation: string,
  body: ReturnType<typeof asErrorBody>,
  correlationId: string | undefined,
  retryAfterMs: number | undefined,
): GuardError {
  const serviceCode = str(body.error) ?? str(body.code);
  const description = str(body.error_description) ?? str(body.description) ?? str(body.message);
  const message = redactText(`token request failed: HTTP ${status}${serviceCode ? ` ${serviceCode}` : ""}${description ? `: ${description}` : ""}`);
  const common = { status, serviceCode, correlationId, operation, retryAfterMs };
  if (status === 400 && serviceCode === "invalid_client") {
    return new GuardError("genesys.unauthorized", message, {
      ...common,
      hint:
        "client id not found: the admin client id (GENESYS_CLOUD_CLIENT_ID) does not exist in this org/region. " +
        "Check the id and the region, or create a new admin client.",
    });
  }
  if (status === 401) {
    return new GuardError("genesys.unauthorized", message, {
      ...common,
      hint: "wrong secret: the admin client secret (GENESYS_CLOUD_CLIENT_SECRET) is wrong or was regenerated. " + "Fix it, or create a new admin client.",
    });
  }
  if (RETRYABLE_STATUS.has(status) || status >= 500) {
    return new GuardError(codeForStatus(status), message, {
      ...common,
      retryable: RETRYABLE_STATUS.has(status),
      notActed: status === 429 || status === 503,
      hint: hintFor(status, {}, {}),
    });
  }
  return new GuardError("genesys.token-failed", message, {
    ...common,
    hint: "The login host refused the client-credentials grant; check that the admin client is active and uses the CLIENT-CREDENTIALS grant.",
  });
}

function networkError(failure: HttpFailure, operation: string): GuardError {
  const code = failure.networkCode ?? "EUNKNOWN";
  const retryable = RETRYABLE_NETWORK.has(code) || failure.notSent;
  return new GuardError("genesys.network", redactText(`${operation} failed: network error ${code}`), {
    operation,
    retryable,
    notActed: failure.notSent,
    hint: failure.notSent
      ? "Genesys Cloud could not be reached (connection refused or host not found): check the region / API URL and the network."
      : "The connection failed before a complete response arrived; the request may or may not have acted.",
  });
}

/** Map anything thrown while calling Genesys (a GuardError passes through unchanged). */
export function toGenesysErrorFromUnknown(error: unknown, operation: string, failure?: HttpFailure): GuardError {
  if (error instanceof GuardError) return error;
  if (failure) return toGenesysError(failure, { operation });
  const name = error instanceof Error ? error.name : "unknown";
  return new GuardError("genesys.unexpected", redactText(`${operation} failed: ${name}`), { operation });
}

/**
 * The same error marked not retryable: a token failure inside an API call was already retried by the
 * token provider, and must not be retried again by the call's own retry loop.
 */
export function withoutRetry(error: GuardError): GuardError {
  if (!error.retryable) return error;
  return new GuardError(error.code, error.message, {
    hint: error.hint,
    status: error.status,
    serviceCode: error.serviceCode,
    correlationId: error.correlationId,
    operation: error.operation,
    retryable: false,
    retryAfterMs: error.retryAfterMs,
    notActed: error.notActed,
  });
}
