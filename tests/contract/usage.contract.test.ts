/**
 * Contract: the official SDK's OAuth client usage methods (postOauthClientUsageQuery,
 * getOauthClientUsageQueryResult, getOauthClientUsageSummary) against the emulator, which records every
 * API request made with a client's token, plus history seeded through POST /__emulator/usage.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../emulator";
import { ApiUsageQueryResult, ApiUsageRow, sdkLogin, sdkRejection, SdkSession } from "./sdk";

const ADMIN = { id: "usage-admin", secret: "usage-admin-secret-00001" };
const EMPLOYEE = { id: "usage-employee", secret: "usage-employee-secret-01" };
const ALL_METRICS = ["Status200", "Status300", "Status400", "Status500", "Status429", "Requests"];
const DAY = 86_400_000;

describe("contract: official SDK OAuthApi usage against the emulator", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let admin: SdkSession;
  let subject: { id: string; name: string; secret: string };

  const around = (): string => `${new Date(Date.now() - 3_600_000).toISOString()}/${new Date(Date.now() + 3_600_000).toISOString()}`;
  const run = async (clientId: string, query: Parameters<SdkSession["oauth"]["postOauthClientUsageQuery"]>[1]): Promise<ApiUsageQueryResult> => {
    const execution = await admin.oauth.postOauthClientUsageQuery(clientId, query);
    return admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, clientId);
  };
  const seed = async (clientId: string, entries: unknown[]): Promise<void> => {
    const res = await fetch(`${emulator.baseUrl}/__emulator/usage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId, entries }),
    });
    assert.equal(res.status, 200);
  };

  before(async () => {
    emulator = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret, extraClients: [{ ...EMPLOYEE, roles: ["Employee"] }] });
    admin = await sdkLogin(emulator.baseUrl, ADMIN.id, ADMIN.secret);
    const readOnly = ((await admin.authorization.getAuthorizationRoles({ name: ["Read Only"] })).entities ?? [])[0].id!;
    const created = await admin.oauth.postOauthClients({
      name: "usage-subject",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: readOnly, divisionId: "*" }],
    });
    subject = { id: created.id!, name: created.name, secret: created.secret! };

    // The subject's own traffic: 2 × 200 on the list, 1 × 404 on a client, 1 × 403 on create.
    const own = await sdkLogin(emulator.baseUrl, subject.id, subject.secret);
    await own.oauth.getOauthClients();
    await own.oauth.getOauthClients();
    assert.equal((await sdkRejection(() => own.oauth.getOauthClient("00000000-0000-0000-0000-000000000000"))).status, 404);
    assert.equal((await sdkRejection(() => own.oauth.postOauthClients({ name: "x", authorizedGrantType: "CLIENT-CREDENTIALS" }))).status, 403);
  });
  after(() => emulator.close());

  it("postOauthClientUsageQuery answers a UsageExecutionResult whose results are the client's own traffic by template and method", async () => {
    const execution = await admin.oauth.postOauthClientUsageQuery(subject.id, {
      interval: around(),
      groupBy: ["TemplateUri", "HttpMethod"],
      metrics: ALL_METRICS,
    });
    assert.match(execution.executionId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(execution.resultsUri, `/api/v2/oauth/clients/${subject.id}/usage/query/results/${execution.executionId}`);
    const result = await admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, subject.id);
    assert.equal(result.queryStatus, "Complete");
    const row = (templateUri: string, httpMethod: string): ApiUsageRow => ({
      clientId: subject.id,
      clientName: subject.name,
      organizationId: "",
      userId: "",
      templateUri,
      httpMethod,
      status200: 0,
      status300: 0,
      status400: 0,
      status500: 0,
      status429: 0,
      requests: 0,
    });
    assert.deepEqual(result.results, [
      { ...row("api/v2/oauth/clients", "GET"), status200: 2, requests: 2 },
      { ...row("api/v2/oauth/clients", "POST"), status400: 1, requests: 1 },
      { ...row("api/v2/oauth/clients/{clientId}", "GET"), status400: 1, requests: 1 },
    ]);
  });

  it("answers only the metrics asked for, one row per client without groupBy, and no date without granularity", async () => {
    const result = await run(subject.id, { interval: around(), metrics: ["Requests", "Status400"] });
    assert.deepEqual(result.results, [
      { clientId: subject.id, clientName: subject.name, organizationId: "", userId: "", templateUri: "", httpMethod: "", status400: 2, requests: 4 },
    ]);
    const empty = await run(subject.id, { interval: "2020-01-01T00:00:00Z/2020-01-02T00:00:00Z" });
    assert.deepEqual([empty.queryStatus, empty.results], ["Complete", []]);
  });

  it("buckets seeded history by Day with dates as yyyy-MM-ddT00:00:00Z, counting 429s in status400 too", async () => {
    const other = await admin.oauth.postOauthClients({
      name: "usage-history",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: ((await admin.authorization.getAuthorizationRoles({ name: ["Developer"] })).entities ?? [])[0].id!, divisionId: "*" }],
    });
    await seed(other.id!, [
      { date: "2026-03-02T10:00:00Z", requests: 5, templateUri: "api/v2/routing/queues", httpMethod: "GET" },
      { date: "2026-03-02T23:59:59Z", requests: 2, status: 429, templateUri: "api/v2/routing/queues", httpMethod: "GET" },
      { date: "2026-03-04T00:00:00Z", requests: 1, status: 503, templateUri: "/api/v2/routing/queues/{queueId}", httpMethod: "put" },
    ]);
    const result = await run(other.id!, {
      interval: "2026-03-01T00:00:00Z/2026-03-08T00:00:00Z",
      granularity: "Day",
      groupBy: ["TemplateUri"],
      metrics: ["Requests", "Status200", "Status400", "Status429", "Status500"],
    });
    const base = { clientId: other.id, clientName: "usage-history", organizationId: "", userId: "", httpMethod: "" };
    assert.deepEqual(result.results, [
      { ...base, templateUri: "api/v2/routing/queues", status200: 5, status400: 2, status500: 0, status429: 2, requests: 7, date: "2026-03-02T00:00:00Z" },
      {
        ...base,
        templateUri: "api/v2/routing/queues/{queueId}",
        status200: 0,
        status400: 0,
        status500: 1,
        status429: 0,
        requests: 1,
        date: "2026-03-04T00:00:00Z",
      },
    ]);
    const weekly = await run(other.id!, { interval: "2026-03-01T00:00:00Z/2026-03-08T00:00:00Z", granularity: "Week", metrics: ["Requests"] });
    assert.deepEqual(
      weekly.results?.map((r) => [r.date, r.requests]),
      [["2026-03-02T00:00:00Z", 8]],
      "ISO weeks start on Monday (2026-03-02)",
    );
    const monthly = await run(other.id!, { interval: "2026-02-01T00:00:00Z/2026-04-01T00:00:00Z", granularity: "Month", metrics: ["Requests"] });
    assert.deepEqual(
      monthly.results?.map((r) => [r.date, r.requests]),
      [["2026-03-01T00:00:00Z", 8]],
    );
    const byOrg = await run(other.id!, { interval: "2026-03-01T00:00:00Z/2026-03-08T00:00:00Z", groupBy: ["OrganizationId"], metrics: ["Requests"] });
    assert.match(byOrg.results?.[0].organizationId ?? "", /^[0-9a-f-]{36}$/);
  });

  it("getOauthClientUsageSummary answers a UsageExecutionResult to poll: the previous N days, per day", async () => {
    const other = await admin.oauth.postOauthClients({
      name: "usage-summary",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: ((await admin.authorization.getAuthorizationRoles({ name: ["Developer"] })).entities ?? [])[0].id!, divisionId: "*" }],
    });
    const now = Date.now();
    await seed(other.id!, [
      { date: new Date(now - 3 * DAY).toISOString(), requests: 4 },
      { date: new Date(now - 10 * DAY).toISOString(), requests: 9 },
    ]);
    const execution = await admin.oauth.getOauthClientUsageSummary(other.id!, { days: "7" });
    assert.equal(execution.resultsUri, `/api/v2/oauth/clients/${other.id}/usage/query/results/${execution.executionId}`);
    const summary = await admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, other.id!);
    assert.equal(summary.queryStatus, "Complete");
    const threeDaysAgo = new Date(now - 3 * DAY).toISOString().slice(0, 10);
    assert.deepEqual(
      summary.results?.map((r) => [r.date, r.requests, r.status200]),
      [[`${threeDaysAgo}T00:00:00Z`, 4, 4]],
    );
    const longer = await admin.oauth.getOauthClientUsageSummary(other.id!, { days: "30" });
    assert.deepEqual(
      (await admin.oauth.getOauthClientUsageQueryResult(longer.executionId!, other.id!)).results?.map((r) => r.requests),
      [9, 4],
    );
    const defaulted = await admin.oauth.getOauthClientUsageSummary(other.id!);
    assert.deepEqual(
      (await admin.oauth.getOauthClientUsageQueryResult(defaulted.executionId!, other.id!)).results?.map((r) => r.requests),
      [4],
      "days defaults to 7",
    );
  });

  it("answers Running before Complete when the knob asks, so SDK poll loops are exercised", async () => {
    emulator.knobs.set({ usageQueryRunningPolls: 2 });
    try {
      const execution = await admin.oauth.postOauthClientUsageQuery(subject.id, { interval: around(), metrics: ["Requests"] });
      for (let i = 0; i < 2; i++)
        assert.deepEqual(await admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, subject.id), { results: [], queryStatus: "Running" });
      const done = await admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, subject.id);
      assert.equal(done.queryStatus, "Complete");
      assert.equal(done.results?.length, 1);
    } finally {
      emulator.knobs.set({ usageQueryRunningPolls: 0 });
    }
  });

  it("rejects with the real ErrorBodies: 403 without oauth:client:view/usage:client:view, 404 for unknown clients and executions, 400 for bad queries", async () => {
    const employee = await sdkLogin(emulator.baseUrl, EMPLOYEE.id, EMPLOYEE.secret);
    for (const call of [
      () => employee.oauth.postOauthClientUsageQuery(subject.id, { interval: around() }),
      () => employee.oauth.getOauthClientUsageSummary(subject.id),
      () => employee.oauth.getOauthClientUsageQueryResult("00000000-0000-0000-0000-000000000000", subject.id),
    ]) {
      const e = await sdkRejection(call);
      assert.deepEqual([e.status, e.code], [403, "missing.permissions"]);
      assert.match(e.message, /missing the following permission\(s\): \[oauth:client:view, usage:client:view\]/);
    }
    const execution = await admin.oauth.postOauthClientUsageQuery(subject.id, { interval: around() });
    const missing = "00000000-0000-0000-0000-000000000000";
    for (const call of [
      () => admin.oauth.postOauthClientUsageQuery(missing, { interval: around() }),
      () => admin.oauth.getOauthClientUsageSummary(missing),
      () => admin.oauth.getOauthClientUsageQueryResult(missing, subject.id),
      () => admin.oauth.getOauthClientUsageQueryResult(execution.executionId!, ADMIN.id),
    ]) {
      const e = await sdkRejection(call);
      assert.deepEqual([e.status, e.code, e.details, e.errors], [404, "not.found", [], []]);
    }
    for (const query of [
      { interval: "not an interval" },
      { interval: "2026-03-08T00:00:00Z/2026-03-01T00:00:00Z" },
      { interval: around(), granularity: "Hour" },
      { interval: around(), metrics: ["Status201"] },
      { interval: around(), groupBy: ["UserId"] },
    ]) {
      const e = await sdkRejection(() => admin.oauth.postOauthClientUsageQuery(subject.id, query));
      assert.deepEqual([e.status, e.code], [400, "invalid.value"], JSON.stringify(query));
    }
    assert.equal((await sdkRejection(() => admin.oauth.getOauthClientUsageSummary(subject.id, { days: "0" }))).status, 400);
  });

  it("UsageApi.postUsageQuery: the organization's usage in one query, grouped by OAuthClientId; 403 without usage:organization:view", async () => {
    await seed(subject.id, [{ date: new Date(Date.now() - 600_000).toISOString(), requests: 5 }]);
    const execution = await admin.usage.postUsageQuery({ interval: around(), metrics: ["Requests"], groupBy: ["OAuthClientId"] });
    assert.equal(execution.resultsUri, `/api/v2/usage/query/${execution.executionId}/results`);
    const result = await admin.usage.getUsageQueryExecutionIdResults(execution.executionId!);
    assert.equal(result.queryStatus, "Complete");
    const mine = (result.results ?? []).filter((r) => r.clientId === subject.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].clientName, subject.name);
    assert.ok((mine[0].requests ?? 0) >= 5 + 4, `seeded 5 plus the subject's own 4 requests: ${mine[0].requests}`);
    assert.ok(
      (result.results ?? []).some((r) => r.clientId === ADMIN.id),
      "the admin's own traffic is another client's row",
    );
    const employee = await sdkLogin(emulator.baseUrl, EMPLOYEE.id, EMPLOYEE.secret);
    const refused = await sdkRejection(() => employee.usage.postUsageQuery({ interval: around(), groupBy: ["OAuthClientId"] }));
    assert.deepEqual([refused.status, refused.code], [403, "missing.permissions"]);
    assert.equal((await sdkRejection(() => admin.usage.getUsageQueryExecutionIdResults("00000000-0000-4000-8000-000000000000"))).status, 404);
  });
});
