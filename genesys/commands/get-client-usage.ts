/**
 * GetClientUsage: requests made with an OAuth client's tokens in the last N days.
 * `GET /api/v2/oauth/clients/{id}/usage/summary?days=N` starts a query (`UsageExecutionResult`), then
 * `GET /api/v2/oauth/clients/{id}/usage/query/results/{executionId}` is polled until `queryStatus` is
 * `Complete` (`ApiUsageQueryResult` with `ApiUsageRow`s), as the official SDKs model them.
 */
import type { ApiUsageRow } from "../../domain/usage";
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, idSegment, unexpectedShape } from "./command";
import { GetUsageResults, pollUsageResults } from "./usage-results";

export type { ApiUsageRow } from "../../domain/usage";

/** Usage of one client over a window. */
export interface ClientUsage {
  days: number;
  /** Requests in the window (sum of the rows' `requests`). */
  requests: number;
  /** Latest `date` of a row with requests, if any. */
  lastUsed?: string;
  rows: ApiUsageRow[];
}

interface UsageExecutionResult {
  executionId?: string;
  resultsUri?: string;
}

class StartUsageSummary extends SingleRequestCommand<UsageExecutionResult> {
  readonly operation = "GetClientUsageSummary";
  readonly method = "GET" as const;
  readonly idempotent = true;
  override readonly permission = "oauth:client:view";
  readonly path: string;
  constructor(
    override readonly clientId: string,
    days: number,
  ) {
    super();
    this.path = `/api/v2/oauth/clients/${idSegment(clientId)}/usage/summary`;
    this.query = { days: String(days) };
  }
  override readonly query: Record<string, string>;
  parse(response: ApiResponse): UsageExecutionResult {
    const data = response.data as UsageExecutionResult | null;
    if (!data || typeof data.executionId !== "string") throw unexpectedShape(this.operation, "expected executionId");
    return data;
  }
}

/** Options of {@link GetClientUsageCommand}. */
export interface GetClientUsageOptions {
  /** Window in days (1–365, default 30). */
  days?: number;
  /** Polls of the result before giving up (default 30). */
  maxPolls?: number;
  /** Wait between polls (default 1000 ms). */
  pollIntervalMs?: number;
}

/** Requests made with one client's tokens in the last N days. */
export class GetClientUsageCommand implements GenesysCommand<ClientUsage> {
  readonly operation = "GetClientUsage";
  readonly method = "GET" as const;
  readonly idempotent = true;
  readonly permission = "oauth:client:view";
  readonly path: string;
  private readonly days: number;

  constructor(
    readonly clientId: string,
    private readonly options: GetClientUsageOptions = {},
  ) {
    this.days = Math.min(365, Math.max(1, Math.floor(options.days ?? 30)));
    this.path = `/api/v2/oauth/clients/${idSegment(clientId)}/usage/summary`;
  }

  async execute(context: CommandContext): Promise<ClientUsage> {
    const started = await context.request(new StartUsageSummary(this.clientId, this.days));
    const results = new GetUsageResults(
      "GetClientUsageQueryResult",
      `/api/v2/oauth/clients/${idSegment(this.clientId)}/usage/query/results/${idSegment(started.executionId ?? "")}`,
      this.permission,
      this.clientId,
    );
    const rows = await pollUsageResults(context, results, {
      maxPolls: this.options.maxPolls ?? 30,
      pollIntervalMs: this.options.pollIntervalMs,
      what: `the usage query of client ${this.clientId}`,
    });
    return summarize(this.days, rows);
  }
}

/** Totals of a usage result. */
export function summarize(days: number, rows: ApiUsageRow[]): ClientUsage {
  let requests = 0;
  let lastUsed: string | undefined;
  for (const row of rows) {
    const n =
      typeof row.requests === "number"
        ? row.requests
        : (row.status200 ?? 0) + (row.status300 ?? 0) + (row.status400 ?? 0) + (row.status500 ?? 0) + (row.status429 ?? 0);
    requests += n;
    if (n > 0 && row.date && (!lastUsed || row.date > lastUsed)) lastUsed = row.date;
  }
  return { days, requests, lastUsed, rows };
}
