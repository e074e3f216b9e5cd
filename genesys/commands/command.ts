/**
 * The command pattern of the client (as in the AWS SDK v3): one object per operation, sent with
 * `GenesysClient.send(command)`. A command describes its request(s) and parses the response; the
 * client adds the bearer token, the retry policy, the 401 refresh and the error mapping.
 */
import { GuardError } from "../../core/errors";
import type { TokenGrant } from "../token";

/** HTTP methods the API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** A successful (2xx) response handed to a parser. Headers are lower-case. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  data: unknown;
}

/** One API request: what the client sends on a command's behalf. */
export interface ApiRequest<T> {
  /** Operation name, e.g. `GetClient`. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** Path below the API base, e.g. `/api/v2/oauth/clients/abc`. */
  readonly path: string;
  /** Query parameters. */
  readonly query?: Record<string, string | number | undefined>;
  /** JSON body. */
  readonly body?: unknown;
  /** False when repeating the call after it may have acted is unsafe (create, regenerate). */
  readonly idempotent: boolean;
  /** Permission the call needs (named in the 403 hint). */
  readonly permission?: string;
  /** The OAuth client the call addresses (named in the 404 hint). */
  readonly clientId?: string;
  /** Turn a 2xx response into the result; throw a GuardError `genesys.unexpected` on a bad shape. */
  parse(response: ApiResponse): T;
}

/** What a command can do through the client. */
export interface CommandContext {
  /** Send one API request with token, retries and error mapping; non-2xx throws a GuardError. */
  request<T>(request: ApiRequest<T>): Promise<T>;
  /** One client-credentials grant for any id + secret, retried on 429/5xx/network, never cached. */
  requestToken(clientId: string, clientSecret: string): Promise<TokenGrant>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** A command: one Genesys operation. */
export interface GenesysCommand<T> {
  /** Operation name, e.g. `CreateClient`. */
  readonly operation: string;
  /** Method of the (first) request. */
  readonly method: HttpMethod;
  /** Path of the (first) request. */
  readonly path: string;
  readonly idempotent: boolean;
  readonly permission?: string;
  /** Run the operation. */
  execute(context: CommandContext): Promise<T>;
}

/** Base of commands that are exactly one request. */
export abstract class SingleRequestCommand<T> implements GenesysCommand<T>, ApiRequest<T> {
  abstract readonly operation: string;
  abstract readonly method: HttpMethod;
  abstract readonly path: string;
  abstract readonly idempotent: boolean;
  readonly permission?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  readonly clientId?: string;

  abstract parse(response: ApiResponse): T;

  execute(context: CommandContext): Promise<T> {
    return context.request<T>(this);
  }
}

/** Path segment for an id (encoded so an id cannot change the path). */
export function idSegment(id: string): string {
  if (typeof id !== "string" || id.trim() === "") throw new GuardError("input.invalid", "an OAuth client id is required");
  return encodeURIComponent(id);
}

/** `genesys.unexpected` for a response of the wrong shape (never includes the body). */
export function unexpectedShape(operation: string, what: string): GuardError {
  return new GuardError("genesys.unexpected", `${operation}: unexpected response from Genesys Cloud (${what})`, { operation });
}

/** The response body as an object with a string `id`, else `genesys.unexpected`. */
// E is the entity the caller expects: only its `id` is checked here, the rest is the API's documented shape.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function expectEntity<E extends { id: string }>(operation: string, data: unknown): E {
  if (!data || typeof data !== "object" || Array.isArray(data) || typeof (data as { id?: unknown }).id !== "string") {
    throw unexpectedShape(operation, "expected an object with an id");
  }
  return data as E;
}
