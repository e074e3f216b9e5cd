/**
 * HTTPS through an HTTP proxy the right way: a CONNECT tunnel, TLS end to end with the service, so the
 * proxy sees only `CONNECT host:443` and encrypted bytes. (axios's own proxy support sends an https
 * request to the proxy as a plain `GET https://...` with every header — Authorization, tokens, bodies with
 * secrets — readable by the proxy.)
 *
 * The proxy comes from `https_proxy`/`HTTPS_PROXY`, else `all_proxy`/`ALL_PROXY`; `no_proxy`/`NO_PROXY`
 * (comma- or space-separated host names, domain suffixes `.example.com`/`*.example.com`, optional
 * `:port`, `*` for everything) is honoured. Only `http://` proxies are supported: any other scheme is
 * refused with an error naming NO_PROXY, never used in a way that could expose a credential.
 */
import * as http from "http";
import * as https from "https";
import type { Duplex } from "stream";
import * as tls from "tls";
import { GuardError } from "./errors";

type Env = Record<string, string | undefined>;

function env(e: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = e[n];
    if (v !== undefined && v.trim() !== "") return v.trim();
  }
  return undefined;
}

/** True when NO_PROXY says `host` (with `port`) is reached directly. */
export function bypassesProxy(host: string, port: number, e: Env = process.env): boolean {
  const list = env(e, "no_proxy", "NO_PROXY");
  if (!list) return false;
  const hostname = host.replace(/^\[|\]$/g, "").toLowerCase();
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    // host, .domain, *.domain, host:port, [v6]:port
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? (entry.split(":").length === 2 ? /^([^:]+):(\d+)$/.exec(entry) : null);
    const entryHost = (m ? m[1] : entry).replace(/^\*\./, ".");
    if (m?.[2] !== undefined && Number(m[2]) !== port) continue;
    const matches = entryHost.startsWith(".")
      ? hostname.endsWith(entryHost) || hostname === entryHost.slice(1)
      : hostname === entryHost || hostname.endsWith(`.${entryHost}`);
    if (matches) return true;
  }
  return false;
}

/** The proxy for an https request to `host:port`, or undefined for a direct connection. Throws for an unsupported proxy scheme. */
export function httpsProxyFor(host: string, port: number, e: Env = process.env): URL | undefined {
  const value = env(e, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
  if (!value || bypassesProxy(host, port, e)) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new GuardError("config.invalid", `The proxy in HTTPS_PROXY/ALL_PROXY is not a URL; refusing to send requests to ${host}.`, {
      hint: `Fix HTTPS_PROXY (http://proxy-host:port), or add ${host} to NO_PROXY to connect directly.`,
    });
  }
  if (url.protocol !== "http:") {
    throw new GuardError(
      "config.insecure-url",
      `The proxy in HTTPS_PROXY/ALL_PROXY uses ${url.protocol}//, which is not supported (only http:// proxies, through a CONNECT tunnel); refusing to send requests to ${host}.`,
      {
        hint: `Use an http:// proxy that supports CONNECT, or add ${host} to NO_PROXY to connect directly.`,
      },
    );
  }
  return url;
}

/** Options of {@link ConnectTunnelAgent}. */
export interface ConnectTunnelAgentOptions extends https.AgentOptions {
  /** The http:// proxy. */
  proxy: URL;
}

/** An https agent whose every connection is a TLS session inside a CONNECT tunnel through `proxy`. */
export class ConnectTunnelAgent extends https.Agent {
  private readonly proxy: URL;

  constructor(options: ConnectTunnelAgentOptions) {
    const { proxy, ...rest } = options;
    super({ keepAlive: true, ...rest });
    this.proxy = proxy;
  }

  /** Opens the tunnel, then TLS to the service through it (called by the agent for each new socket). */
  override createConnection(
    options: tls.ConnectionOptions & { host?: string | null; port?: number | null },
    callback: (error: Error | null, socket?: Duplex) => void,
  ): undefined {
    const host = options.host ?? "localhost";
    const port = options.port ?? 443;
    const target = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    const headers: http.OutgoingHttpHeaders = { host: target };
    if (this.proxy.username || this.proxy.password) {
      headers["proxy-authorization"] =
        `Basic ${Buffer.from(`${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`).toString("base64")}`;
    }
    const request = http.request({
      host: this.proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(this.proxy.port || 80),
      method: "CONNECT",
      path: target,
      headers,
      agent: false,
    });
    let settled = false;
    const done = (error: Error | null, socket?: Duplex): void => {
      if (settled) return;
      settled = true;
      callback(error, socket);
    };
    request.once("connect", (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        const error = Object.assign(new Error(`the proxy refused CONNECT ${target} (HTTP ${response.statusCode})`), { code: "EPROXYCONNECT" });
        done(error);
        return;
      }
      const secure = tls.connect({ ...options, socket, servername: options.servername ?? (isIpAddress(host) ? undefined : host) });
      secure.once("error", (error: Error) => done(error));
      secure.once("secureConnect", () => done(null, secure));
    });
    request.once("error", (error) => done(error));
    request.end();
    return undefined;
  }
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}
