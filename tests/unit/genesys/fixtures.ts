/** Shared fixtures of the Genesys client tests: a client against a ScriptServer with a fake-sleep retry policy. */
import { RetryPolicy, classifyGuardError } from "../../../core/retry";
import { GenesysClient } from "../../../genesys/client";
import { resolveGenesysSettings } from "../../../genesys/settings";
import { TokenCache } from "../../../genesys/token";
import type { ScriptServer } from "./script-server";

/** The admin credentials used by the tests. */
export const ADMIN_ID = "admin-client-id-0001";
export const ADMIN_SECRET = "AdminSecret-XyZ-123456";

/** A client and the waits its retry policy slept. */
export interface TestClient {
  client: GenesysClient;
  waits: number[];
  sleeps: number[];
  cache: TokenCache;
}

/** A GenesysClient against `server` whose retry policy records waits instead of sleeping. */
export function testClient(
  server: ScriptServer,
  opts: { maxAttempts?: number; clientId?: string; clientSecret?: string; now?: () => number } = {},
): TestClient {
  const waits: number[] = [];
  const sleeps: number[] = [];
  const retry = new RetryPolicy(
    { maxAttempts: opts.maxAttempts ?? 4, baseDelayMs: 100, maxDelayMs: 1000 },
    classifyGuardError,
    async (ms) => {
      waits.push(ms);
    },
    () => 0.5,
  );
  const cache = new TokenCache(opts.now);
  const settings = resolveGenesysSettings(
    { clientId: opts.clientId ?? ADMIN_ID, clientSecret: opts.clientSecret ?? ADMIN_SECRET, apiBaseUrl: server.baseUrl, timeoutMs: 5000 },
    {},
  );
  const client = new GenesysClient(settings, {
    retryPolicy: retry,
    tokenCache: cache,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, waits, sleeps, cache };
}

/** A minimal OAuth client body. */
export function clientBody(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `client ${id}`,
    authorizedGrantType: "CLIENT-CREDENTIALS",
    accessTokenValiditySeconds: 86400,
    roleDivisions: [{ roleId: "role-1", divisionId: "*" }],
    state: "active",
    dateCreated: "2026-01-01T00:00:00Z",
    selfUri: `/api/v2/oauth/clients/${id}`,
    ...extra,
  };
}
