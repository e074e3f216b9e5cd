/**
 * The Vault / OpenBao HTTP transport: one request to `/v1/<path>` with the token and namespace headers,
 * over the one HTTP client (core/http.ts), retried by the store's one retry policy (stores/options.ts)
 * on network failures and 5xx. The layers above (auth-methods.ts, kv-v2.ts, token-self.ts) never retry.
 *
 * Statuses below 500 come back to the caller, which knows what a 404 or a 400 means for its endpoint.
 */
import { AxiosInstance, AxiosResponse } from "axios";
import { GuardError } from "../../core/errors";
import { createHttpClient, HttpFailureError, parseRetryAfter } from "../../core/http";
import { debug } from "../../core/log";
import { redactText } from "../../core/redact";
import { RetryPolicy } from "../../core/retry";

/** A Vault answer below 500: its status and JSON body (`{}` when it had none). */
export interface VaultResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One request: without `token` none is sent (a login); `idempotent` false when a repeat after it may have acted is unsafe. */
export interface VaultRequestOptions {
  token?: string;
  idempotent?: boolean;
}

/** The `errors` strings of a Vault error body. */
export function vaultErrors(body: Record<string, unknown>): string[] {
  const errors = body?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === "string") : [];
}

/** HTTP to one Vault server (and namespace). */
export class VaultTransport {
  private readonly http: AxiosInstance;

  constructor(
    readonly address: string,
    readonly namespace: string | undefined,
    private readonly retry: RetryPolicy,
    timeoutMs?: number,
  ) {
    this.http = createHttpClient({ baseURL: address, timeoutMs });
  }

  /** One request with retries for network failures and 5xx; statuses < 500 come back to the caller. */
  async request(method: "GET" | "POST" | "DELETE", p: string, body: unknown, opts: VaultRequestOptions = {}): Promise<VaultResponse> {
    const operation = `${method} /v1/${p}`;
    return this.retry.run({ operation, idempotent: opts.idempotent ?? true }, async () => {
      const headers: Record<string, string> = {};
      if (opts.token) headers["X-Vault-Token"] = opts.token;
      if (this.namespace) headers["X-Vault-Namespace"] = this.namespace;
      let response: AxiosResponse;
      try {
        response = await this.http.request({ method, url: "/v1/" + p.split("/").map(encodeURIComponent).join("/"), data: body, headers });
      } catch (e) {
        throw this.networkError(operation, e);
      }
      const resBody = (response.data && typeof response.data === "object" ? response.data : {}) as Record<string, unknown>;
      if (response.status >= 500) throw this.serverError(operation, response.status, resBody, response.headers?.["retry-after"]);
      debug("store.vault", `${operation} → ${response.status}`);
      return { status: response.status, body: resBody };
    });
  }

  private networkError(operation: string, e: unknown): GuardError {
    const failure = e instanceof HttpFailureError ? e.failure : undefined;
    const code = failure?.networkCode ?? "EUNKNOWN";
    return new GuardError("store.unavailable", `Vault at ${this.address} is unreachable (${code}) during ${operation}.`, {
      hint: "Check that the server runs and VAULT_ADDR is right.",
      operation,
      serviceCode: code,
      retryable: true,
      notActed: failure?.notSent ?? false,
    });
  }

  private serverError(operation: string, status: number, body: Record<string, unknown>, retryAfter: unknown): GuardError {
    const text = redactText(vaultErrors(body).join("; "));
    if (status === 503 && /sealed/i.test(text)) {
      return new GuardError("store.unavailable", `Vault at ${this.address} is sealed (${operation}).`, {
        hint: "Unseal the server (bao operator unseal / vault operator unseal) and retry.",
        status,
        operation,
        serviceCode: "sealed",
        retryable: false,
      });
    }
    return new GuardError("store.unavailable", `Vault answered HTTP ${status} to ${operation}${text ? `: ${text}` : ""}.`, {
      status,
      operation,
      retryable: true,
      notActed: status === 503,
      retryAfterMs: parseRetryAfter(typeof retryAfter === "string" ? retryAfter : undefined),
    });
  }
}
