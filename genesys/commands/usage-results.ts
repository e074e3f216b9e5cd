/**
 * The part every usage query shares (client and organization): the results request, polled until the query
 * is Complete (the official SDKs' `ApiUsageQueryResult.queryStatus`: Running, Complete, Failed).
 */
import { GuardError } from "../../core/errors";
import type { ApiUsageRow } from "../../domain/usage";
import { ApiResponse, CommandContext, SingleRequestCommand, unexpectedShape } from "./command";

/** `ApiUsageQueryResult`. */
export interface ApiUsageQueryResult {
  results?: ApiUsageRow[];
  queryStatus?: string;
}

/** GET of one usage query's results at `path`. */
export class GetUsageResults extends SingleRequestCommand<ApiUsageQueryResult> {
  readonly method = "GET" as const;
  readonly idempotent = true;
  constructor(
    readonly operation: string,
    readonly path: string,
    override readonly permission: string,
    override readonly clientId?: string,
  ) {
    super();
  }
  parse(response: ApiResponse): ApiUsageQueryResult {
    const data = response.data as ApiUsageQueryResult | null;
    if (!data || typeof data !== "object") throw unexpectedShape(this.operation, "expected a query result");
    return data;
  }
}

/** How to poll. */
export interface PollOptions {
  /** Polls before giving up. */
  maxPolls: number;
  /** Wait between polls (default 1000 ms). */
  pollIntervalMs?: number;
  /** What the query is about, for messages: `the usage query of client X`. */
  what: string;
}

/** Polls `results` until Complete; the rows. Failed and never-complete queries are GuardErrors. */
export async function pollUsageResults(context: CommandContext, results: GetUsageResults, options: PollOptions): Promise<ApiUsageRow[]> {
  for (let poll = 0; poll < options.maxPolls; poll++) {
    const result = await context.request(results);
    const status = (result.queryStatus ?? "Complete").toLowerCase();
    if (status === "complete") return result.results ?? [];
    if (status === "failed") throw new GuardError("genesys.unexpected", `${options.what} failed`, { operation: results.operation });
    await context.sleep(options.pollIntervalMs ?? 1000);
  }
  throw new GuardError("genesys.unavailable", `${options.what} did not complete after ${options.maxPolls} polls`, {
    operation: results.operation,
    hint: "Try again later, or run with --no-usage",
  });
}
