import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { GuardError, isGuardError } from "../../../core/errors";
import { setLogSink } from "../../../core/log";
import { ADMIN_ID, ADMIN_SECRET, clientBody, testClient } from "./fixtures";
import { ScriptServer, json } from "./script-server";

/** A stand-in HTTP client (never called). */
function axiosLike(): import("axios").AxiosInstance {
  return {} as import("axios").AxiosInstance;
}

/** Every printable form of an error. */
function renderings(e: unknown): string[] {
  assert.ok(e instanceof GuardError, `expected a GuardError, got ${String(e)}`);
  return [JSON.stringify(e), e.message, e.describe(), inspect(e, { depth: 10 }), inspect(e, { depth: 10, showHidden: true }), String(e.stack)];
}

describe("genesys: secrets never reach errors or logs", () => {
  let server: ScriptServer;
  let lines: string[];
  const TOKEN = "admin-access-token-QWERTY-98765";
  const BASIC = Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString("base64");

  beforeEach(async () => {
    server = new ScriptServer();
    await server.start();
    server.on("POST", "/oauth/token", (_req, res) => {
      server.tokenCount++;
      json(res, 200, { access_token: TOKEN, expires_in: 3600 });
    });
    lines = [];
    process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
    setLogSink((l) => lines.push(l));
  });
  afterEach(async () => {
    delete process.env.GENESYS_OAUTH_GUARD_DEBUG;
    setLogSink((l) => process.stderr.write(l + "\n"));
    await server.stop();
  });

  function assertClean(texts: string[], forbidden: string[]): void {
    for (const text of texts) {
      for (const f of forbidden) assert.ok(!text.includes(f), `found ${f} in:\n${text}`);
    }
  }

  it("an error response echoing the token, the admin secret, the Basic credential and a client secret", async () => {
    const echoedSecret = "EchoedClientSecret-777";
    server.on("GET", "/api/v2/oauth/clients/c1", (req, res) =>
      json(
        res,
        500,
        {
          message: `failed for ${req.headers.authorization} with ${ADMIN_SECRET} basic ${BASIC} Basic ${BASIC}`,
          code: "internal.error",
          status: 500,
          contextId: "ctx-1",
          secret: echoedSecret,
          details: [{ access_token: TOKEN, clientSecret: echoedSecret, authorization: `Bearer ${TOKEN}` }],
        },
        { "ININ-Correlation-Id": "corr-1" },
      ),
    );
    const { client } = testClient(server);
    const error = await client.getClient("c1").then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isGuardError(error, "genesys.unavailable"));
    assert.equal(error.correlationId, "corr-1");
    assert.match(error.message, /\[REDACTED\]/, "the message kept its shape with the values redacted");
    assertClean([...renderings(error), ...lines], [TOKEN, ADMIN_SECRET, BASIC, echoedSecret]);
    assert.ok(server.calls("GET", "/api/v2/oauth/clients/c1")[0].headers.authorization === `Bearer ${TOKEN}`, "the request did carry the token");
  });

  it("a token endpoint error echoing the Basic credential and the secret", async () => {
    server.on("POST", "/oauth/token", (req, res) =>
      json(res, 401, {
        error: "invalid_client",
        error_description: `authentication failed for ${req.headers.authorization} (${ADMIN_SECRET})`,
        description: BASIC,
      }),
    );
    const { client } = testClient(server);
    const error = await client.listClients().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isGuardError(error, "genesys.unauthorized"));
    assertClean([...renderings(error), ...lines], [ADMIN_SECRET, BASIC]);
  });

  it("a secret returned by create is registered: later errors and logs never show it", async () => {
    const created = "CreatedSecret-abcdef-42";
    server.on("POST", "/api/v2/oauth/clients", (_req, res) => json(res, 200, clientBody("n1", { secret: created })));
    server.on("PUT", "/api/v2/oauth/clients/n1", (_req, res) =>
      json(res, 400, { message: `secret ${created} may not be sent`, code: "bad.request", status: 400 }),
    );
    server.on("POST", "/api/v2/oauth/clients/n1/secret", (_req, res) => json(res, 200, clientBody("n1", { secret: "Regenerated-zyxwvu-99" })));
    server.on("GET", "/api/v2/oauth/clients/n1", (_req, res) =>
      json(res, 409, { message: "conflict with Regenerated-zyxwvu-99", code: "conflict", status: 409 }),
    );
    const { client } = testClient(server);
    const c = await client.createClient({ name: "n1", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: "r", divisionId: "*" }] });
    assert.equal(c.secret, created);
    const e1 = await client.updateClient("n1", { name: "n1", authorizedGrantType: "CLIENT-CREDENTIALS" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isGuardError(e1, "genesys.bad-request"));
    const r = await client.regenerateSecret("n1");
    assert.equal(r.secret, "Regenerated-zyxwvu-99");
    const e2 = await client.getClient("n1").then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isGuardError(e2, "genesys.conflict"));
    assertClean([...renderings(e1), ...renderings(e2), ...lines], [created, "Regenerated-zyxwvu-99", TOKEN, ADMIN_SECRET]);
  });

  it("verifyCredentials never shows the verified secret or the token it got", async () => {
    const candidate = "CandidateSecret-555555";
    server.on("POST", "/oauth/token", (req, res) => {
      const [id] = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ""), "base64")
        .toString()
        .split(":");
      if (id === ADMIN_ID) {
        json(res, 200, { access_token: TOKEN, expires_in: 3600 });
        return;
      }
      json(res, 503, { message: `down while checking ${req.headers.authorization} ${candidate}` });
    });
    const { client } = testClient(server, { maxAttempts: 2 });
    const error = await client.verifyCredentials("cand-id", candidate).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isGuardError(error, "genesys.unavailable"));
    const candidateBasic = Buffer.from(`cand-id:${candidate}`).toString("base64");
    assertClean([...renderings(error), ...lines], [candidate, candidateBasic]);
  });

  it("settings and the client itself print without the secret", async () => {
    const { client } = testClient(server);
    await client.listClients().catch(() => undefined);
    const { cache } = testClient(server);
    const { TokenProvider } = await import("../../../genesys/token");
    const provider = new TokenProvider(axiosLike(), server.baseUrl, ADMIN_ID, ADMIN_SECRET, undefined as never, cache);
    assertClean(
      [
        inspect(client, { depth: 10 }),
        JSON.stringify(client),
        JSON.stringify(client.settings),
        inspect(client.settings, { depth: 10 }),
        inspect(provider, { depth: 10 }),
        JSON.stringify(provider),
        inspect(cache, { depth: 10 }),
        JSON.stringify(cache),
      ],
      [ADMIN_SECRET, TOKEN],
    );
    assert.match(inspect(client, { depth: 10 }), new RegExp(ADMIN_ID));
  });
});
