/**
 * `GenesysClient`: sends command objects (genesys/commands) to the Genesys Cloud Platform API.
 *
 * Per request it adds the bearer token (never as a default header), runs the shared retry policy
 * (core/retry.ts; non-idempotent commands pass `idempotent: false`), gets one fresh token on a 401 and
 * then fails, maps failures to GuardErrors (genesys/errors.ts) and logs operation, status, elapsed
 * time and rate-limit headers at debug level (never bodies). Every API request attempt first waits for
 * its turn at the token's {@link RatePacer} (genesys/rate-pacer.ts, shared per login base + client id),
 * which then learns from the response's rate-limit headers.
 */
import { inspect } from "node:util";
import type { AxiosInstance, AxiosResponse } from "axios";
import { GuardError, isGuardError } from "../core/errors";
import { HttpFailureError, createHttpClient, describeOperation, responseFailure } from "../core/http";
import { debug } from "../core/log";
import { registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
import { toGenesysError, toGenesysErrorFromUnknown, withoutRetry } from "./errors";
import type { Division, OAuthClient, OAuthClientRequest, OAuthClientWithSecret, Role } from "./models";
import { GenesysSettings, GenesysSettingsInput, resolveGenesysSettings } from "./settings";
import { RatePacer, RatePacerRegistry, sharedRatePacers } from "./rate-pacer";
import { TokenCache, TokenGrant, TokenProvider, requestClientCredentialsToken, sharedTokenCache } from "./token";
import type { ApiRequest, ApiResponse, CommandContext, GenesysCommand } from "./commands/command";
import { CreateClientCommand } from "./commands/create-client";
import { DeleteClientCommand, DeleteClientOptions, DeleteClientResult } from "./commands/delete-client";
import { GetClientCommand } from "./commands/get-client";
import { GetHomeDivisionCommand } from "./commands/get-home-division";
import { ListClientsCommand } from "./commands/list-clients";
import { ListRolesCommand, ListRolesOptions } from "./commands/list-roles";
import { RegenerateSecretCommand } from "./commands/regenerate-secret";
import { UpdateClientCommand } from "./commands/update-client";
import { VerifyCredentialsCommand, VerifyCredentialsResult } from "./commands/verify-credentials";

/** The retry policy shared by every GenesysClient that is not given its own. */
export const defaultGenesysRetryPolicy = new RetryPolicy();

/** Options of {@link GenesysClient}. */
export interface GenesysClientOptions {
  /** Retry policy (default {@link defaultGenesysRetryPolicy}); tests inject one with a fake sleep. */
  retryPolicy?: RetryPolicy;
  /** Token cache (default the process-wide {@link sharedTokenCache}). */
  tokenCache?: TokenCache;
  /** Rate pacers (default the process-wide {@link sharedRatePacers}); tests inject their own. */
  ratePacers?: RatePacerRegistry;
  /** Sleep used by polling commands (delete); default real time. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock used by polling commands; default Date.now. */
  now?: () => number;
}

const RATE_HEADERS = ["inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset"];

function pickHeaders(response: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[name.toLowerCase()] = String(value);
  }
  return out;
}

function rateInfo(headers: Record<string, string>): string {
  const parts = RATE_HEADERS.filter((h) => headers[h] !== undefined).map((h) => `${h.replace("inin-ratelimit-", "")}=${headers[h]}`);
  return parts.length ? ` ratelimit ${parts.join(" ")}` : "";
}

/** The Genesys Cloud Platform API client. */
export class GenesysClient {
  /** Resolved settings (printing them hides the secret). */
  readonly settings: GenesysSettings;
  private readonly api: AxiosInstance;
  private readonly login: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly tokens: TokenProvider;
  private readonly pacer: RatePacer;
  private readonly context: CommandContext;

  constructor(settings: GenesysSettings, options: GenesysClientOptions = {}) {
    this.settings = settings;
    registerSecret(settings.clientSecret);
    this.api = createHttpClient({ baseURL: settings.apiBaseUrl, timeoutMs: settings.timeoutMs });
    this.login = settings.loginBaseUrl === settings.apiBaseUrl ? this.api : createHttpClient({ baseURL: settings.loginBaseUrl, timeoutMs: settings.timeoutMs });
    this.retry = options.retryPolicy ?? defaultGenesysRetryPolicy;
    this.tokens = new TokenProvider(
      this.login,
      settings.loginBaseUrl,
      settings.clientId,
      settings.clientSecret,
      this.retry,
      options.tokenCache ?? sharedTokenCache,
    );
    this.pacer = (options.ratePacers ?? sharedRatePacers).for(settings.loginBaseUrl, settings.clientId);
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    this.context = {
      request: <T>(request: ApiRequest<T>) => this.request(request),
      requestToken: (clientId: string, clientSecret: string) => this.requestToken(clientId, clientSecret),
      sleep,
      now,
    };
  }

  /** A client from the environment (see settings.ts), with explicit values in `overrides`. */
  static fromEnvironment(
    overrides: Partial<GenesysSettingsInput> = {},
    options: GenesysClientOptions = {},
    env: NodeJS.ProcessEnv = process.env,
  ): GenesysClient {
    return new GenesysClient(resolveGenesysSettings(overrides, env), options);
  }

  /** Run a command. Failures are GuardErrors with `genesys.*` codes. */
  send<T>(command: GenesysCommand<T>): Promise<T> {
    return command.execute(this.context);
  }

  /** Every OAuth client of the org (entries may have state `deleted`). */
  listClients(): Promise<OAuthClient[]> {
    return this.send(new ListClientsCommand());
  }

  /** One OAuth client (no secret). 404 → `genesys.not-found`. */
  getClient(id: string): Promise<OAuthClient> {
    return this.send(new GetClientCommand(id));
  }

  /** The client, or undefined when it does not exist (404) or is in state `deleted`. */
  async findClient(id: string): Promise<OAuthClient | undefined> {
    try {
      const client = await this.getClient(id);
      return client.state === "deleted" ? undefined : client;
    } catch (e) {
      if (isGuardError(e, "genesys.not-found")) return undefined;
      throw e;
    }
  }

  /** Create a client; the result carries its secret (registered for redaction). Not retried after it may have acted. */
  createClient(request: OAuthClientRequest): Promise<OAuthClientWithSecret> {
    return this.send(new CreateClientCommand(request));
  }

  /** Replace a client's definition (full PUT). */
  updateClient(id: string, request: OAuthClientRequest): Promise<OAuthClient> {
    return this.send(new UpdateClientCommand(id, request));
  }

  /** Set inactive, DELETE, wait until gone; succeeds when the client is already gone. */
  deleteClient(id: string, options?: DeleteClientOptions): Promise<DeleteClientResult> {
    return this.send(new DeleteClientCommand(id, options));
  }

  /** Regenerate the client's secret; the result carries the new secret (registered for redaction). Not retried after it may have acted. */
  regenerateSecret(id: string): Promise<OAuthClientWithSecret> {
    return this.send(new RegenerateSecretCommand(id));
  }

  /** Does this id + secret get a client-credentials token? Does not touch the admin token cache. */
  verifyCredentials(clientId: string, clientSecret: string): Promise<VerifyCredentialsResult> {
    return this.send(new VerifyCredentialsCommand(clientId, clientSecret));
  }

  /** Every role of the org (all pages), optionally filtered by name. */
  listRoles(options?: ListRolesOptions): Promise<Role[]> {
    return this.send(new ListRolesCommand(options));
  }

  /** The org's home division. */
  getHomeDivision(): Promise<Division> {
    return this.send(new GetHomeDivisionCommand());
  }

  /** Printable form: the settings without the secret. */
  toJSON(): Record<string, unknown> {
    return { settings: this.settings.toJSON() };
  }

  [inspect.custom](): string {
    return `GenesysClient ${inspect(this.toJSON())}`;
  }

  /** Forget the cached admin token. */
  invalidateToken(): void {
    this.tokens.invalidate();
  }

  private async requestToken(clientId: string, clientSecret: string): Promise<TokenGrant> {
    const grant = await this.retry.run({ operation: "POST /oauth/token", idempotent: true }, () =>
      requestClientCredentialsToken(this.login, clientId, clientSecret),
    );
    registerSecret(grant.accessToken);
    return grant;
  }

  private async request<T>(request: ApiRequest<T>): Promise<T> {
    const operation = describeOperation(request.method, request.path);
    let refreshed = false;
    return this.retry.run({ operation, idempotent: request.idempotent }, async () => {
      let token = await this.adminToken();
      let response = await this.once(request, operation, token);
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        debug("genesys", `${operation}: 401, getting one fresh token`);
        this.tokens.invalidate(token);
        token = await this.adminToken();
        response = await this.once(request, operation, token);
      }
      if (response.status < 200 || response.status >= 300) {
        throw toGenesysError(responseFailure(response, operation), {
          operation,
          permission: request.permission,
          clientId: request.clientId,
        });
      }
      const api: ApiResponse = { status: response.status, headers: pickHeaders(response), data: response.data };
      return request.parse(api);
    });
  }

  /** The admin token; its failures were retried by the token provider and are final here. */
  private async adminToken(): Promise<string> {
    try {
      return await this.tokens.getToken();
    } catch (e) {
      throw e instanceof GuardError ? withoutRetry(e) : toGenesysErrorFromUnknown(e, "POST /oauth/token");
    }
  }

  private async once<T>(request: ApiRequest<T>, operation: string, token: string): Promise<AxiosResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    const params = request.query ? Object.fromEntries(Object.entries(request.query).filter(([, v]) => v !== undefined && v !== "")) : undefined;
    await this.pacer.acquire(`${request.operation} ${operation}`);
    const started = Date.now();
    try {
      const response = await this.api.request({ method: request.method, url: request.path, params, data: request.body, headers });
      this.pacer.observe(response.status, pickHeaders(response));
      debug("genesys", `${request.operation} ${operation} → ${response.status} in ${Date.now() - started} ms${rateInfo(pickHeaders(response))}`);
      return response;
    } catch (error) {
      if (error instanceof HttpFailureError) {
        debug("genesys", `${request.operation} ${operation} → ${error.failure.networkCode ?? "failed"} in ${Date.now() - started} ms`);
        throw toGenesysError(error.failure, { operation, permission: request.permission, clientId: request.clientId });
      }
      if (error instanceof GuardError) throw error;
      throw toGenesysErrorFromUnknown(error, operation);
    }
  }
}
