/**
 * The API usage the emulator records per OAuth client, for the usage API (routes/usage.ts): every API
 * request made with a token of a client counts for that client, with its time, the route's template
 * (`api/v2/oauth/clients/{clientId}`, no leading slash, as the real usage rows show it), the HTTP method
 * and the answer's status. Tests can add history (POST /__emulator/usage) for dates before the emulator ran.
 *
 * Fidelity note: the real usage data is about a day old (refreshed daily); the emulator's is live, so a
 * test sees its own traffic at once.
 */

/** Requests of one client with one template, method and status at one time. */
export interface UsageRecord {
  clientId: string;
  /** Epoch milliseconds. */
  at: number;
  templateUri: string;
  httpMethod: string;
  status: number;
  requests: number;
}

/** One historical entry, as POSTed to /__emulator/usage. */
export interface UsageSeedEntry {
  /** ISO-8601 date or date-time of the requests. */
  date: string;
  /** How many requests (default 1). */
  requests?: number;
  /** Their HTTP status (default 200). */
  status?: number;
  /** Template, with or without a leading slash (default `api/v2/oauth/clients`). */
  templateUri?: string;
  /** Default GET. */
  httpMethod?: string;
}

/** The body of POST /__emulator/usage. */
export interface UsageSeed {
  clientId: string;
  entries: UsageSeedEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validate a POST /__emulator/usage body; throws an Error naming what is wrong. */
export function parseUsageSeed(body: unknown): UsageSeed {
  if (!isObject(body)) throw new Error("the body must be a JSON object {clientId, entries: [...]}");
  if (typeof body.clientId !== "string" || body.clientId === "") throw new Error("clientId is required");
  if (!Array.isArray(body.entries) || body.entries.length === 0) throw new Error("entries must be a non-empty array");
  const entries = body.entries.map((e: unknown, i: number): UsageSeedEntry => {
    if (!isObject(e)) throw new Error(`entries[${i}] must be an object`);
    if (typeof e.date !== "string" || Number.isNaN(Date.parse(e.date))) throw new Error(`entries[${i}].date must be an ISO-8601 date or date-time`);
    const out: UsageSeedEntry = { date: e.date };
    if (e.requests !== undefined) {
      if (typeof e.requests !== "number" || !Number.isInteger(e.requests) || e.requests < 1)
        throw new Error(`entries[${i}].requests must be a whole number >= 1`);
      out.requests = e.requests;
    }
    if (e.status !== undefined) {
      if (typeof e.status !== "number" || !Number.isInteger(e.status) || e.status < 100 || e.status > 599)
        throw new Error(`entries[${i}].status must be an HTTP status (100-599)`);
      out.status = e.status;
    }
    if (e.templateUri !== undefined) {
      if (typeof e.templateUri !== "string" || e.templateUri === "") throw new Error(`entries[${i}].templateUri must be a non-empty string`);
      out.templateUri = e.templateUri;
    }
    if (e.httpMethod !== undefined) {
      if (typeof e.httpMethod !== "string" || !/^[A-Za-z]+$/.test(e.httpMethod)) throw new Error(`entries[${i}].httpMethod must be an HTTP method`);
      out.httpMethod = e.httpMethod;
    }
    return out;
  });
  return { clientId: body.clientId, entries };
}

/** `/api/v2/x/{id}` → `api/v2/x/{id}` (the usage rows' form). */
export const usageTemplate = (template: string): string => template.replace(/^\/+/, "");

/** Every recorded request of every client, in memory. */
export class UsageRecorder {
  private records: UsageRecord[] = [];
  /** Live requests of the same client, second, template, method and status share one record (memory stays bounded). */
  private readonly live = new Map<string, UsageRecord>();

  /** Count one request of `clientId` (kept to the second: the usage API's finest bucket is a day). */
  record(clientId: string, at: number, template: string, httpMethod: string, status: number): void {
    const second = at - (at % 1000);
    const templateUri = usageTemplate(template);
    const method = httpMethod.toUpperCase();
    const key = `${clientId} ${second} ${templateUri} ${method} ${status}`;
    const existing = this.live.get(key);
    if (existing) {
      existing.requests += 1;
      return;
    }
    const record: UsageRecord = { clientId, at: second, templateUri, httpMethod: method, status, requests: 1 };
    this.live.set(key, record);
    this.records.push(record);
  }

  /** Add history for a client; returns how many requests were added. */
  seed(seed: UsageSeed): number {
    let added = 0;
    for (const e of seed.entries) {
      const requests = e.requests ?? 1;
      this.records.push({
        clientId: seed.clientId,
        at: Date.parse(e.date),
        templateUri: usageTemplate(e.templateUri ?? "/api/v2/oauth/clients"),
        httpMethod: (e.httpMethod ?? "GET").toUpperCase(),
        status: e.status ?? 200,
        requests,
      });
      added += requests;
    }
    return added;
  }

  /** The records of `clientId` with `from <= at < to`. */
  recordsOf(clientId: string, from: number, to: number): UsageRecord[] {
    return this.records.filter((r) => r.clientId === clientId && r.at >= from && r.at < to);
  }

  /** Every record with `from <= at < to` (the organization query). */
  recordsBetween(from: number, to: number): UsageRecord[] {
    return this.records.filter((r) => r.at >= from && r.at < to);
  }

  /** Forget everything. */
  reset(): void {
    this.records = [];
    this.live.clear();
  }

  /** How many requests are recorded per client (for GET /__emulator/usage). */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) out[r.clientId] = (out[r.clientId] ?? 0) + r.requests;
    return out;
  }
}
