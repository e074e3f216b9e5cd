/**
 * Client-credentials tokens from the login host: `POST {login}/oauth/token` with
 * `Authorization: Basic base64(id:secret)` and `grant_type=client_credentials`.
 *
 * Tokens are cached until shortly before they expire (margin: 10 % of the lifetime, at most 60 s),
 * concurrent callers share one in-flight request, and the cache is shared by every client in the
 * process with the same (login base URL, client id): {@link sharedTokenCache}, a module-level map keyed by
 * base + id. The secret is never a key: an entry keeps only a SHA-256 of id + secret to notice a
 * changed secret. Every token and every secret used is registered with `registerSecret()`.
 */
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import type { AxiosInstance } from "axios";
import { GuardError } from "../core/errors";
import { HttpFailureError, responseFailure } from "../core/http";
import { debug } from "../core/log";
import { registerSecret } from "../core/redact";
import type { RetryPolicy } from "../core/retry";
import { toGenesysError, toGenesysErrorFromUnknown } from "./errors";

/** A token grant. */
export interface TokenGrant {
  accessToken: string;
  /** Lifetime in seconds as the login host reported it. */
  expiresInSeconds: number;
}

/** `POST /oauth/token` for logs and errors. */
export const TOKEN_OPERATION = "POST /oauth/token";

/**
 * One client-credentials token request (no retry, no cache). Throws a {@link GuardError}: for a
 * rejected grant `genesys.unauthorized` (400 invalid_client: id not found; 401: wrong secret) or
 * `genesys.token-failed`; 429/5xx/network failures are retryable.
 */
export async function requestClientCredentialsToken(http: AxiosInstance, clientId: string, clientSecret: string): Promise<TokenGrant> {
  registerSecret(clientSecret);
  const basic = Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64");
  registerSecret(basic);
  const started = Date.now();
  let status: number;
  let data: unknown;
  try {
    const response = await http.request({
      method: "POST",
      url: "/oauth/token",
      data: "grant_type=client_credentials",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    status = response.status;
    data = response.data;
    debug("genesys", `token ${TOKEN_OPERATION} → ${status} in ${Date.now() - started} ms`);
    if (status < 200 || status >= 300) {
      throw toGenesysError(responseFailure(response, TOKEN_OPERATION), { operation: TOKEN_OPERATION, token: true });
    }
  } catch (error) {
    if (error instanceof HttpFailureError) {
      debug("genesys", `token ${TOKEN_OPERATION} → ${error.failure.networkCode ?? "failed"} in ${Date.now() - started} ms`);
      throw toGenesysError(error.failure, { operation: TOKEN_OPERATION, token: true });
    }
    throw toGenesysErrorFromUnknown(error, TOKEN_OPERATION);
  }
  const body = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
  const accessToken = typeof body.access_token === "string" ? body.access_token : undefined;
  const expires = Number(body.expires_in);
  if (!accessToken) {
    throw new GuardError("genesys.token-failed", `${TOKEN_OPERATION} returned HTTP ${status} without an access_token`, { status, operation: TOKEN_OPERATION });
  }
  registerSecret(accessToken);
  return { accessToken, expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 86_400 };
}

interface CacheEntry {
  /** SHA-256 of `id:secret`, to drop the entry when the secret changes. */
  fingerprint: string;
  token?: string;
  /** When to fetch a new token (before expiry by the margin). */
  refreshAt: number;
  inflight?: Promise<string>;
}

/** Identity of a cached token. */
export interface TokenKey {
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A token cache with single-flight refresh. Use {@link sharedTokenCache} unless testing. */
export class TokenCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Refresh margin: 10 % of the lifetime, at most 60 s. */
  static marginMs(expiresInSeconds: number): number {
    return Math.min(60_000, expiresInSeconds * 100);
  }

  private static keyOf(key: TokenKey): string {
    return `${key.loginBaseUrl.replace(/\/+$/, "")}\n${key.clientId}`;
  }

  private static fingerprintOf(key: TokenKey): string {
    return createHash("sha256").update(`${key.clientId}:${key.clientSecret}`).digest("hex");
  }

  /** A valid token for `key`: from the cache, from the request in flight, or from `fetch`. */
  async get(key: TokenKey, fetch: () => Promise<TokenGrant>): Promise<string> {
    const k = TokenCache.keyOf(key);
    const fingerprint = TokenCache.fingerprintOf(key);
    let entry = this.entries.get(k);
    if (entry?.fingerprint !== fingerprint) {
      entry = { fingerprint, refreshAt: 0 };
      this.entries.set(k, entry);
    }
    if (entry.token && this.now() < entry.refreshAt) return entry.token;
    if (entry.inflight) return entry.inflight;
    const current = entry;
    const inflight = (async () => {
      try {
        const grant = await fetch();
        const lifetimeMs = grant.expiresInSeconds * 1000;
        current.token = grant.accessToken;
        current.refreshAt = this.now() + lifetimeMs - TokenCache.marginMs(grant.expiresInSeconds);
        debug("genesys", `token for client ${key.clientId} cached for ${Math.round((current.refreshAt - this.now()) / 1000)} s`);
        return grant.accessToken;
      } finally {
        current.inflight = undefined;
      }
    })();
    current.inflight = inflight;
    return inflight;
  }

  /**
   * Forget the token of (loginBaseUrl, clientId). With `token`, only when it is still the cached one
   * (so concurrent 401s cause one refresh, not one each).
   */
  invalidate(loginBaseUrl: string, clientId: string, token?: string): void {
    const entry = this.entries.get(TokenCache.keyOf({ loginBaseUrl, clientId, clientSecret: "" }));
    if (!entry) return;
    if (token !== undefined && entry.token !== token) return;
    entry.token = undefined;
    entry.refreshAt = 0;
  }

  /** Drop every entry (tests). */
  clear(): void {
    this.entries.clear();
  }

  /** Number of (base, id) entries. */
  get size(): number {
    return this.entries.size;
  }

  /** Printable form without tokens. */
  toJSON(): Record<string, unknown> {
    return { entries: this.entries.size };
  }

  [inspect.custom](): string {
    return `TokenCache { entries: ${this.entries.size} }`;
  }
}

/** The process-wide token cache shared by every {@link GenesysClient}. */
export const sharedTokenCache = new TokenCache();

/** Tokens of one admin client: cache + retry policy + login HTTP client. */
export class TokenProvider {
  private readonly key: TokenKey;

  constructor(
    private readonly http: AxiosInstance,
    loginBaseUrl: string,
    clientId: string,
    clientSecret: string,
    private readonly retry: RetryPolicy,
    private readonly cache: TokenCache = sharedTokenCache,
  ) {
    this.key = { loginBaseUrl, clientId, clientSecret };
    registerSecret(clientSecret);
  }

  /** A valid bearer token (cached, single-flight, retried on 429/5xx/network). */
  getToken(): Promise<string> {
    return this.cache.get(this.key, () =>
      this.retry.run({ operation: TOKEN_OPERATION, idempotent: true }, () =>
        requestClientCredentialsToken(this.http, this.key.clientId, this.key.clientSecret),
      ),
    );
  }

  /** Forget the cached token (the 401 path); with `token` only if it is still the cached one. */
  invalidate(token?: string): void {
    this.cache.invalidate(this.key.loginBaseUrl, this.key.clientId, token);
  }

  /** Printable form without the secret. */
  toJSON(): Record<string, unknown> {
    return { loginBaseUrl: this.key.loginBaseUrl, clientId: this.key.clientId };
  }

  [inspect.custom](): string {
    return `TokenProvider ${inspect(this.toJSON())}`;
  }
}
