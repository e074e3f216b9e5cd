/**
 * The one HTTP client of the project: an axios instance per service base URL, with the failure of
 * every request turned into a {@link HttpFailure} that holds nothing secret.
 *
 * axios errors carry `config.headers.Authorization`, `config.data` (a request body) and
 * `response.data` (maybe a secret): they never leave this module. Callers map a HttpFailure to their
 * service's {@link GuardError} (Genesys in genesys/errors.ts, Vault in stores/vault-store.ts).
 */
import axios, { AxiosError, AxiosInstance, AxiosResponse } from "axios";
import { ConnectTunnelAgent, httpsProxyFor } from "./proxy-tunnel";
import { redactValue } from "./redact";
import { isLoopbackHost } from "../domain/loopback";

/** What the project keeps of a failed HTTP request: safe to log and to attach to an error. */
export interface HttpFailure {
  /** `METHOD /path` without query string. */
  operation: string;
  /** HTTP status, absent when no response arrived. */
  status?: number;
  /** Response headers of interest (lower-case names); never request headers. */
  headers: Record<string, string>;
  /** Response body with secret-named keys redacted. */
  body?: unknown;
  /** Network error code (ECONNRESET, ECONNREFUSED, ETIMEDOUT, ECONNABORTED...). */
  networkCode?: string;
  /** The request was refused before it was sent, so it cannot have acted. */
  notSent: boolean;
}

/** Response headers copied into a {@link HttpFailure}. */
const KEPT_HEADERS = ["retry-after", "inin-correlation-id", "inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset", "content-type"];

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  baseURL: string;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Extra default headers (never secrets: those go per request). */
  headers?: Record<string, string>;
}

/** An axios instance that never throws raw axios errors: it throws {@link HttpFailureError}. */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const loopback = isLoopbackBaseUrl(options.baseURL);
  const tunnel = loopback ? undefined : tunnelFor(options.baseURL);
  const instance = axios.create({
    baseURL: options.baseURL.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 30_000,
    headers: { "User-Agent": "genesys-oauth-guard", ...(options.headers ?? {}) },
    // Status handling is the caller's: every status resolves and is mapped by the service layer.
    validateStatus: () => true,
    // Keep-alive is on by default in Node 20's global agent.
    maxRedirects: 0,
    // Plain http is allowed only because a loopback service never leaves the machine: a proxy from
    // HTTP_PROXY/HTTPS_PROXY would carry the request (Basic credentials, tokens, secrets) off it in clear.
    // axios's own proxy support never applies: it would send an https request to the proxy in clear
    // (`GET https://...` with every header). https goes through a CONNECT tunnel (HTTPS_PROXY, NO_PROXY).
    proxy: false as const,
    ...(tunnel ? { httpsAgent: tunnel } : {}),
  });
  instance.interceptors.response.use(undefined, (error: unknown) => {
    throw new HttpFailureError(toHttpFailure(error));
  });
  return instance;
}

/** A CONNECT-tunnelling agent when an https base URL is to be reached through HTTPS_PROXY/ALL_PROXY. */
function tunnelFor(baseURL: string): ConnectTunnelAgent | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:") return undefined;
  const proxy = httpsProxyFor(url.hostname, Number(url.port || 443));
  return proxy ? new ConnectTunnelAgent({ proxy }) : undefined;
}

function isLoopbackBaseUrl(baseURL: string): boolean {
  try {
    return isLoopbackHost(new URL(baseURL).hostname);
  } catch {
    return false;
  }
}

/** The only error the HTTP client throws: a network failure (no usable response). */
export class HttpFailureError extends Error {
  constructor(readonly failure: HttpFailure) {
    super(`${failure.operation} failed: ${failure.networkCode ?? `HTTP ${failure.status}`}`);
    this.name = "HttpFailureError";
  }
}

/** Network errors that prove the request never reached the service. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Convert anything axios threw into a {@link HttpFailure}. */
export function toHttpFailure(error: unknown): HttpFailure {
  if (error instanceof HttpFailureError) return error.failure;
  const e = error as AxiosError;
  const operation = describeOperation(e?.config?.method, e?.config?.url);
  const networkCode = e?.code ?? (error instanceof Error ? error.name : "EUNKNOWN");
  const failure: HttpFailure = { operation, headers: {}, networkCode, notSent: NOT_SENT_CODES.has(networkCode ?? "") };
  if (e?.response) Object.assign(failure, responseFailure(e.response, operation));
  return failure;
}

/** A {@link HttpFailure} for a response that arrived with an error status. */
export function responseFailure(response: AxiosResponse, operation?: string): HttpFailure {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers?.[name] as string | number | boolean | string[] | null | undefined;
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  return {
    operation: operation ?? describeOperation(response.config?.method, response.config?.url),
    status: response.status,
    headers,
    body: redactValue(response.data),
    notSent: false,
  };
}

/** `METHOD /path` with the query string removed. */
export function describeOperation(method: string | undefined, url: string | undefined): string {
  const path = (url ?? "").split("?")[0];
  return `${(method ?? "GET").toUpperCase()} ${path}`;
}

/** Parse a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
