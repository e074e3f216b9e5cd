/**
 * The org's side of the inventory, read through the one Genesys client: every OAuth client, the roles (with
 * their permissions) and divisions to name what each client holds, and each client's usage over a window.
 * Everything goes through the rate pacer. Usage comes from one organization query (grouped by client); when
 * that is refused, from per-client queries, a few at a time. Failures to read roles,
 * divisions or usage become notes (the inventory still lists the clients); a failure to list clients fails.
 */
import { isGuardError } from "../core/errors";
import type { GenesysClient } from "../genesys/client";
import { GetClientUsageCommand, type ClientUsage } from "../genesys/commands/get-client-usage";
import { GetOrgUsageCommand } from "../genesys/commands/get-org-usage";
import { ListDivisionsCommand } from "../genesys/commands/list-divisions";
import type { Division, OAuthClient, Role } from "../genesys/models";

/** What was read from the org. */
export interface OrgFacts {
  clients: OAuthClient[];
  roles: Map<string, Role>;
  divisions: Map<string, Division>;
  /** Usage by client id (absent: not read or failed). */
  usage: Map<string, ClientUsage>;
  notes: string[];
  /** Facts that could not be read although asked for (the report is partial). */
  failures: string[];
}

/** Options of {@link collectOrgFacts}. */
export interface CollectOptions {
  /** Usage window in days; 0 skips usage. */
  usageDays: number;
  /** Usage queries in flight at once. Default 4. */
  concurrency?: number;
  /** Progress: `done` of `total` usage queries. */
  onUsageProgress?: (done: number, total: number) => void;
  /** Poll interval of usage queries (tests). */
  pollIntervalMs?: number;
}

function reason(error: unknown): string {
  return isGuardError(error) ? `${error.code}: ${error.message}` : String((error as Error | undefined)?.message ?? error);
}

/** Reads clients, roles, divisions and usage. */
export async function collectOrgFacts(genesys: GenesysClient, options: CollectOptions): Promise<OrgFacts> {
  const notes: string[] = [];
  const failures: string[] = [];
  const clients = (await genesys.listClients()).filter((c) => c.state !== "deleted");
  const roles = new Map<string, Role>();
  try {
    for (const role of await genesys.listRoles()) roles.set(role.id, role);
  } catch (error) {
    failures.push(`roles not readable (role names and permissions unknown; needs authorization:role:view): ${reason(error)}`);
  }
  const divisions = new Map<string, Division>();
  try {
    for (const division of await genesys.send(new ListDivisionsCommand())) divisions.set(division.id, division);
  } catch (error) {
    notes.push(`divisions not readable (division names unknown): ${reason(error)}`);
  }
  const usage = new Map<string, ClientUsage>();
  let perClient = false;
  if (options.usageDays > 0 && clients.length > 0) {
    // One organization query for every client; per-client queries (2 calls each) only when it is refused.
    try {
      const org = await genesys.send(new GetOrgUsageCommand(options.usageDays, { pollIntervalMs: options.pollIntervalMs }));
      for (const c of clients) usage.set(c.id, org.get(c.id) ?? { days: options.usageDays, requests: 0, rows: [] });
      options.onUsageProgress?.(clients.length, clients.length);
    } catch (error) {
      if (!isGuardError(error) || (error.code !== "genesys.forbidden" && error.code !== "genesys.not-found")) throw error;
      notes.push(`the organization usage query was refused (${error.code}; it needs usage:organization:view): usage read per client, 2 calls each`);
      perClient = true;
    }
  }
  if (perClient) {
    let next = 0;
    let done = 0;
    let failed = 0;
    let firstFailure = "";
    const worker = async (): Promise<void> => {
      for (let i = next++; i < clients.length; i = next++) {
        const client = clients[i];
        try {
          usage.set(client.id, await genesys.send(new GetClientUsageCommand(client.id, { days: options.usageDays, pollIntervalMs: options.pollIntervalMs })));
        } catch (error) {
          if (isGuardError(error) && error.code === "genesys.unauthorized") throw error;
          failed++;
          firstFailure ||= reason(error);
        }
        options.onUsageProgress?.(++done, clients.length);
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, clients.length));
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    if (failed > 0)
      failures.push(
        `usage not readable for ${failed} of ${clients.length} client(s) (usage unknown there; needs oauth:client:view or usage:client:view): ${firstFailure}`,
      );
  }
  if (clients.length === 0 && notes.length === 0) notes.push("the org has no OAuth clients");
  return { clients, roles, divisions, usage, notes, failures };
}
