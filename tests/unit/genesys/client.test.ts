import { strict as assert } from "node:assert";
import { isGuardError } from "../../../core/errors";
import { setLogSink } from "../../../core/log";
import { OAuthClientRequest } from "../../../genesys/models";
import { clientBody, testClient } from "./fixtures";
import { ScriptServer, drop, json } from "./script-server";

const REQUEST: OAuthClientRequest = {
  name: "ci",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roleDivisions: [{ roleId: "r1", divisionId: "*" }],
  accessTokenValiditySeconds: 3600,
};

describe("genesys/client", () => {
  let server: ScriptServer;
  beforeEach(async () => {
    server = new ScriptServer();
    await server.start();
    server.issueTokens();
  });
  afterEach(() => server.stop());

  describe("401 handling", () => {
    it("gets one fresh token on a 401 and succeeds", async () => {
      server.once("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 401, { code: "credentials.expired", status: 401, message: "expired" }));
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
      const { client } = testClient(server);
      const c = await client.getClient("c1");
      assert.equal(c.id, "c1");
      assert.equal(server.tokenCount, 2);
      const auth = server.calls("GET", "/api/v2/oauth/clients/c1").map((r) => r.headers.authorization);
      assert.deepEqual(auth, ["Bearer token-1-abcdefghijkl", "Bearer token-2-abcdefghijkl"]);
    });

    it("fails after the second 401 with the admin-credentials hint", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) =>
        json(res, 401, { code: "bad.credentials", status: 401, message: "Invalid login credentials." }),
      );
      const { client, waits } = testClient(server);
      await assert.rejects(client.getClient("c1"), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.unauthorized"));
        assert.equal(e.status, 401);
        assert.equal(e.serviceCode, "bad.credentials");
        assert.match(e.hint ?? "", /GENESYS_CLOUD_CLIENT_ID/);
        return true;
      });
      assert.equal(server.tokenCount, 2);
      assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 2);
      assert.deepEqual(waits, []);
    });
  });

  describe("retries", () => {
    it("429 honours Retry-After", async () => {
      const tooMany = (_req: unknown, res: import("node:http").ServerResponse) =>
        json(
          res,
          429,
          { code: "too.many.requests", status: 429, message: "Rate limit exceeded the maximum [300] requests within [60] seconds" },
          { "Retry-After": "3" },
        );
      server.once("GET", "/api/v2/oauth/clients/c1", tooMany, tooMany);
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
      const { client, waits } = testClient(server);
      await client.getClient("c1");
      assert.deepEqual(waits, [3000, 3000]);
      assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 3);
    });

    it("429 gives up after maxAttempts with genesys.rate-limited and the concurrency hint", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 429, { code: "too.many.requests", status: 429 }, { "Retry-After": "1" }));
      const { client, waits } = testClient(server, { maxAttempts: 3 });
      await assert.rejects(client.getClient("c1"), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.rate-limited"));
        assert.equal(e.retryAfterMs, 1000);
        assert.ok(e.retryable && e.notActed);
        assert.match(e.hint ?? "", /concurrency/);
        return true;
      });
      assert.deepEqual(waits, [1000, 1000]);
    });

    it("503 and ECONNRESET back off exponentially", async () => {
      server.once(
        "GET",
        "/api/v2/oauth/clients/c1",
        (_req, res) => json(res, 503, { code: "service.unavailable", status: 503 }),
        (_req, res) => drop(res),
        (_req, res) => json(res, 504, { code: "request.timeout", status: 504 }),
      );
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
      const { client, waits } = testClient(server, { maxAttempts: 5 });
      await client.getClient("c1");
      // base 100, random 0.5: 100 + 0.5*(cap-100) with cap 100, 200, 400
      assert.deepEqual(waits, [100, 150, 250]);
      assert.equal(server.calls("GET", "/api/v2/oauth/clients/c1").length, 4);
    });

    it("does not retry a 400 or 404", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 400, { code: "bad.request", status: 400, message: "bad" }));
      const { client, waits } = testClient(server);
      await assert.rejects(client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.bad-request"));
      assert.deepEqual(waits, []);
    });

    it("a non-idempotent create is not retried after a lost response", async () => {
      server.on("POST", "/api/v2/oauth/clients", (_req, res) => drop(res));
      const { client, waits } = testClient(server);
      await assert.rejects(client.createClient(REQUEST), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.network"));
        assert.equal(e.notActed, false);
        return true;
      });
      assert.equal(server.calls("POST", "/api/v2/oauth/clients").length, 1);
      assert.deepEqual(waits, []);
    });

    it("a non-idempotent create is not retried after a 502, but is after a 429", async () => {
      server.once("POST", "/api/v2/oauth/clients", (_req, res) => json(res, 502, { status: 502 }));
      const { client } = testClient(server);
      await assert.rejects(client.createClient(REQUEST), (e: unknown) => isGuardError(e, "genesys.unavailable"));
      assert.equal(server.calls("POST", "/api/v2/oauth/clients").length, 1);

      server.once("POST", "/api/v2/oauth/clients", (_req, res) => json(res, 429, { code: "too.many.requests", status: 429 }, { "Retry-After": "2" }));
      server.on("POST", "/api/v2/oauth/clients", (_req, res) => json(res, 200, clientBody("new1", { secret: "NewClientSecretAbc123" })));
      const second = testClient(server);
      const created = await second.client.createClient(REQUEST);
      assert.equal(created.id, "new1");
      assert.equal(created.secret, "NewClientSecretAbc123");
      assert.deepEqual(second.waits, [2000]);
      const sent = JSON.parse(server.calls("POST", "/api/v2/oauth/clients").pop()!.body) as Record<string, unknown>;
      assert.deepEqual(sent, REQUEST);
    });
  });

  describe("error mapping", () => {
    it("403 names the missing permission and carries the correlation id", async () => {
      server.on("POST", "/api/v2/oauth/clients", (_req, res) =>
        json(
          res,
          403,
          {
            message: "You are missing the following permission(s): oauth:client:add",
            code: "missing.permissions",
            status: 403,
            contextId: "ctx-body",
          },
          { "ININ-Correlation-Id": "corr-123" },
        ),
      );
      const { client } = testClient(server);
      await assert.rejects(client.createClient(REQUEST), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.forbidden"));
        assert.equal(e.status, 403);
        assert.equal(e.serviceCode, "missing.permissions");
        assert.equal(e.correlationId, "corr-123");
        assert.match(e.message, /missing the following permission/);
        assert.match(e.hint ?? "", /oauth:client:add/);
        assert.match(e.hint ?? "", /roles must include/);
        assert.equal(e.operation, "POST /api/v2/oauth/clients");
        assert.equal(e.retryable, false);
        return true;
      });
    });

    it("403 on roles names authorization:role:view; correlation id falls back to contextId", async () => {
      server.on("GET", "/api/v2/authorization/roles", (_req, res) =>
        json(res, 403, { message: "no", code: "missing.permissions", status: 403, contextId: "ctx-777" }),
      );
      const { client } = testClient(server);
      await assert.rejects(client.listRoles(), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.forbidden"));
        assert.match(e.hint ?? "", /authorization:role:view/);
        assert.equal(e.correlationId, "ctx-777");
        assert.equal(e.operation, "GET /api/v2/authorization/roles");
        return true;
      });
    });

    it("404 on a client says it does not exist in this org/region", async () => {
      server.on("PUT", "/api/v2/oauth/clients/gone1", (_req, res) => json(res, 404, { message: "not found", code: "not.found", status: 404 }));
      const { client } = testClient(server);
      await assert.rejects(client.updateClient("gone1", REQUEST), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.not-found"));
        assert.match(e.hint ?? "", /gone1 does not exist in this org\/region/);
        return true;
      });
    });

    it("409 → conflict; 500 → unavailable, not retried; odd status → unexpected", async () => {
      server.once(
        "GET",
        "/api/v2/oauth/clients/c1",
        (_req, res) => json(res, 409, { code: "conflict", status: 409 }),
        (_req, res) => json(res, 500, { code: "internal", status: 500 }),
        (_req, res) => json(res, 418, {}),
      );
      const { client, waits } = testClient(server);
      await assert.rejects(client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.conflict"));
      await assert.rejects(client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.unavailable") && !e.retryable);
      await assert.rejects(client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.unexpected"));
      assert.deepEqual(waits, []);
    });

    it("a refused connection is genesys.network, notActed, retried", async () => {
      const dead = new ScriptServer();
      await dead.start();
      await dead.stop(); // the port is now closed
      const { client, waits } = testClient(dead, { maxAttempts: 2 });
      await assert.rejects(client.getClient("c1"), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.network"));
        assert.ok(e.notActed);
        return true;
      });
      assert.equal(waits.length, 1);
    });

    it("a malformed success body → genesys.unexpected", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, ["not", "an", "object"]));
      const { client } = testClient(server);
      await assert.rejects(client.getClient("c1"), (e: unknown) => isGuardError(e, "genesys.unexpected"));
    });
  });

  describe("operations", () => {
    it("listClients follows nextUri and never returns a secret", async () => {
      server.on("GET", "/api/v2/oauth/clients", (req, res) => {
        if (req.url.includes("pageNumber=2")) {
          json(res, 200, { entities: [clientBody("b")], pageNumber: 2, pageCount: 2 });
          return;
        }
        json(res, 200, {
          entities: [clientBody("a", { secret: "LeakedSecretValue999" }), clientBody("d", { state: "deleted" })],
          pageNumber: 1,
          pageCount: 2,
          nextUri: "/api/v2/oauth/clients?pageNumber=2",
        });
      });
      const { client } = testClient(server);
      const all = await client.listClients();
      assert.deepEqual(
        all.map((c) => c.id),
        ["a", "d", "b"],
      );
      assert.ok(all.every((c) => !("secret" in c)));
      assert.equal(server.calls("GET", "/api/v2/oauth/clients").length, 2);
    });

    it("getClient returns the client without a secret", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1", { secret: "ShouldNotBeHere123" })));
      const { client } = testClient(server);
      const c = await client.getClient("c1");
      assert.equal(c.name, "client c1");
      assert.ok(!("secret" in c));
    });

    it("updateClient sends the full PUT body", async () => {
      server.on("PUT", "/api/v2/oauth/clients/c1", (req, res) => json(res, 200, { ...clientBody("c1"), ...JSON.parse(req.body) }));
      const { client } = testClient(server);
      const updated = await client.updateClient("c1", { ...REQUEST, description: "d" });
      assert.equal(updated.description, "d");
      assert.deepEqual(JSON.parse(server.calls("PUT", "/api/v2/oauth/clients/c1")[0].body), { ...REQUEST, description: "d" });
    });

    it("regenerateSecret returns the new secret and is not retried after a lost response", async () => {
      server.once("POST", "/api/v2/oauth/clients/c1/secret", (_req, res) => drop(res));
      server.on("POST", "/api/v2/oauth/clients/c1/secret", (_req, res) => json(res, 200, clientBody("c1", { secret: "RegeneratedSecret12345" })));
      const { client } = testClient(server);
      await assert.rejects(client.regenerateSecret("c1"), (e: unknown) => isGuardError(e, "genesys.network"));
      assert.equal(server.calls("POST", "/api/v2/oauth/clients/c1/secret").length, 1);
      const r = await client.regenerateSecret("c1");
      assert.equal(r.secret, "RegeneratedSecret12345");
      assert.equal(server.calls("POST", "/api/v2/oauth/clients/c1/secret")[1].body, "");
    });

    it("listRoles collects every page with pageSize, pageNumber and name", async () => {
      server.on("GET", "/api/v2/authorization/roles", (req, res) => {
        const q = new URL(req.url, "http://x").searchParams;
        const n = Number(q.get("pageNumber"));
        json(res, 200, { entities: [{ id: `r${n}`, name: `Role ${n}` }], pageNumber: n, pageSize: Number(q.get("pageSize")), pageCount: 3 });
      });
      const { client } = testClient(server);
      const roles = await client.listRoles({ name: "Admin", pageSize: 1 });
      assert.deepEqual(
        roles.map((r) => r.id),
        ["r1", "r2", "r3"],
      );
      const urls = server.calls("GET", "/api/v2/authorization/roles").map((r) => new URL(r.url, "http://x").searchParams);
      assert.deepEqual(
        urls.map((u) => u.get("pageNumber")),
        ["1", "2", "3"],
      );
      assert.ok(urls.every((u) => u.get("name") === "Admin" && u.get("pageSize") === "1"));
    });

    it("findClient: undefined on 404 and on state deleted, errors otherwise", async () => {
      server.on("GET", "/api/v2/oauth/clients/live", (_req, res) => json(res, 200, clientBody("live")));
      server.on("GET", "/api/v2/oauth/clients/del", (_req, res) => json(res, 200, clientBody("del", { state: "deleted" })));
      server.on("GET", "/api/v2/oauth/clients/none", (_req, res) => json(res, 404, { code: "not.found", status: 404 }));
      server.on("GET", "/api/v2/oauth/clients/forbidden", (_req, res) => json(res, 403, { code: "missing.permissions", status: 403 }));
      const { client } = testClient(server);
      assert.equal((await client.findClient("live"))?.id, "live");
      assert.equal(await client.findClient("del"), undefined);
      assert.equal(await client.findClient("none"), undefined);
      await assert.rejects(client.findClient("forbidden"), (e: unknown) => isGuardError(e, "genesys.forbidden"));
    });

    it("getHomeDivision", async () => {
      server.on("GET", "/api/v2/authorization/divisions/home", (_req, res) => json(res, 200, { id: "div-home", name: "Home", homeDivision: true }));
      const { client } = testClient(server);
      assert.deepEqual(await client.getHomeDivision(), { id: "div-home", name: "Home", homeDivision: true });
    });
  });

  describe("deleteClient", () => {
    it("PUTs inactive with the full body, DELETEs, then polls until 404", async () => {
      const order: string[] = [];
      let deleted = false;
      let pollsAfterDelete = 0;
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => {
        order.push("GET");
        if (!deleted) {
          json(res, 200, clientBody("c1", { description: "keep me", scope: [] }));
          return;
        }
        if (++pollsAfterDelete < 3) {
          json(res, 200, clientBody("c1", { state: "inactive" }));
          return;
        }
        json(res, 404, { code: "not.found", status: 404 });
      });
      server.on("PUT", "/api/v2/oauth/clients/c1", (req, res) => {
        order.push("PUT");
        json(res, 200, { ...clientBody("c1"), ...JSON.parse(req.body) });
      });
      server.on("DELETE", "/api/v2/oauth/clients/c1", (_req, res) => {
        order.push("DELETE");
        deleted = true;
        res.writeHead(204);
        res.end();
      });
      const { client, sleeps } = testClient(server);
      const result = await client.deleteClient("c1", { pollIntervalMs: 250 });
      assert.deepEqual(result, { alreadyGone: false });
      assert.deepEqual(order, ["GET", "PUT", "DELETE", "GET", "GET", "GET"]);
      assert.deepEqual(sleeps, [250, 250]);
      const put = JSON.parse(server.calls("PUT", "/api/v2/oauth/clients/c1")[0].body) as Record<string, unknown>;
      assert.equal(put.state, "inactive");
      assert.equal(put.description, "keep me");
      assert.equal(put.name, "client c1");
      assert.deepEqual(put.roleDivisions, [{ roleId: "role-1", divisionId: "*" }]);
      assert.ok(!("id" in put) && !("selfUri" in put) && !("dateCreated" in put));
    });

    it("stops polling at state deleted", async () => {
      let deleted = false;
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1", { state: deleted ? "deleted" : "inactive" })));
      server.on("DELETE", "/api/v2/oauth/clients/c1", (_req, res) => {
        deleted = true;
        json(res, 200);
      });
      const { client } = testClient(server);
      assert.deepEqual(await client.deleteClient("c1"), { alreadyGone: false });
      assert.equal(server.calls("PUT", "/api/v2/oauth/clients/c1").length, 0, "already inactive: no PUT");
    });

    it("treats 404 at any step as already gone", async () => {
      server.on("GET", "/api/v2/oauth/clients/x1", (_req, res) => json(res, 404, { code: "not.found", status: 404 }));
      server.on("GET", "/api/v2/oauth/clients/x2", (_req, res) => json(res, 200, clientBody("x2")));
      server.on("PUT", "/api/v2/oauth/clients/x2", (_req, res) => json(res, 404, { code: "not.found", status: 404 }));
      server.on("GET", "/api/v2/oauth/clients/x3", (_req, res) => json(res, 200, clientBody("x3")));
      server.on("PUT", "/api/v2/oauth/clients/x3", (_req, res) => json(res, 200, clientBody("x3", { state: "inactive" })));
      server.on("DELETE", "/api/v2/oauth/clients/x3", (_req, res) => json(res, 404, { code: "not.found", status: 404 }));
      const { client } = testClient(server);
      assert.deepEqual(await client.deleteClient("x1"), { alreadyGone: true });
      assert.deepEqual(await client.deleteClient("x2"), { alreadyGone: true });
      assert.deepEqual(await client.deleteClient("x3"), { alreadyGone: true });
      assert.equal(server.calls("DELETE", "/api/v2/oauth/clients/x1").length, 0);
    });

    it("gives up after the bounded wait", async () => {
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1", { state: "inactive" })));
      server.on("DELETE", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 204));
      let t = 0;
      const { client: base, cache } = testClient(server);
      const { GenesysClient } = await import("../../../genesys/client");
      const client = new GenesysClient(base.settings, {
        tokenCache: cache,
        sleep: async (ms) => {
          t += ms;
        },
        now: () => t,
      });
      await assert.rejects(client.deleteClient("c1", { waitTimeoutMs: 1000, pollIntervalMs: 300 }), (e: unknown) => isGuardError(e, "genesys.unexpected"));
      assert.ok(t <= 1000);
    });
  });

  describe("verifyCredentials", () => {
    beforeEach(() => {
      server.on("POST", "/oauth/token", (req, res) => {
        const [id, secret] = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ""), "base64")
          .toString()
          .split(":");
        if (id === "admin-client-id-0001") {
          server.tokenCount++;
          json(res, 200, { access_token: `token-${server.tokenCount}-abcdefghijkl`, expires_in: 3600 });
          return;
        }
        if (id === "good" && secret === "GoodSecret123456") {
          json(res, 200, { access_token: "verify-token-zzzzzz", expires_in: 1800 });
          return;
        }
        if (id === "good") {
          json(res, 401, { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" });
          return;
        }
        if (id === "off") {
          json(res, 400, { error: "invalid_client", description: "client is disabled", error_description: "client is disabled" });
          return;
        }
        json(res, 400, { error: "invalid_client", description: "client not found", error_description: "client not found" });
      });
    });

    it("ok with expiresIn; refused grants are results", async () => {
      const { client } = testClient(server);
      assert.deepEqual(await client.verifyCredentials("good", "GoodSecret123456"), { ok: true, expiresIn: 1800 });
      assert.deepEqual(await client.verifyCredentials("good", "WrongSecret123456"), { ok: false, reason: "authentication_failed", status: 401 });
      assert.deepEqual(await client.verifyCredentials("nobody", "WhateverSecret1"), { ok: false, reason: "invalid_client", status: 400 });
      assert.deepEqual(await client.verifyCredentials("off", "WhateverSecret1"), { ok: false, reason: "disabled", status: 400 });
    });

    it("neither uses nor pollutes the admin token cache", async () => {
      const { client, cache } = testClient(server);
      await client.getClient("c1").catch(() => undefined);
      assert.equal(server.tokenCount, 1);
      await client.verifyCredentials("good", "GoodSecret123456");
      assert.equal(cache.size, 1);
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
      await client.getClient("c1");
      const last = server.calls("GET", "/api/v2/oauth/clients/c1").pop()!;
      assert.equal(last.headers.authorization, "Bearer token-1-abcdefghijkl");
      assert.equal(server.tokenCount, 1);
    });

    it("retries 429 and 5xx", async () => {
      server.once(
        "POST",
        "/oauth/token",
        (_req, res) => json(res, 429, {}, { "Retry-After": "1" }),
        (_req, res) => json(res, 503, {}),
      );
      const { client, waits } = testClient(server);
      assert.deepEqual(await client.verifyCredentials("good", "GoodSecret123456"), { ok: true, expiresIn: 1800 });
      assert.equal(waits.length, 2);
      assert.equal(waits[0], 1000);
    });
  });

  describe("debug log", () => {
    afterEach(() => {
      delete process.env.GENESYS_OAUTH_GUARD_DEBUG;
      setLogSink((l) => process.stderr.write(l + "\n"));
    });
    it("logs operation, status, elapsed and rate-limit headers, never bodies", async () => {
      const lines: string[] = [];
      process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
      setLogSink((l) => lines.push(l));
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) =>
        json(res, 200, clientBody("c1", { description: "BODY-MARKER" }), {
          "inin-ratelimit-count": "5",
          "inin-ratelimit-allowed": "300",
          "inin-ratelimit-reset": "42",
        }),
      );
      const { client } = testClient(server);
      await client.getClient("c1");
      const line = lines.find((l) => l.includes("GetClient"));
      assert.ok(line, lines.join("\n"));
      assert.match(line, /GET \/api\/v2\/oauth\/clients\/c1 → 200 in \d+ ms ratelimit count=5 allowed=300 reset=42/);
      assert.ok(!lines.join("\n").includes("BODY-MARKER"));
    });

    it("every retry wait is visible", async () => {
      const lines: string[] = [];
      process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
      setLogSink((l) => lines.push(l));
      server.once("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 429, { code: "too.many.requests", status: 429 }, { "Retry-After": "7" }));
      server.on("GET", "/api/v2/oauth/clients/c1", (_req, res) => json(res, 200, clientBody("c1")));
      const { client } = testClient(server);
      await client.getClient("c1");
      assert.ok(
        lines.some((l) => /GET \/api\/v2\/oauth\/clients\/c1: attempt 1 failed \(429 genesys.rate-limited\); waiting 7000 ms/.test(l)),
        lines.join("\n"),
      );
    });
  });
});
