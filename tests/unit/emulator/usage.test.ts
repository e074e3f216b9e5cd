/**
 * The usage recorder, the usage query rules and aggregation, the POST /__emulator/usage seeding knob, and
 * what the server counts as a client's usage — over raw HTTP where the SDK cannot reach.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { aggregateUsage, bucketStart, parseUsageQuery, UsageQuery } from "../../../emulator/usage-query";
import { parseUsageSeed, UsageRecorder } from "../../../emulator/usage";

const subject = { clientId: "c1", clientName: "one", organizationId: "org-1" };
const query = (extra: Partial<UsageQuery> = {}): UsageQuery => ({
  from: 0,
  to: Date.parse("2030-01-01T00:00:00Z"),
  metrics: ["Requests"],
  groupBy: [],
  ...extra,
});

describe("emulator usage: recorder and query rules", () => {
  it("validates seeds: clientId, non-empty entries, dates, whole positive requests, HTTP statuses, methods", () => {
    assert.deepEqual(parseUsageSeed({ clientId: "c1", entries: [{ date: "2026-01-01" }] }), { clientId: "c1", entries: [{ date: "2026-01-01" }] });
    for (const [bad, why] of [
      [null, /JSON object/],
      [{ entries: [{ date: "2026-01-01" }] }, /clientId/],
      [{ clientId: "c1", entries: [] }, /non-empty/],
      [{ clientId: "c1", entries: [{ date: "yesterday" }] }, /date/],
      [{ clientId: "c1", entries: [{ date: "2026-01-01", requests: 0 }] }, /requests/],
      [{ clientId: "c1", entries: [{ date: "2026-01-01", requests: 1.5 }] }, /requests/],
      [{ clientId: "c1", entries: [{ date: "2026-01-01", status: 99 }] }, /status/],
      [{ clientId: "c1", entries: [{ date: "2026-01-01", httpMethod: "G E T" }] }, /httpMethod/],
      [{ clientId: "c1", entries: [{ date: "2026-01-01", templateUri: "" }] }, /templateUri/],
    ] as [unknown, RegExp][]) {
      assert.throws(() => parseUsageSeed(bad), why, JSON.stringify(bad));
    }
  });

  it("records live requests and seeded history per client, within [from, to)", () => {
    const rec = new UsageRecorder();
    rec.record("c1", 1000, "/api/v2/oauth/clients/{clientId}", "get", 200);
    rec.record("c1", 1999, "/api/v2/oauth/clients/{clientId}", "GET", 200); // same second: same record
    rec.record("c1", 2500, "/api/v2/oauth/clients/{clientId}", "GET", 200); // next second: a new one
    assert.equal(rec.seed({ clientId: "c1", entries: [{ date: "1970-01-01T00:00:02Z", requests: 3 }, { date: "1970-01-01T00:00:03Z" }] }), 4);
    rec.record("c2", 1000, "/api/v2/oauth/clients", "POST", 403);
    assert.deepEqual(
      rec.recordsOf("c1", 0, 3000).map((r) => [r.at, r.templateUri, r.httpMethod, r.status, r.requests]),
      [
        [1000, "api/v2/oauth/clients/{clientId}", "GET", 200, 2],
        [2000, "api/v2/oauth/clients/{clientId}", "GET", 200, 1],
        [2000, "api/v2/oauth/clients", "GET", 200, 3],
      ],
    );
    assert.deepEqual(rec.totals(), { c1: 7, c2: 1 });
    rec.reset();
    assert.deepEqual(rec.totals(), {});
  });

  it("parses intervals (start/end, date-only too) and refuses reversed, empty and malformed ones", () => {
    const parsed = parseUsageQuery({ interval: "2026-02-01/2026-02-28", granularity: "Week", metrics: ["Requests", "Requests"], groupBy: ["HttpMethod"] });
    assert.deepEqual(parsed, {
      from: Date.parse("2026-02-01"),
      to: Date.parse("2026-02-28"),
      granularity: "Week",
      metrics: ["Requests"],
      groupBy: ["HttpMethod"],
    });
    assert.deepEqual(parseUsageQuery({ interval: "2026-02-01T00:00:00Z/2026-02-02T00:00:00Z" }).metrics, [
      "Status200",
      "Status300",
      "Status400",
      "Status500",
      "Status429",
      "Requests",
    ]);
    for (const bad of [
      {},
      { interval: 5 },
      { interval: "2026-02-01" },
      { interval: "2026-02-01/2026-02-01" },
      { interval: "a/b" },
      { interval: "2026-01-01/2026-01-02/2026-01-03" },
      { interval: "2026-01-01/2026-01-02", metrics: "Requests" },
    ]) {
      assert.throws(
        () => parseUsageQuery(bad),
        (e: { status: number }) => e.status === 400,
        JSON.stringify(bad),
      );
    }
    assert.throws(
      () => parseUsageQuery([]),
      (e: { code: string }) => e.code === "bad.request",
    );
  });

  it("buckets by UTC day, ISO week (Monday) and month", () => {
    const at = Date.parse("2026-03-08T23:30:00Z"); // a Sunday
    assert.equal(new Date(bucketStart(at, "Day")).toISOString(), "2026-03-08T00:00:00.000Z");
    assert.equal(new Date(bucketStart(at, "Week")).toISOString(), "2026-03-02T00:00:00.000Z");
    assert.equal(new Date(bucketStart(Date.parse("2026-03-02T00:00:00Z"), "Week")).toISOString(), "2026-03-02T00:00:00.000Z");
    assert.equal(new Date(bucketStart(at, "Month")).toISOString(), "2026-03-01T00:00:00.000Z");
  });

  it("aggregates status classes (429 inside status400 too), keeps dimensions not grouped by empty, sorts by date/template/method", () => {
    const rec = new UsageRecorder();
    rec.seed({
      clientId: "c1",
      entries: [
        { date: "2026-03-03T00:00:00Z", status: 201, templateUri: "b", httpMethod: "POST" },
        { date: "2026-03-02T00:00:00Z", status: 301, templateUri: "b" },
        { date: "2026-03-02T12:00:00Z", status: 429, requests: 2, templateUri: "a" },
        { date: "2026-03-02T13:00:00Z", status: 404, templateUri: "a" },
        { date: "2026-03-02T14:00:00Z", status: 500, templateUri: "a" },
      ],
    });
    const all = ["Status200", "Status300", "Status400", "Status500", "Status429", "Requests"] as UsageQuery["metrics"];
    const records = rec.recordsOf("c1", 0, Date.parse("2030-01-01T00:00:00Z"));
    assert.deepEqual(aggregateUsage(records, query({ metrics: all }), subject), [
      {
        clientId: "c1",
        clientName: "one",
        organizationId: "",
        userId: "",
        templateUri: "",
        httpMethod: "",
        status200: 1,
        status300: 1,
        status400: 3,
        status500: 1,
        status429: 2,
        requests: 6,
      },
    ]);
    assert.deepEqual(
      aggregateUsage(records, query({ granularity: "Day", groupBy: ["TemplateUri", "HttpMethod", "OrganizationId", "OAuthClientId"] }), subject).map((r) => [
        r.date,
        r.templateUri,
        r.httpMethod,
        r.organizationId,
        r.requests,
      ]),
      [
        ["2026-03-02T00:00:00Z", "a", "GET", "org-1", 4],
        ["2026-03-02T00:00:00Z", "b", "GET", "org-1", 1],
        ["2026-03-03T00:00:00Z", "b", "POST", "org-1", 1],
      ],
    );
    assert.deepEqual(aggregateUsage([], query(), subject), []);
  });
});

describe("emulator usage: seeding knob and live recording over HTTP", function () {
  this.timeout(20_000);
  const ADMIN = { id: "usage-unit-admin", secret: "usage-unit-admin-secret-1" };
  let emu: RunningEmulator;
  let token: string;

  const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${emu.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const api = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${emu.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const results = async (body: unknown): Promise<Record<string, unknown>[]> => {
    const started = await api("POST", `/api/v2/oauth/clients/${ADMIN.id}/usage/query`, body);
    assert.equal(started.status, 202);
    const { executionId } = (await started.json()) as { executionId: string };
    return ((await (await api("GET", `/api/v2/oauth/clients/${ADMIN.id}/usage/query/results/${executionId}`)).json()) as { results: Record<string, unknown>[] })
      .results;
  };

  beforeEach(async () => {
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    const basic = `Basic ${Buffer.from(`${ADMIN.id}:${ADMIN.secret}`).toString("base64")}`;
    const res = await fetch(`${emu.baseUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterEach(() => emu.close());

  it("POST /__emulator/usage adds history (answering how many requests), 400s a bad seed, and refuses browsers", async () => {
    const ok = await control("POST", "/__emulator/usage", {
      clientId: ADMIN.id,
      entries: [{ date: "2026-01-05T10:00:00Z", requests: 7, status: 500 }, { date: "2026-01-06" }],
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { clientId: ADMIN.id, added: 8 });
    const bad = await control("POST", "/__emulator/usage", { clientId: ADMIN.id, entries: [{ date: "soon" }] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /Invalid usage seed: entries\[0\]\.date/);
    assert.equal(
      (await control("POST", "/__emulator/usage", { clientId: ADMIN.id, entries: [{ date: "2026-01-05" }] }, { origin: "https://evil.example" })).status,
      403,
    );
    assert.deepEqual(await (await control("GET", "/__emulator/usage")).json(), { byClient: { [ADMIN.id]: 8 } });
    const rows = await results({ interval: "2026-01-01/2026-02-01", granularity: "Day", metrics: ["Requests", "Status500"] });
    assert.deepEqual(
      rows.map((r) => [r.date, r.requests, r.status500]),
      [
        ["2026-01-05T00:00:00Z", 7, 7],
        ["2026-01-06T00:00:00Z", 1, 0],
      ],
    );
  });

  it("counts every request made with a client's token, 401s excepted, with the real template names and statuses (429 too)", async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    await api("GET", "/api/v2/oauth/clients/does-not-exist"); // 404
    await api("POST", "/api/v2/oauth/clients/does-not-exist/secret"); // 404
    await api("GET", "/api/v2/authorization/divisions"); // 200
    await fetch(`${emu.baseUrl}/api/v2/oauth/clients`, { headers: { authorization: "Bearer not-a-token" } }); // 401: nobody's
    await api("GET", "/api/v2/no/such/route"); // no route: no template to count under
    emu.knobs.set({ rateLimitPerMinute: 1 });
    const limited = await api("GET", "/api/v2/oauth/clients");
    assert.equal(limited.status, 429);
    emu.knobs.set({ rateLimitPerMinute: 300 });
    const to = new Date(Date.now() + 60_000).toISOString();
    const rows = await results({
      interval: `${from}/${to}`,
      groupBy: ["TemplateUri", "HttpMethod"],
      metrics: ["Requests", "Status200", "Status400", "Status429"],
    });
    assert.deepEqual(
      rows.map((r) => [r.templateUri, r.httpMethod, r.requests, r.status200, r.status400, r.status429]),
      [
        ["api/v2/authorization/divisions", "GET", 1, 1, 0, 0],
        ["api/v2/oauth/clients", "GET", 1, 0, 1, 1],
        ["api/v2/oauth/clients/{clientId}", "GET", 1, 0, 1, 0],
        ["api/v2/oauth/clients/{clientId}/secret", "POST", 1, 0, 1, 0],
      ],
    );
  });

  it("POST /__emulator/reset forgets recorded usage and executions", async () => {
    await control("POST", "/__emulator/usage", { clientId: ADMIN.id, entries: [{ date: "2026-01-05" }] });
    const started = await api("POST", `/api/v2/oauth/clients/${ADMIN.id}/usage/query`, { interval: "2026-01-01/2026-02-01" });
    const { executionId } = (await started.json()) as { executionId: string };
    assert.equal((await control("POST", "/__emulator/reset")).status, 204);
    assert.deepEqual(await (await control("GET", "/__emulator/usage")).json(), { byClient: {} });
    const basic = `Basic ${Buffer.from(`${ADMIN.id}:${ADMIN.secret}`).toString("base64")}`;
    token = (
      (await (
        await fetch(`${emu.baseUrl}/oauth/token`, {
          method: "POST",
          headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials",
        })
      ).json()) as { access_token: string }
    ).access_token;
    assert.equal((await api("GET", `/api/v2/oauth/clients/${ADMIN.id}/usage/query/results/${executionId}`)).status, 404);
  });
});
