/** Plain http to a loopback service never goes through HTTP_PROXY (it would carry credentials off the machine in clear). */
import { strict as assert } from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { createHttpClient } from "../../../core/http";

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    handler(req, res);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })),
  );
}

describe("core/http and proxies", () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("sends a loopback request directly even with HTTP_PROXY set", async () => {
    const proxy = await listen((_req, res) => res.writeHead(502).end());
    const service = await listen((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
    try {
      process.env.HTTP_PROXY = process.env.http_proxy = proxy.url;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const client = createHttpClient({ baseURL: service.url });
      const res = await client.get("/v1/secret/data/x", { headers: { authorization: "Basic c2VjcmV0" } });
      assert.equal(res.status, 200);
      assert.deepEqual(service.hits, ["/v1/secret/data/x"]);
      assert.deepEqual(proxy.hits, [], "the proxy saw nothing");
    } finally {
      proxy.server.close();
      service.server.close();
    }
  });
});
