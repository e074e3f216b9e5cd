/**
 * The OAuth client usage API, as OAuthApi.postOauthClientUsageQuery / getOauthClientUsageQueryResult /
 * getOauthClientUsageSummary call it (official SDK docs: "Requires ANY permissions: oauth:client:view,
 * usage:client:view"):
 *
 *   POST /api/v2/oauth/clients/{clientId}/usage/query                          ApiUsageClientQuery
 *        → 202 UsageExecutionResult {executionId, resultsUri}
 *   GET  /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}
 *        → 200 ApiUsageQueryResult {results: ApiUsageRow[], queryStatus: "Running" | "Complete"}
 *   GET  /api/v2/oauth/clients/{clientId}/usage/summary?days=N                 (default 7)
 *        → 202 UsageExecutionResult: poll the same results route
 *   POST /api/v2/usage/query                                                   ApiUsageOrganizationQuery
 *        → 202 UsageExecutionResult; GET /api/v2/usage/query/{executionId}/results → ApiUsageQueryResult
 *
 * Unconfirmed, strict choices: the summary is the previous N×24 h up to now at Day granularity, grouped by
 * nothing but the client (rows per day, every metric); the summary answers 202 like the query (the SDK
 * docs say to poll after both); a client that does not exist or was deleted, and an execution of another
 * client, answer 404 not.found; `days` must be a whole number ≥ 1. Results are computed when the query is
 * made (the knob usageQueryRunningPolls makes the first polls answer Running with no results).
 */
import { randomUUID } from "crypto";
import { ApiError, notFound } from "../errors";
import type { Knobs } from "../knobs";
import type { RequestContext, Router } from "../router";
import type { OrgState, StoredClient } from "../state";
import { aggregateUsage, ApiUsageRow, parseUsageQuery, UsageQuery } from "../usage-query";
import type { UsageRecorder } from "../usage";

const BASE = "/api/v2/oauth/clients/{clientId}/usage";
const PERMISSION = ["oauth:client:view", "usage:client:view"] as const;
/**
 * The organization query (UsageApi.postUsageQuery / getUsageQueryExecutionIdResults). Unconfirmed which
 * permission the real API checks; strict choice: `usage:organization:view` only (the seeded Admin role has it).
 */
const ORG_PERMISSION = ["usage:organization:view"] as const;
const ORG_ID = "*organization*";

interface Execution {
  clientId: string;
  rows: ApiUsageRow[];
  runningPolls: number;
}

function parseJson(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.rawBody);
  } catch {
    throw new ApiError(400, "bad.request", "The request could not be understood by the server due to malformed syntax.");
  }
}

/** Register the usage routes; executions live as long as the emulator (reset clears them with `clear`). */
export function usageRoutes(router: Router, state: OrgState, usage: UsageRecorder, knobs: Knobs): { clear(): void } {
  const executions = new Map<string, Execution>();
  const live = (id: string): StoredClient => {
    const c = state.liveClient(id);
    if (!c) throw notFound(`OAuth client ${id} not found`);
    return c;
  };
  const execute = (client: StoredClient, query: UsageQuery): { status: number; body: { executionId: string; resultsUri: string } } => {
    const rows = aggregateUsage(usage.recordsOf(client.id, query.from, query.to), query, {
      clientId: client.id,
      clientName: client.name,
      organizationId: state.organizationId,
    });
    const executionId = randomUUID();
    executions.set(executionId, { clientId: client.id, rows, runningPolls: knobs.usageQueryRunningPolls });
    return { status: 202, body: { executionId, resultsUri: `/api/v2/oauth/clients/${client.id}/usage/query/results/${executionId}` } };
  };

  router.add({
    method: "POST",
    template: `${BASE}/query`,
    auth: "bearer",
    permission: PERMISSION,
    handler: (ctx) => {
      const client = live(ctx.params.clientId);
      return execute(client, parseUsageQuery(parseJson(ctx)));
    },
  });

  router.add({
    method: "GET",
    template: `${BASE}/query/results/{executionId}`,
    auth: "bearer",
    permission: PERMISSION,
    handler: (ctx) => {
      live(ctx.params.clientId);
      const execution = executions.get(ctx.params.executionId);
      if (execution?.clientId !== ctx.params.clientId) throw notFound(`Usage query execution ${ctx.params.executionId} not found`);
      if (execution.runningPolls > 0) {
        execution.runningPolls -= 1;
        return { status: 200, body: { results: [], queryStatus: "Running" } };
      }
      return { status: 200, body: { results: execution.rows, queryStatus: "Complete" } };
    },
  });

  router.add({
    method: "GET",
    template: `${BASE}/summary`,
    auth: "bearer",
    permission: PERMISSION,
    handler: (ctx) => {
      const client = live(ctx.params.clientId);
      const raw = ctx.query.get("days") ?? "7";
      const days = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isInteger(days) || days < 1)
        throw new ApiError(400, "invalid.value", `days must be a whole number of 1 or more, not ${raw}`);
      return execute(client, {
        from: ctx.now - days * 86_400_000,
        to: ctx.now + 1,
        granularity: "Day",
        metrics: ["Status200", "Status300", "Status400", "Status500", "Status429", "Requests"],
        groupBy: [],
      });
    },
  });

  // The organization's usage in one query (ApiUsageOrganizationQuery): grouped by OAuthClientId, one set of rows per client.
  router.add({
    method: "POST",
    template: "/api/v2/usage/query",
    auth: "bearer",
    permission: ORG_PERMISSION,
    handler: (ctx) => {
      const query = parseUsageQuery(parseJson(ctx));
      const records = usage.recordsBetween(query.from, query.to);
      let rows: ApiUsageRow[];
      if (query.groupBy.includes("OAuthClientId")) {
        const byClient = new Map<string, typeof records>();
        for (const r of records) {
          const list = byClient.get(r.clientId) ?? [];
          list.push(r);
          byClient.set(r.clientId, list);
        }
        rows = [...byClient.entries()].flatMap(([clientId, recs]) =>
          aggregateUsage(recs, query, { clientId, clientName: state.liveClient(clientId)?.name ?? "", organizationId: state.organizationId }),
        );
      } else {
        rows = aggregateUsage(records, query, { clientId: "", clientName: "", organizationId: state.organizationId });
      }
      const executionId = randomUUID();
      executions.set(executionId, { clientId: ORG_ID, rows, runningPolls: knobs.usageQueryRunningPolls });
      return { status: 202, body: { executionId, resultsUri: `/api/v2/usage/query/${executionId}/results` } };
    },
  });

  router.add({
    method: "GET",
    template: "/api/v2/usage/query/{executionId}/results",
    auth: "bearer",
    permission: ORG_PERMISSION,
    handler: (ctx) => {
      const execution = executions.get(ctx.params.executionId);
      if (execution?.clientId !== ORG_ID) throw notFound(`Usage query execution ${ctx.params.executionId} not found`);
      if (execution.runningPolls > 0) {
        execution.runningPolls -= 1;
        return { status: 200, body: { results: [], queryStatus: "Running" } };
      }
      return { status: 200, body: { results: execution.rows, queryStatus: "Complete" } };
    },
  });

  return { clear: () => executions.clear() };
}
