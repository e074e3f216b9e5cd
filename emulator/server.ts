/**
 * A local Genesys Cloud on one loopback origin: the login host's POST /oauth/token and the API host's
 * /api/v2/oauth/clients... (incl. the usage API), /api/v2/authorization/roles and .../divisions — close enough that the official SDK
 * (purecloud-platform-client-v2, in gateway mode) cannot tell the difference. Plus fault knobs and a
 * control plane for tests (routes/control.ts).
 *
 * Never logs a request body: client secrets travel in them.
 */
import { randomUUID } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { ApiError, defaultCode, missingPermission, TokenError } from "./errors";
import { Knobs, normaliseRoute } from "./knobs";
import { RateLimiter } from "./rate-limit";
import { HandlerResult, normalisePath, RequestContext, Route, Router } from "./router";
import { authorizationRoutes } from "./routes/authorization";
import { controlRoutes } from "./routes/control";
import { divisionRoutes } from "./routes/divisions";
import { isLoopbackHost } from "../domain/loopback";
import { oauthClientRoutes } from "./routes/oauth-clients";
import { tokenRoutes } from "./routes/token";
import { usageRoutes } from "./routes/usage";
import { OrgState, SeedClient } from "./state";
import { Stats } from "./stats";
import { UsageRecorder } from "./usage";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** The admin client (holds every seeded role, including OAuth client management). */
  adminClientId: string;
  adminClientSecret: string;
  /** Loopback address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** API requests allowed per token per 60 s. Default 300 (the real organisation limit). */
  rateLimitPerMinute?: number;
  /** More clients to seed, e.g. one holding only "Employee" (gets 403 on OAuth client calls). */
  extraClients?: SeedClient[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: serves both the login and the API paths. */
  baseUrl: string;
  port: number;
  state: OrgState;
  knobs: Knobs;
  stats: Stats;
  /** API usage per client (the usage API's data). */
  usage: UsageRecorder;
  close(): Promise<void>;
}

/** Start an emulator. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) throw new Error(`the emulator listens on loopback only, not ${host}`);
  const defaultRateLimit = options.rateLimitPerMinute ?? 300;
  const state = new OrgState([{ id: options.adminClientId, secret: options.adminClientSecret, name: "Emulator admin" }, ...(options.extraClients ?? [])]);
  const knobs = new Knobs(defaultRateLimit);
  const limiter = new RateLimiter();
  const stats = new Stats();
  const usage = new UsageRecorder();
  const router = new Router();
  tokenRoutes(router, state, stats);
  const executions = usageRoutes(router, state, usage, knobs);
  oauthClientRoutes(router, state, knobs);
  authorizationRoutes(router, state);
  divisionRoutes(router, state);
  controlRoutes(router, {
    state,
    knobs,
    stats,
    limiter,
    usage,
    defaultRateLimit,
    resetStats: () => Object.assign(stats, new Stats()),
    resetUsage: () => {
      usage.reset();
      executions.clear();
    },
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch(() => {
        if (!res.headersSent)
          send(res, 500, { message: "internal error", code: "internal.server.error", status: 500, contextId: randomUUID(), details: [], errors: [] });
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = normalisePath(url.pathname);
    const method = (req.method ?? "GET").toUpperCase();
    const correlationId = randomUUID();
    const headers: Record<string, string> = { "ININ-Correlation-Id": correlationId };
    if (path.startsWith("/api/")) {
      // Every API response carries the rate-limit headers. Until a valid token is known (401, unknown
      // route) nothing is counted: count 0 of the limit, a full window.
      headers["inin-ratelimit-count"] = "0";
      headers["inin-ratelimit-allowed"] = String(knobs.rateLimitPerMinute);
      headers["inin-ratelimit-reset"] = String(limiter.windowMs / 1000);
    }
    const { route, params, methodMismatch } = router.match(method, path);
    const routeName = route ? normaliseRoute(`${route.method} ${route.template}`) : `${method} ${path}`;
    if (route?.auth !== "control") stats.route(routeName);
    if (knobs.latencyMs > 0 && route?.auth !== "control") await new Promise((r) => setTimeout(r, knobs.latencyMs));

    const ctx: RequestContext = { method, path, query: url.searchParams, params, headers: req.headers, rawBody, now: Date.now() };
    // Every answer to a request made with a valid token of a live client counts as that client's usage
    // (its status included: 4xx, 429 and injected failures too).
    const countUsage = (status: number): void => {
      if (route?.auth === "bearer" && ctx.caller) usage.record(ctx.caller.id, ctx.now, route.templateUri ?? route.template, method, status);
    };
    try {
      if (!route) {
        throw methodMismatch
          ? new ApiError(405, "method.not.allowed", `${method} is not supported on ${path}`)
          : new ApiError(404, "not.found", `No resource at ${path}`);
      }
      if (route.auth === "bearer") authorize(route, ctx, headers);
      if (route.auth === "control") guardControlPlane(ctx);
      const failure = route.auth === "control" ? undefined : knobs.takeFailure(routeName);
      if (failure) {
        stats.failuresInjected += 1;
        if (failure.status === 429 || failure.status === 503) headers["Retry-After"] = String(failure.retryAfter ?? 1);
        if (route.auth === "token-endpoint") throw new TokenError(failure.status, "temporarily_unavailable", `injected failure ${failure.status}`);
        throw new ApiError(failure.status, defaultCode(failure.status), `Injected failure (${failure.status})`, headers);
      }
      const result: HandlerResult = await route.handler(ctx);
      countUsage(result.status);
      if (route.auth !== "control" && knobs.takeDrop(routeName)) {
        // The change happened; the answer is lost.
        stats.responsesDropped += 1;
        req.socket.destroy();
        return;
      }
      send(res, result.status, result.body, { ...headers, ...(result.headers ?? {}) });
    } catch (error) {
      if (error instanceof TokenError) {
        send(res, error.status, error.body(), headers);
        return;
      }
      if (error instanceof ApiError) {
        countUsage(error.status);
        send(res, error.status, error.body(correlationId), { ...headers, ...error.headers });
        return;
      }
      throw error;
    }
  }

  /**
   * The control plane has no token, so it answers only requests that name a loopback host and carry no
   * Origin: a web page (any Origin, incl. a cross-origin text/plain POST) or a DNS-rebinding name cannot
   * change knobs or read state.
   */
  function guardControlPlane(ctx: RequestContext): void {
    if (ctx.headers.origin !== undefined) throw new ApiError(403, "forbidden", "The emulator control plane refuses requests with an Origin header (browsers).");
    const host = String(ctx.headers.host ?? "");
    const hostname = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
    if (!isLoopbackHost(hostname))
      throw new ApiError(403, "forbidden", "The emulator control plane answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1]).");
  }

  /** Bearer token → caller; rate limit; permission. Throws ApiError. */
  function authorize(route: Route, ctx: RequestContext, headers: Record<string, string>): void {
    const bearer = /^Bearer\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ""));
    if (!bearer) throw new ApiError(401, "authentication.required", "No authentication bearer token specified in authorization header.");
    const token = bearer[1].trim();
    const found = state.tokens.lookup(token, ctx.now);
    if (found.kind === "expired") throw new ApiError(401, "credentials.expired", "The supplied credentials are expired.");
    const caller = found.kind === "valid" ? state.liveClient(found.clientId) : undefined;
    // Tokens of deleted, disabled or inactive clients stop working at once (strict; unconfirmed).
    if (caller?.state !== "active") throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
    // Known from here on (usage counts this request, whatever follows); handlers run only if nothing throws.
    ctx.caller = caller;
    const limit = limiter.hit(token, knobs.rateLimitPerMinute, ctx.now);
    headers["inin-ratelimit-count"] = String(limit.count);
    headers["inin-ratelimit-allowed"] = String(limit.limit);
    headers["inin-ratelimit-reset"] = String(limit.resetSeconds);
    if (!limit.allowed) {
      stats.rateLimited += 1;
      throw new ApiError(429, "too.many.requests", `Rate limit exceeded the maximum [${limit.limit}] requests within [60] seconds`, {
        "Retry-After": String(limit.resetSeconds),
      });
    }
    stats.client(caller.id);
    if (route.permission) {
      const held = state.permissionsOf(caller);
      const anyOf = typeof route.permission === "string" ? [route.permission] : route.permission;
      if (!anyOf.some((p) => held.has(p))) throw missingPermission(route.permission);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  return {
    baseUrl: `http://${hostForUrl}:${port}`,
    port,
    state,
    knobs,
    stats,
    usage,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined || status === 204 ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { "Content-Type": "application/json" } : {}), "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
