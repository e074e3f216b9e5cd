/** A small route table: `METHOD /path/{param}` templates matched against normalised request paths. */
import type { StoredClient } from "./state";

/** What a handler sees of a request. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text. */
  rawBody: string;
  /** The authenticated caller (API routes). */
  caller?: StoredClient;
  now: number;
}

/** What a handler answers. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How a route is authenticated. */
export type RouteAuth = "bearer" | "token-endpoint" | "control";

/** One route. */
export interface Route {
  method: string;
  template: string;
  auth: RouteAuth;
  /** Permission the caller's roles must grant (bearer routes); a list means ANY of them, as the real API's "Requires ANY permissions". */
  permission?: string | readonly string[];
  /**
   * The real API's path template when it differs from `template` (whose parameter names the fault knobs
   * use, e.g. `{id}`): what the usage API reports as `templateUri`.
   */
  templateUri?: string;
  handler: (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

/** Route table with template matching. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(route: Route): void {
    const names: string[] = [];
    const pattern = route.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    this.routes.push({ ...route, regex: new RegExp(`^${pattern}$`), names });
  }

  /** The route for a request, with its params; `methodMismatch` when the path exists with other methods. */
  match(method: string, path: string): { route?: Route; params: Record<string, string>; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: r, params, methodMismatch: false };
    }
    return { params: {}, methodMismatch };
  }
}

/** `//api/v2/x/` → `/api/v2/x` (the official SDK's gateway mode may double slashes). */
export function normalisePath(path: string): string {
  const p = path.replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  return p === "" ? "/" : p;
}
