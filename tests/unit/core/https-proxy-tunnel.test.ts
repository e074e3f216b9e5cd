/**
 * https requests with HTTPS_PROXY set go through a CONNECT tunnel: a recording proxy sees only
 * `CONNECT host:port` and TLS bytes, never the request line, the Authorization header or a body.
 * (axios's own proxy support would send `GET https://...` with every header to the proxy in clear.)
 * NO_PROXY is honoured; a proxy scheme other than http:// is refused with an error naming NO_PROXY.
 */
import { strict as assert } from "assert";
import * as http from "http";
import * as net from "net";
import { AddressInfo } from "net";
import { GuardError } from "../../../core/errors";
import { createHttpClient } from "../../../core/http";
import { bypassesProxy, ConnectTunnelAgent, httpsProxyFor } from "../../../core/proxy-tunnel";

const SECRET = "tunnel-test-secret-Vd73Kq";
const AUTH = `Basic ${Buffer.from(`client:${SECRET}`).toString("base64")}`;
const ENV_KEYS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/** A TCP service that records the first bytes it receives (a TLS ClientHello when tunnelled correctly). */
function tcpTarget(): Promise<{ port: number; received: Buffer[]; close: () => void }> {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.once("data", (chunk) => {
      received.push(chunk);
      socket.destroy();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as AddressInfo).port, received, close: () => server.close() })),
  );
}

/** A recording proxy: plain forward-proxy requests are recorded and refused; CONNECT goes to `targetPort`. */
function recordingProxy(targetPort: number): Promise<{ url: string; seen: string[]; tunnelled: Buffer[]; close: () => void }> {
  const seen: string[] = [];
  const tunnelled: Buffer[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
    res.writeHead(502).end();
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url} ${JSON.stringify(req.headers)}`);
    const upstream = net.connect(targetPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      client.on("data", (chunk: Buffer) => tunnelled.push(chunk));
      client.pipe(upstream).pipe(client);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://proxyuser:proxy-pass@127.0.0.1:${(server.address() as AddressInfo).port}`, seen, tunnelled, close: () => server.close() }),
    ),
  );
}

describe("core/http: https through HTTPS_PROXY is a CONNECT tunnel", () => {
  const saved: Record<string, string | undefined> = {};
  const closers: (() => void)[] = [];
  before(() => ENV_KEYS.forEach((k) => (saved[k] = process.env[k])));
  beforeEach(() => ENV_KEYS.forEach((k) => delete process.env[k]));
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    closers.splice(0).forEach((c) => c());
  });

  async function setup() {
    const target = await tcpTarget();
    const proxy = await recordingProxy(target.port);
    closers.push(target.close, proxy.close);
    return { target, proxy };
  }

  it("the proxy sees CONNECT host:port only; TLS (ClientHello with the service's name) goes through; no header or secret in clear", async () => {
    const { target, proxy } = await setup();
    process.env.HTTPS_PROXY = proxy.url;
    const client = createHttpClient({ baseURL: "https://api.service.example.test:8443", timeoutMs: 5_000 });
    // Our tunnel, not axios's proxy support (which, depending on the axios version in the ^1.13 range,
    // forwards the request to the proxy in clear): the guarantee does not depend on the axios version.
    assert.equal(client.defaults.proxy, false);
    assert.ok(client.defaults.httpsAgent instanceof ConnectTunnelAgent);
    await client.post("/oauth/token", `client_secret=${SECRET}`, { headers: { Authorization: AUTH } }).then(
      () => assert.fail("the fake service speaks no TLS: the request must fail"),
      () => undefined,
    );
    assert.equal(proxy.seen.length, 1, proxy.seen.join("\n"));
    assert.match(proxy.seen[0], /^CONNECT api\.service\.example\.test:8443 /);
    assert.match(proxy.seen[0], /"proxy-authorization":"Basic /, "the proxy's own credentials go on CONNECT");
    const clear = proxy.seen.join("\n") + Buffer.concat(proxy.tunnelled).toString("latin1");
    assert.ok(
      !clear.includes(SECRET) && !clear.toLowerCase().includes("authorization: basic") && !clear.includes(AUTH) && !clear.includes("/oauth/token"),
      "nothing of the request is readable by the proxy",
    );
    const hello = Buffer.concat(target.received);
    assert.equal(hello[0], 0x16, "the service received a TLS handshake record");
    assert.ok(hello.toString("latin1").includes("api.service.example.test"), "with the service's name (SNI)");
  });

  it("https_proxy (lower case) and ALL_PROXY are used too", async () => {
    for (const key of ["https_proxy", "ALL_PROXY"]) {
      const { proxy } = await setup();
      process.env[key] = proxy.url;
      await createHttpClient({ baseURL: "https://login.service.example.test", timeoutMs: 5_000 })
        .get("/x")
        .catch(() => undefined);
      assert.match(proxy.seen[0] ?? "", /^CONNECT login\.service\.example\.test:443 /, key);
      delete process.env[key];
    }
  });

  it("NO_PROXY: a matching host is reached directly, the proxy sees nothing", async () => {
    const { proxy } = await setup();
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = "localhost,.service.example.test";
    const error = await createHttpClient({ baseURL: "https://api.service.example.test", timeoutMs: 5_000 })
      .get("/x")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error, "the direct request fails (the name does not resolve)");
    assert.deepEqual(proxy.seen, []);
  });

  it("HTTP_PROXY alone is not used for https, and axios never forwards a request in clear", async () => {
    const { proxy } = await setup();
    process.env.HTTP_PROXY = proxy.url;
    await createHttpClient({ baseURL: "https://api.service.example.test", timeoutMs: 5_000 })
      .get("/x")
      .catch(() => undefined);
    assert.deepEqual(proxy.seen, []);
  });

  it("a proxy that is not http:// is refused with an error naming NO_PROXY, before any request", () => {
    process.env.HTTPS_PROXY = "https://proxy.example.test:3129";
    assert.throws(
      () => createHttpClient({ baseURL: "https://api.service.example.test" }),
      (e: unknown) =>
        e instanceof GuardError &&
        e.code === "config.insecure-url" &&
        (e.hint ?? "").includes("NO_PROXY") &&
        (e.hint ?? "").includes("api.service.example.test"),
    );
    process.env.NO_PROXY = "api.service.example.test";
    assert.doesNotThrow(() => createHttpClient({ baseURL: "https://api.service.example.test" }));
  });

  it("bypassesProxy: names, domain suffixes, *, ports, IPv6", () => {
    const env = (v: string) => ({ NO_PROXY: v });
    assert.ok(bypassesProxy("api.example.com", 443, env("example.com")));
    assert.ok(bypassesProxy("api.example.com", 443, env(".example.com")));
    assert.ok(bypassesProxy("api.example.com", 443, env("*.example.com")));
    assert.ok(bypassesProxy("example.com", 443, env(".example.com")));
    assert.ok(!bypassesProxy("badexample.com", 443, env("example.com")));
    assert.ok(bypassesProxy("anything", 1, env("*")));
    assert.ok(bypassesProxy("api.example.com", 8443, env("api.example.com:8443")));
    assert.ok(!bypassesProxy("api.example.com", 443, env("api.example.com:8443")));
    assert.ok(bypassesProxy("::1", 443, env("[::1]")));
    assert.ok(bypassesProxy("10.1.2.3", 443, { no_proxy: "10.1.2.3, other" }));
    assert.ok(!bypassesProxy("api.example.com", 443, {}));
    assert.equal(httpsProxyFor("api.example.com", 443, { HTTPS_PROXY: "proxy:3128" })?.href, "http://proxy:3128/");
    assert.equal(httpsProxyFor("api.example.com", 443, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "example.com" }), undefined);
  });
});
