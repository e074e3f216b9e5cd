/**
 * The OAuth client usage query (the SDKs' ApiUsageClientQuery) and its answer rows (ApiUsageRow), as the
 * official SDKs define them:
 *
 *   ApiUsageClientQuery { interval: "start/end" (ISO-8601); granularity?: Day | Week | Month;
 *     metrics?: (Status200 | Status300 | Status400 | Status500 | Status429 | Requests)[];
 *     groupBy?: (OAuthClientId | OrganizationId | TemplateUri | HttpMethod)[] }
 *   ApiUsageRow { clientId, clientName, organizationId, userId, templateUri, httpMethod, status200,
 *     status300, status400, status500, status429, requests, date? }
 *
 * As the real rows do (Genesys developer-blog samples): a query of one client is grouped by that client
 * (clientId and clientName always filled); a dimension not grouped by is an empty string; `date` (the start
 * of the bucket, `yyyy-MM-ddT00:00:00Z`) appears only with a granularity; status429 is a subset of
 * status400; metrics left out means all of them, named metrics means only those.
 */
import type { ApiUsageRow as DomainUsageRow } from "../domain/usage";
import { ApiError, invalidValue } from "./errors";
import type { UsageRecord } from "./usage";

/** Granularities of ApiUsageClientQuery. */
export const GRANULARITIES = ["Day", "Week", "Month"] as const;
/** Metrics of ApiUsageClientQuery. */
export const METRICS = ["Status200", "Status300", "Status400", "Status500", "Status429", "Requests"] as const;
/** Dimensions of ApiUsageClientQuery.groupBy. */
export const GROUP_BYS = ["OAuthClientId", "OrganizationId", "TemplateUri", "HttpMethod"] as const;

type Granularity = (typeof GRANULARITIES)[number];
type Metric = (typeof METRICS)[number];
type GroupBy = (typeof GROUP_BYS)[number];

/** A validated query. */
export interface UsageQuery {
  from: number;
  to: number;
  granularity?: Granularity;
  metrics: Metric[];
  groupBy: GroupBy[];
}

/** A row as the emulator fills it: every dimension present (empty when not grouped by). */
export type ApiUsageRow = Required<Pick<DomainUsageRow, "clientId" | "clientName" | "organizationId" | "userId" | "templateUri" | "httpMethod">> &
  DomainUsageRow;

/** The client a query is about. */
export interface UsageSubject {
  clientId: string;
  clientName: string;
  organizationId: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function enumList<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidValue(`${field} must be an array; each one of ${allowed.join(", ")}`);
  for (const x of v)
    if (typeof x !== "string" || !allowed.includes(x as T)) throw invalidValue(`${field} value ${String(x)} is not valid; one of ${allowed.join(", ")}`);
  return [...new Set(v as T[])];
}

/** Validate an ApiUsageClientQuery body; 400 invalid.value naming the field otherwise. */
export function parseUsageQuery(body: unknown): UsageQuery {
  if (!isObject(body)) throw new ApiError(400, "bad.request", "The request body must be a JSON object");
  if (typeof body.interval !== "string")
    throw invalidValue("interval is required: an ISO-8601 interval start/end, e.g. 2026-01-01T00:00:00Z/2026-01-08T00:00:00Z");
  const [start, end, extra] = body.interval.split("/");
  const from = Date.parse(start ?? "");
  const to = Date.parse(end ?? "");
  if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to)) throw invalidValue(`interval ${body.interval} is not an ISO-8601 interval start/end`);
  if (from >= to) throw invalidValue(`interval ${body.interval} ends before it starts`);
  const query: UsageQuery = {
    from,
    to,
    metrics: enumList(body, "metrics", METRICS) ?? [...METRICS],
    groupBy: enumList(body, "groupBy", GROUP_BYS) ?? [],
  };
  if (body.granularity !== undefined && body.granularity !== null) {
    if (typeof body.granularity !== "string" || !GRANULARITIES.includes(body.granularity as Granularity)) {
      throw invalidValue(`granularity ${JSON.stringify(body.granularity)} is not valid; one of ${GRANULARITIES.join(", ")}`);
    }
    query.granularity = body.granularity as Granularity;
  }
  return query;
}

/** Start of the UTC bucket holding `at`: the day, the ISO week (Monday) or the month. */
export function bucketStart(at: number, granularity: Granularity): number {
  const d = new Date(at);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (granularity === "Day") return day;
  if (granularity === "Week") return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the form of the real rows' `date`. */
const isoSeconds = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Aggregate `records` (already limited to the subject and the interval) into rows, sorted by date, template, method. */
export function aggregateUsage(records: readonly UsageRecord[], query: UsageQuery, subject: UsageSubject): ApiUsageRow[] {
  const groups = new Map<string, { date?: number; templateUri: string; httpMethod: string; counts: Record<Metric, number> }>();
  const byTemplate = query.groupBy.includes("TemplateUri");
  const byMethod = query.groupBy.includes("HttpMethod");
  for (const r of records) {
    const date = query.granularity ? bucketStart(r.at, query.granularity) : undefined;
    const templateUri = byTemplate ? r.templateUri : "";
    const httpMethod = byMethod ? r.httpMethod : "";
    const key = `${date ?? ""} ${templateUri} ${httpMethod}`;
    let g = groups.get(key);
    if (!g) {
      g = { date, templateUri, httpMethod, counts: { Status200: 0, Status300: 0, Status400: 0, Status500: 0, Status429: 0, Requests: 0 } };
      groups.set(key, g);
    }
    const klass = Math.floor(r.status / 100);
    if (klass === 2) g.counts.Status200 += r.requests;
    if (klass === 3) g.counts.Status300 += r.requests;
    if (klass === 4) g.counts.Status400 += r.requests;
    if (klass === 5) g.counts.Status500 += r.requests;
    if (r.status === 429) g.counts.Status429 += r.requests;
    g.counts.Requests += r.requests;
  }
  const rows = [...groups.values()].sort(
    (a, b) => (a.date ?? 0) - (b.date ?? 0) || a.templateUri.localeCompare(b.templateUri) || a.httpMethod.localeCompare(b.httpMethod),
  );
  return rows.map((g) => {
    const row: ApiUsageRow = {
      clientId: subject.clientId,
      clientName: subject.clientName,
      organizationId: query.groupBy.includes("OrganizationId") ? subject.organizationId : "",
      userId: "",
      templateUri: g.templateUri,
      httpMethod: g.httpMethod,
    };
    for (const m of METRICS) if (query.metrics.includes(m)) row[metricField(m)] = g.counts[m];
    if (g.date !== undefined) row.date = isoSeconds(g.date);
    return row;
  });
}

function metricField(metric: Metric): "status200" | "status300" | "status400" | "status500" | "status429" | "requests" {
  switch (metric) {
    case "Status200":
      return "status200";
    case "Status300":
      return "status300";
    case "Status400":
      return "status400";
    case "Status500":
      return "status500";
    case "Status429":
      return "status429";
    case "Requests":
      return "requests";
  }
}
