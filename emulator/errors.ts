/**
 * Genesys error bodies as the real service sends them (`ErrorBody`), and the OAuth token endpoint's own
 * error shape (`{error, description, error_description}`).
 */
import { randomUUID } from "crypto";

/** Genesys Platform API error body. */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId: string;
  details: unknown[];
  errors: unknown[];
}

/** An API error the route handlers throw; the server turns it into a response. */
export class ApiError extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.headers = headers;
  }

  /** The ErrorBody for this error. */
  body(contextId: string = randomUUID()): ErrorBody {
    return { message: this.message, code: this.code, status: this.status, contextId, details: [], errors: [] };
  }
}

/** The default code for a status, as the real service uses them. */
export function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return "bad.request";
    case 401:
      return "authentication.required";
    case 403:
      return "missing.permissions";
    case 404:
      return "not.found";
    case 409:
      return "conflict";
    case 429:
      return "too.many.requests";
    case 502:
      return "bad.gateway";
    case 503:
      return "service.unavailable";
    case 504:
      return "request.timeout";
    default:
      return status >= 500 ? "internal.server.error" : "bad.request";
  }
}

/** 400 invalid.value for a field. */
export const invalidValue = (message: string): ApiError => new ApiError(400, "invalid.value", message);

/** 403 missing.permissions naming the permission(s), in the real message's words. */
export const missingPermission = (permission: string | readonly string[]): ApiError =>
  new ApiError(
    403,
    "missing.permissions",
    `Unable to perform the requested action. You are missing the following permission(s): [${typeof permission === "string" ? permission : permission.join(", ")}]`,
  );

/** 404 not.found. */
export const notFound = (what = "The requested resource was not found."): ApiError => new ApiError(404, "not.found", what);

/** The token endpoint's error shape. */
export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
  body(): Record<string, string> {
    return { error: this.error, description: this.description, error_description: this.description };
  }
}
