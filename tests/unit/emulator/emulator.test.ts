/**
 * The emulator's own rules and knobs, over raw HTTP (fetch): what the contract tests cannot reach through
 * an SDK — malformed bodies, unknown routes, token edge cases, rate-limit headers, fault knobs.
 */
import { strict as assert } from "assert";
import * as sinon from "sinon";
import { startEmulator, RunningEmulator } from "../../../emulator";

const ADMIN = { id: "unit-admin", secret: "unit-admin-secret-000001" };

describe("emulator", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let token: string;

  const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  const tokenFor = async (id: string, secret: string): Promise<Response> =>
    fetch(`${emu.baseUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic(id, secret), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
  const api = (method: string, path: string, body?: unknown, bearer: string | null = token): Promise<Response> =>
    fetch(`${emu.baseUrl}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const developerRole = async (): Promise<string> =>
    ((await (await api("GET", "/api/v2/authorization/roles?name=Developer")).json()) as { entities: { id: string }[] }).entities[0].id;
  const createClient = async (): Promise<{ id: string; secret: string }> => {
    const res = await api("POST", "/api/v2/oauth/clients", {
      name: "c",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: await developerRole(), divisionId: "*" }],
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { id: string; secret: string };
  };

  beforeEach(async () => {
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    token = ((await (await tokenFor(ADMIN.id, ADMIN.secret)).json()) as { access_token: string }).access_token;
  });
  afterEach(() => emu.close());

  it("answers token errors in the live service's shapes", async () => {
    const unknown = await tokenFor("nobody", "whatever");
    assert.equal(unknown.status, 400);
    assert.deepEqual(await unknown.json(), { error: "invalid_client", description: "client not found", error_description: "client not found" });
    const wrong = await tokenFor(ADMIN.id, "wrong-secret");
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" });
    const ok = (await (await tokenFor(ADMIN.id, ADMIN.secret)).json()) as Record<string, unknown>;
    assert.equal(ok.token_type, "bearer");
    assert.equal(ok.expires_in, 86400);
  });

  it("rejects missing and bad bearer tokens, malformed JSON and unknown routes", async () => {
    const none = await api("GET", "/api/v2/oauth/clients", undefined, null);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { code: string }).code, "authentication.required");
    const bad = await api("GET", "/api/v2/oauth/clients", undefined, "not-a-token");
    assert.equal(((await bad.json()) as { code: string }).code, "bad.credentials");
    const malformed = await api("POST", "/api/v2/oauth/clients", "{not json");
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { code: string }).code, "bad.request");
    const unknownRoute = await api("GET", "/api/v2/nothing/here");
    assert.equal(unknownRoute.status, 404);
  });

  it("sends inin-ratelimit-* and ININ-Correlation-Id headers, and 429 + Retry-After past the limit", async () => {
    const res = await api("GET", "/api/v2/oauth/clients");
    assert.equal(res.headers.get("inin-ratelimit-allowed"), "300");
    assert.equal(res.headers.get("inin-ratelimit-count"), "1");
    assert.ok(Number(res.headers.get("inin-ratelimit-reset")) > 0);
    assert.match(res.headers.get("inin-correlation-id") ?? "", /^[0-9a-f-]{36}$/);
    emu.knobs.set({ rateLimitPerMinute: 2 });
    await api("GET", "/api/v2/oauth/clients");
    const limited = await api("GET", "/api/v2/oauth/clients");
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
  });

  it("returns the secret only from create and regenerate, 20–22 characters, and never the same twice", async () => {
    const created = await createClient();
    assert.ok(created.secret.length >= 20 && created.secret.length <= 22);
    const got = (await (await api("GET", `/api/v2/oauth/clients/${created.id}`)).json()) as Record<string, unknown>;
    assert.equal(got.secret, undefined);
    const listed = (await (await api("GET", "/api/v2/oauth/clients")).json()) as { entities: Record<string, unknown>[] };
    assert.ok(listed.entities.every((c) => c.secret === undefined));
    const control = JSON.stringify(await (await fetch(`${emu.baseUrl}/__emulator/clients`)).json());
    assert.ok(!control.includes(created.secret), "the control plane never shows secrets");
    const again = (await (await api("POST", `/api/v2/oauth/clients/${created.id}/secret`)).json()) as { secret: string };
    assert.notEqual(again.secret, created.secret);
  });

  it("refuses to delete an active client; deleted clients answer 404 and get no token", async () => {
    const c = await createClient();
    const refused = await api("DELETE", `/api/v2/oauth/clients/${c.id}`);
    assert.equal(refused.status, 400);
    const current = (await (await api("GET", `/api/v2/oauth/clients/${c.id}`)).json()) as Record<string, unknown>;
    assert.equal((await api("PUT", `/api/v2/oauth/clients/${c.id}`, { ...current, state: "inactive" })).status, 200);
    assert.equal((await tokenFor(c.id, c.secret)).status, 400, "an inactive client gets no token");
    assert.equal((await api("DELETE", `/api/v2/oauth/clients/${c.id}`)).status, 204);
    assert.equal((await api("GET", `/api/v2/oauth/clients/${c.id}`)).status, 404);
  });

  it("knob failNext answers the status without acting", async () => {
    emu.knobs.failNext("POST /api/v2/oauth/clients", 1, 503);
    const before = emu.state.clients.size;
    const res = await api("POST", "/api/v2/oauth/clients", { name: "x", authorizedGrantType: "TOKEN", scope: ["s"] });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("retry-after"), "1");
    assert.equal(emu.state.clients.size, before, "nothing was created");
    assert.equal((await api("POST", "/api/v2/oauth/clients", { name: "x", authorizedGrantType: "TOKEN", scope: ["s"] })).status, 200);
  });

  it("knob dropAfterAction acts and loses the response", async () => {
    const before = emu.state.clients.size;
    await fetch(`${emu.baseUrl}/__emulator/knobs`, {
      method: "POST",
      body: JSON.stringify({ dropAfterAction: [{ route: "POST /api/v2/oauth/clients", count: 1 }] }),
    });
    await assert.rejects(api("POST", "/api/v2/oauth/clients", { name: "lost", authorizedGrantType: "TOKEN", scope: ["s"] }));
    assert.equal(emu.state.clients.size, before + 1, "the client was created although the answer was lost");
    assert.equal(emu.stats.responsesDropped, 1);
  });

  it("knob secretActivationDelayMs refuses a new secret until it propagates", async () => {
    emu.knobs.set({ secretActivationDelayMs: 300 });
    // Only Date is faked (sockets and timers stay real): the emulator reads its clock per request.
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    try {
      const c = await createClient();
      assert.equal((await tokenFor(c.id, c.secret)).status, 401);
      clock.tick(299);
      assert.equal((await tokenFor(c.id, c.secret)).status, 401, "still refused 1 ms before the delay ends");
      clock.tick(1);
      assert.equal((await tokenFor(c.id, c.secret)).status, 200);
    } finally {
      clock.restore();
    }
  });

  it("knob latencyMs delays answers; reset turns every knob off and removes created clients", async () => {
    emu.knobs.set({ latencyMs: 200 });
    const t0 = Date.now();
    await api("GET", "/api/v2/oauth/clients");
    assert.ok(Date.now() - t0 >= 190);
    await createClient();
    assert.equal((await fetch(`${emu.baseUrl}/__emulator/reset`, { method: "POST" })).status, 204);
    assert.equal(emu.knobs.latencyMs, 0);
    assert.equal(emu.state.clients.size, 1, "only the seeded admin is left");
  });

  it("regenerating revokes tokens issued with the old secret", async () => {
    const c = await createClient();
    const old = ((await (await tokenFor(c.id, c.secret)).json()) as { access_token: string }).access_token;
    await api("POST", `/api/v2/oauth/clients/${c.id}/secret`);
    assert.equal((await tokenFor(c.id, c.secret)).status, 401, "the old secret is dead at once");
    assert.equal((await api("GET", "/api/v2/authorization/divisions/home", undefined, old)).status, 401);
  });
});
