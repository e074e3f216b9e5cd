import { strict as assert } from "node:assert";
import { isGuardError } from "../../../core/errors";
import { TokenCache } from "../../../genesys/token";
import { ADMIN_ID, ADMIN_SECRET, clientBody, testClient } from "./fixtures";
import { ScriptServer, json } from "./script-server";

describe("genesys/token", () => {
  let server: ScriptServer;
  beforeEach(async () => {
    server = new ScriptServer();
    await server.start();
    server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
  });
  afterEach(() => server.stop());

  it("posts client credentials with Basic auth and a form body to the login base", async () => {
    server.issueTokens();
    const { client } = testClient(server);
    await client.getClient("c1");
    const [tokenCall] = server.calls("POST", "/oauth/token");
    assert.equal(tokenCall.headers.authorization, `Basic ${Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString("base64")}`);
    assert.match(String(tokenCall.headers["content-type"]), /application\/x-www-form-urlencoded/);
    assert.equal(tokenCall.body, "grant_type=client_credentials");
    const [api] = server.calls("GET", "/api/v2/oauth/clients/c1");
    assert.equal(api.headers.authorization, "Bearer token-1-abcdefghijkl");
  });

  it("caches the token across calls and clients with the same base + id", async () => {
    server.issueTokens();
    const a = testClient(server);
    await a.client.getClient("c1");
    await a.client.getClient("c1");
    assert.equal(server.tokenCount, 1);
    // a second client sharing the cache reuses the token
    const { GenesysClient } = await import("../../../genesys/client");
    const b = new GenesysClient(a.client.settings, { tokenCache: a.cache });
    await b.getClient("c1");
    assert.equal(server.tokenCount, 1);
    assert.equal(a.cache.size, 1);
  });

  it("single-flight: concurrent callers share one token request", async () => {
    server.on("POST", "/oauth/token", (_req, res) => {
      server.tokenCount++;
      setTimeout(() => json(res, 200, { access_token: `slow-token-${server.tokenCount}-xyzxyz`, expires_in: 3600 }), 50);
    });
    const { client } = testClient(server);
    await Promise.all(Array.from({ length: 10 }, () => client.getClient("c1")));
    assert.equal(server.tokenCount, 1);
    assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 10);
  });

  it("refreshes shortly before expiry (10 % margin, at most 60 s)", async () => {
    server.issueTokens(100); // margin 10 s
    let now = 1_000_000;
    const { client } = testClient(server, { now: () => now });
    await client.getClient("c1");
    now += 89_000;
    await client.getClient("c1");
    assert.equal(server.tokenCount, 1, "still valid at 89 s");
    now += 2_000; // 91 s: inside the margin
    await client.getClient("c1");
    assert.equal(server.tokenCount, 2);
    const last = server.calls("GET", "/api/v2/oauth/clients/c1").pop()!;
    assert.equal(last.headers.authorization, "Bearer token-2-abcdefghijkl");
    assert.equal(TokenCache.marginMs(86_400), 60_000);
  });

  it("a changed secret for the same id does not reuse the old token", async () => {
    server.issueTokens();
    const cache = new TokenCache();
    let calls = 0;
    const fetch = async () => ({ accessToken: `t-${++calls}-aaaaaa`, expiresInSeconds: 3600 });
    assert.equal(await cache.get({ loginBaseUrl: "http://x", clientId: "id", clientSecret: "secret-one" }, fetch), "t-1-aaaaaa");
    assert.equal(await cache.get({ loginBaseUrl: "http://x", clientId: "id", clientSecret: "secret-one" }, fetch), "t-1-aaaaaa");
    assert.equal(await cache.get({ loginBaseUrl: "http://x", clientId: "id", clientSecret: "secret-two" }, fetch), "t-2-aaaaaa");
    assert.equal(cache.size, 1);
    cache.invalidate("http://x", "id", "not-the-cached-token");
    assert.equal(await cache.get({ loginBaseUrl: "http://x", clientId: "id", clientSecret: "secret-two" }, fetch), "t-2-aaaaaa");
    cache.invalidate("http://x", "id");
    assert.equal(await cache.get({ loginBaseUrl: "http://x", clientId: "id", clientSecret: "secret-two" }, fetch), "t-3-aaaaaa");
  });

  it("400 invalid_client → genesys.unauthorized with a 'client id not found' hint", async () => {
    server.on("POST", "/oauth/token", (_req, res) =>
      json(res, 400, { error: "invalid_client", description: "client not found", error_description: "client not found" }),
    );
    const { client, waits } = testClient(server);
    await assert.rejects(client.getClient("c1"), (e: unknown) => {
      assert.ok(isGuardError(e, "genesys.unauthorized"));
      assert.equal(e.status, 400);
      assert.equal(e.serviceCode, "invalid_client");
      assert.match(e.hint ?? "", /client id not found/);
      return true;
    });
    assert.deepEqual(waits, []);
    assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 0);
  });

  it("401 on the token endpoint → genesys.unauthorized 'wrong secret', not retried", async () => {
    server.on("POST", "/oauth/token", (_req, res) =>
      json(res, 401, { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" }),
    );
    const { client, waits } = testClient(server);
    await assert.rejects(client.getClient("c1"), (e: unknown) => {
      assert.ok(isGuardError(e, "genesys.unauthorized"));
      assert.match(e.hint ?? "", /wrong secret/);
      return true;
    });
    assert.equal(server.calls("POST", "/oauth/token").length, 1);
    assert.deepEqual(waits, []);
  });

  it("token requests are retried on 503 (once, not again by the API call)", async () => {
    server.issueTokens();
    server.once("POST", "/oauth/token", (_req, res) => json(res, 503, { code: "service.unavailable", status: 503 }));
    const { client, waits } = testClient(server);
    await client.getClient("c1");
    assert.equal(server.calls("POST", "/oauth/token").length, 2);
    assert.equal(waits.length, 1);

    server.on("POST", "/oauth/token", (_req, res) => json(res, 503, { code: "service.unavailable", status: 503 }));
    const other = testClient(server, { maxAttempts: 3 });
    const before = server.calls("POST", "/oauth/token").length;
    await assert.rejects(other.client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.unavailable"));
    assert.equal(server.calls("POST", "/oauth/token").length - before, 3, "retried by the token provider only");
  });
});
