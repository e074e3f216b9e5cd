/**
 * A scripted HTTP server on 127.0.0.1 (port 0) for the Genesys client's unit tests: routes answer with
 * queued one-shot handlers first, then a default handler; every request is recorded.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One recorded request. */
export interface Recorded {
  method: string;
  url: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A route handler. */
export type Handler = (req: Recorded, res: http.ServerResponse) => void | Promise<void>;

/** Send a JSON response. */
export function json(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "Content-Type": "application/json" } : {}), ...headers });
  res.end(text);
}

/** Drop the connection without a response (the client sees ECONNRESET / socket hang up). */
export function drop(res: http.ServerResponse): void {
  res.socket?.destroy();
}

interface Route {
  method: string;
  path: string | RegExp;
  queue: Handler[];
  fallback?: Handler;
}

/** The scripted server. */
export class ScriptServer {
  readonly requests: Recorded[] = [];
  private readonly routes: Route[] = [];
  private server?: http.Server;
  baseUrl = "";
  tokenCount = 0;

  /** Route `method path` to `handler` whenever no one-shot handler is queued. */
  on(method: string, path: string | RegExp, handler: Handler): this {
    this.route(method, path).fallback = handler;
    return this;
  }

  /** Queue one-shot handlers for `method path` (used in order, before the fallback). */
  once(method: string, path: string | RegExp, ...handlers: Handler[]): this {
    this.route(method, path).queue.push(...handlers);
    return this;
  }

  /** Answer `POST /oauth/token` with tokens `token-<n>-...` valid `expiresIn` seconds. */
  issueTokens(expiresIn = 3600): this {
    return this.on("POST", "/oauth/token", (_req, res) => {
      this.tokenCount++;
      json(res, 200, { access_token: `token-${this.tokenCount}-abcdefghijkl`, token_type: "bearer", expires_in: expiresIn });
    });
  }

  /** Requests to `path` (without query) with `method`. */
  calls(method: string, path: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private route(method: string, path: string | RegExp): Route {
    let r = this.routes.find((x) => x.method === method && String(x.path) === String(path));
    if (!r) {
      r = { method, path, queue: [] };
      this.routes.push(r);
    }
    return r;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = req.url ?? "/";
        const rec: Recorded = { method: req.method ?? "GET", url, path: url.split("?")[0], headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.requests.push(rec);
        const route = this.routes.find((r) => r.method === rec.method && (typeof r.path === "string" ? r.path === rec.path : r.path.test(rec.path)));
        const handler = route?.queue.shift() ?? route?.fallback;
        if (!handler) {
          json(res, 404, { message: "no route", code: "not.found", status: 404 });
          return;
        }
        Promise.resolve(handler(rec, res)).catch(() => drop(res));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
