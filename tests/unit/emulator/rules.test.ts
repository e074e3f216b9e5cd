/**
 * Validation rules, token rules, permissions, roles paging, and the rate limiter / knob building blocks
 * on their own.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { Knobs, normaliseRoute } from "../../../emulator/knobs";
import { RateLimiter } from "../../../emulator/rate-limit";
import { newSecret } from "../../../emulator/state";

const ADMIN = { id: "rules-admin", secret: "rules-admin-secret-00001" };
const EMPLOYEE = { id: "rules-employee", secret: "rules-employee-secret-01" };

interface Err {
  code: string;
  status: number;
  message: string;
  contextId: string;
  details: unknown[];
  errors: unknown[];
}

describe("emulator rules", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let token: string;

  const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  const tokenFor = (id: string, secret: string): Promise<Response> =>
    fetch(`${emu.baseUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic(id, secret), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
  const bearerFor = async (id: string, secret: string): Promise<string> =>
    ((await (await tokenFor(id, secret)).json()) as { access_token: string }).access_token;
  const api = (method: string, path: string, body?: unknown, bearer: string | null = token): Promise<Response> =>
    fetch(`${emu.baseUrl}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const roleId = async (name: string): Promise<string> =>
    ((await (await api("GET", `/api/v2/authorization/roles?name=${encodeURIComponent(name)}`)).json()) as { entities: { id: string }[] }).entities[0].id;
  const create = async (body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await api("POST", "/api/v2/oauth/clients", body);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const cc = async (extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> => ({
    name: "r",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roleDivisions: [{ roleId: await roleId("Developer"), divisionId: "*" }],
    ...extra,
  });
  const assertInvalid = async (body: Record<string, unknown>, pattern: RegExp): Promise<void> => {
    const { status, json } = await create(body);
    assert.equal(status, 400, JSON.stringify(body));
    const err = json as unknown as Err;
    assert.equal(err.code, "invalid.value");
    assert.equal(err.status, 400);
    assert.match(err.message, pattern);
    assert.deepEqual([err.details, err.errors], [[], []]);
    assert.match(err.contextId, /^[0-9a-f-]{36}$/);
  };

  beforeEach(async () => {
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret, extraClients: [{ ...EMPLOYEE, roles: ["Employee"] }] });
    token = await bearerFor(ADMIN.id, ADMIN.secret);
  });
  afterEach(() => emu.close());

  it("validates grant types, scope, roleDivisions and token validity", async () => {
    await assertInvalid({ ...(await cc()), authorizedGrantType: "CLIENT_CREDENTIALS" }, /authorizedGrantType CLIENT_CREDENTIALS/);
    await assertInvalid({ ...(await cc()), authorizedGrantType: "IMPLICIT" }, /authorizedGrantType/);
    await assertInvalid({ ...(await cc()), roleDivisions: [] }, /at least one roleDivision/);
    await assertInvalid({ name: "code", authorizedGrantType: "CODE", registeredRedirectUri: ["https://x.example/cb"] }, /needs at least one scope/);
    await assertInvalid(await cc({ accessTokenValiditySeconds: 299 }), /300 to 172800/);
    await assertInvalid(await cc({ accessTokenValiditySeconds: 172801 }), /300 to 172800/);
    await assertInvalid(await cc({ state: "deleted" }), /state must be/);
    await assertInvalid({ ...(await cc()), roleDivisions: [{ roleId: "00000000-0000-0000-0000-000000000000", divisionId: "*" }] }, /does not exist/);
    await assertInvalid({ ...(await cc()), name: "" }, /name is required/);

    const ok = await create(await cc({ scope: ["ignored"], accessTokenValiditySeconds: 300 }));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json.scope, [], "CLIENT-CREDENTIALS ignores scope");
    assert.equal(ok.json.accessTokenValiditySeconds, 300);
    assert.equal(ok.json.state, "active");
    // A client-credentials caller is no user: createdBy/modifiedBy ("User that created this client") are left out.
    assert.deepEqual([ok.json.createdBy, ok.json.modifiedBy], [undefined, undefined]);
    assert.match(String(ok.json.dateCreated), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(ok.json.dateModified, ok.json.dateCreated);
    assert.match(String(ok.json.selfUri), new RegExp(`/api/v2/oauth/clients/${String(ok.json.id)}$`));
    const saml = await create({ name: "s", authorizedGrantType: "SAML2BEARER", scope: ["users"] });
    assert.equal(saml.json.authorizedGrantType, "SAML2-BEARER");
  });

  it("issues tokens only to active CLIENT-CREDENTIALS clients, with expires_in from the client", async () => {
    const short = await create(await cc({ accessTokenValiditySeconds: 600 }));
    const granted = (await (await tokenFor(String(short.json.id), String(short.json.secret))).json()) as { expires_in: number };
    assert.equal(granted.expires_in, 600);

    const code = await create({ name: "code", authorizedGrantType: "CODE", scope: ["users"], registeredRedirectUri: ["https://x.example/cb"] });
    const refused = await tokenFor(String(code.json.id), String(code.json.secret));
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: string }).error, "unauthorized_client");

    const id = String(short.json.id);
    const clientToken = await bearerFor(id, String(short.json.secret));
    assert.equal((await api("GET", "/api/v2/authorization/divisions/home", undefined, clientToken)).status, 200);
    const put = await api("PUT", `/api/v2/oauth/clients/${id}`, await cc({ state: "disabled" }));
    assert.equal(put.status, 200);
    const disabled = await tokenFor(id, String(short.json.secret));
    assert.equal(disabled.status, 400, "a disabled client gets no token");
    assert.equal((await api("GET", "/api/v2/authorization/divisions/home", undefined, clientToken)).status, 401, "its earlier token stops working");
  });

  it("answers credentials.expired for an expired token", async () => {
    emu.state.tokens.expireAll(Date.now() - 1);
    const res = await api("GET", "/api/v2/oauth/clients");
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as Err).code, "credentials.expired");
  });

  it("refuses a client without oauth:client:* with 403 missing.permissions naming the permission", async () => {
    const employee = await bearerFor(EMPLOYEE.id, EMPLOYEE.secret);
    const res = await api("GET", "/api/v2/oauth/clients", undefined, employee);
    assert.equal(res.status, 403);
    const err = (await res.json()) as Err;
    assert.equal(err.code, "missing.permissions");
    assert.match(err.message, /You are missing the following permission\(s\): \[?oauth:client:view/);
  });

  it("pages roles with a name filter in the entity listing shape", async () => {
    const all = (await (await api("GET", "/api/v2/authorization/roles")).json()) as { total: number; entities: { name: string }[] };
    assert.ok(all.entities.some((r) => r.name === "Telephony Admin"));
    const page = (await (await api("GET", "/api/v2/authorization/roles?pageSize=2&pageNumber=2")).json()) as Record<string, unknown>;
    assert.equal((page.entities as unknown[]).length, 2);
    assert.deepEqual([page.pageSize, page.pageNumber, page.total, page.pageCount], [2, 2, all.total, Math.ceil(all.total / 2)]);
    assert.ok(page.nextUri && page.previousUri && page.firstUri && page.lastUri && page.selfUri);
    const named = (await (await api("GET", "/api/v2/authorization/roles?name=Employee")).json()) as { entities: { name: string }[]; total: number };
    assert.deepEqual(
      named.entities.map((r) => r.name),
      ["Employee"],
    );
    const home = (await (await api("GET", "/api/v2/authorization/divisions/home")).json()) as { id: string; homeDivision: boolean };
    assert.equal(home.homeDivision, true);
    const bad = await api("GET", "/api/v2/authorization/roles?pageSize=0");
    assert.equal(bad.status, 400);
  });

  it("puts the rate-limit and correlation headers on every API answer, errors included", async () => {
    for (const res of [
      await api("GET", "/api/v2/oauth/clients", undefined, null),
      await api("GET", "/api/v2/nowhere"),
      await api("GET", "/api/v2/oauth/clients/nope"),
    ]) {
      assert.ok(res.status >= 400);
      for (const h of ["inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset", "inin-correlation-id"])
        assert.ok(res.headers.get(h), `${h} on ${res.status}`);
    }
    // The window already counts the one authenticated call above (GET .../nope): a limit of 1 is spent.
    emu.knobs.set({ rateLimitPerMinute: 1 });
    const limited = await api("GET", "/api/v2/oauth/clients");
    assert.equal(limited.status, 429);
    const err = (await limited.json()) as Err;
    assert.equal(err.code, "too.many.requests");
    assert.equal(err.message, "Rate limit exceeded the maximum [1] requests within [60] seconds");
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
    const stats = (await (await fetch(`${emu.baseUrl}/__emulator/stats`)).json()) as { rateLimited: number };
    assert.equal(stats.rateLimited, 1);
  });

  it("never reveals a secret on the control plane", async () => {
    const created = await create(await cc());
    const text = await (await fetch(`${emu.baseUrl}/__emulator/clients`)).text();
    assert.ok(text.includes(String(created.json.id)));
    assert.ok(!text.includes(String(created.json.secret)));
    assert.ok(!text.includes(ADMIN.secret));
    assert.ok(!/secret/i.test(text.replace(/rules-[a-z]+-secret|"seeded"/g, "")), "no secret or secretHash field");
  });
});

describe("emulator building blocks", () => {
  it("RateLimiter counts per token in fixed 60 s windows", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    assert.equal(limiter.hit("a", 2, t0).allowed, true);
    assert.equal(limiter.hit("a", 2, t0 + 1).allowed, true);
    const third = limiter.hit("a", 2, t0 + 30_000);
    assert.deepEqual([third.allowed, third.count, third.resetSeconds], [false, 2, 30]);
    assert.equal(limiter.hit("b", 2, t0 + 30_000).allowed, true, "another token has its own window");
    assert.equal(limiter.hit("a", 2, t0 + 60_000).allowed, true, "a new window starts after 60 s");
  });

  it("Knobs consume failNext/dropAfterAction by normalised route and count", () => {
    const knobs = new Knobs(300);
    assert.equal(normaliseRoute("post  /api/v2/oauth/clients/"), "POST /api/v2/oauth/clients");
    knobs.set({ failNext: [{ route: "post /api/v2/oauth/clients", count: 2, status: 503 }] });
    assert.equal(knobs.takeFailure("GET /api/v2/oauth/clients"), undefined);
    assert.equal(knobs.takeFailure("POST /api/v2/oauth/clients")?.status, 503);
    assert.equal(knobs.takeFailure("POST /api/v2/oauth/clients")?.status, 503);
    assert.equal(knobs.takeFailure("POST /api/v2/oauth/clients"), undefined, "only count times");
    knobs.dropAfterAction("POST /api/v2/oauth/clients/{id}/secret", 1);
    assert.ok(knobs.takeDrop("POST /api/v2/oauth/clients/{id}/secret"));
    assert.throws(() => knobs.set({ latencyMs: -1 }));
    knobs.reset(300);
    assert.deepEqual(knobs.snapshot(), {
      latencyMs: 0,
      secretActivationDelayMs: 0,
      rateLimitPerMinute: 300,
      usageQueryRunningPolls: 0,
      failNext: [],
      dropAfterAction: [],
    });
  });

  it("newSecret gives 20–22 characters of [A-Za-z0-9_-], all different", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const s = newSecret();
      assert.match(s, /^[A-Za-z0-9_-]{20,22}$/);
      seen.add(s);
    }
    assert.equal(seen.size, 500);
  });
});
