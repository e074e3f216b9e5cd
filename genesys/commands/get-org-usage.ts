/**
 * GetOrgUsage: requests per OAuth client for the whole organization in one query, instead of two calls per
 * client. `POST /api/v2/usage/query` (ApiUsageOrganizationQuery, grouped by OAuthClientId, Day granularity)
 * starts it; `GET /api/v2/usage/query/{executionId}/results` (ApiUsageQueryResult) is polled until Complete.
 */
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, idSegment, unexpectedShape } from "./command";
import { summarize, type ApiUsageRow, type ClientUsage } from "./get-client-usage";
import { GetUsageResults, pollUsageResults } from "./usage-results";

const PERMISSION = "usage:organization:view";

class StartOrgQuery extends SingleRequestCommand<{ executionId: string }> {
  readonly operation = "PostUsageQuery";
  readonly method = "POST" as const;
  readonly path = "/api/v2/usage/query";
  // Starting a query changes nothing: safe to repeat.
  readonly idempotent = true;
  override readonly permission = PERMISSION;
  constructor(override readonly body: { interval: string; granularity: string; metrics: string[]; groupBy: string[] }) {
    super();
  }
  parse(response: ApiResponse): { executionId: string } {
    const data = response.data as { executionId?: unknown } | null;
    if (!data || typeof data.executionId !== "string") throw unexpectedShape(this.operation, "expected executionId");
    return { executionId: data.executionId };
  }
}

/** Usage of every client of the org over the last `days` days, by client id (clients without requests absent). */
export class GetOrgUsageCommand implements GenesysCommand<Map<string, ClientUsage>> {
  readonly operation = "GetOrgUsage";
  readonly method = "POST" as const;
  readonly path = "/api/v2/usage/query";
  readonly idempotent = true;
  readonly permission = PERMISSION;

  constructor(
    private readonly days: number,
    private readonly options: { maxPolls?: number; pollIntervalMs?: number } = {},
  ) {}

  async execute(context: CommandContext): Promise<Map<string, ClientUsage>> {
    const to = context.now();
    const interval = `${new Date(to - this.days * 86_400_000).toISOString()}/${new Date(to + 1000).toISOString()}`;
    const { executionId } = await context.request(new StartOrgQuery({ interval, granularity: "Day", metrics: ["Requests"], groupBy: ["OAuthClientId"] }));
    const results = new GetUsageResults("GetUsageQueryResults", `/api/v2/usage/query/${idSegment(executionId)}/results`, PERMISSION);
    const rows = await pollUsageResults(context, results, {
      maxPolls: this.options.maxPolls ?? 60,
      pollIntervalMs: this.options.pollIntervalMs,
      what: "the organization usage query",
    });
    const byClient = new Map<string, ApiUsageRow[]>();
    for (const row of rows) {
      if (!row.clientId) continue;
      const list = byClient.get(row.clientId) ?? [];
      list.push(row);
      byClient.set(row.clientId, list);
    }
    return new Map([...byClient.entries()].map(([id, list]) => [id, summarize(this.days, list)]));
  }
}
