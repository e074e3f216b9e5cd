/**
 * One inventory run: the org's clients, roles, divisions and usage (collect.ts), the stacks that manage them
 * (managed.ts), the age of their stored secrets (secret-age.ts), joined per client and judged (judge.ts).
 */
import type { Source } from "../audit/sources";
import type { GenesysClient } from "../genesys/client";
import { collectOrgFacts } from "./collect";
import { judge } from "./judge";
import { findManagedClients } from "./managed";
import type { InventoryConfig } from "./rules";
import { readSecretIssues, type StoredIssue } from "./secret-age";
import type { HeldRole, InventoryClient, InventoryReport } from "./types";

/** Options of {@link runInventory}. */
export interface InventoryOptions {
  genesys: GenesysClient;
  /** Stacks to join with (current state only). */
  sources: readonly Source[];
  config: InventoryConfig;
  /** Read the stores named in the stacks for secret ages. Default true. */
  readStores?: boolean;
  /** Progress lines (stderr). */
  progress?: (line: string) => void;
  /** Clock (tests). */
  now?: () => number;
  /** Usage query poll interval (tests). */
  pollIntervalMs?: number;
}

/** Runs the inventory. Never holds a secret beyond the store read that dates it. */
export async function runInventory(options: InventoryOptions): Promise<InventoryReport> {
  const now = options.now ?? Date.now;
  const progress = options.progress ?? (() => undefined);
  const notes: string[] = [];
  const failures: string[] = [];
  const managed = await findManagedClients(options.sources);
  failures.push(...managed.notes);
  if (options.sources.length > 0) progress(`stacks: ${managed.byClientId.size} managed client id(s) in ${managed.inputs} input(s)`);
  progress("listing the org's OAuth clients, roles and divisions");
  let lastShown = 0;
  const facts = await collectOrgFacts(options.genesys, {
    usageDays: options.config.usageDays,
    pollIntervalMs: options.pollIntervalMs,
    onUsageProgress: (done, total) => {
      if (done === total || now() - lastShown >= 2000) {
        lastShown = now();
        progress(`usage: ${done}/${total} client(s)`);
      }
    },
  });
  notes.push(...facts.notes);
  failures.push(...facts.failures);
  const references = new Set<string>();
  for (const list of managed.byClientId.values()) for (const m of list) if (m.storeReference) references.add(m.storeReference);
  const issues = options.readStores === false ? new Map<string, StoredIssue>() : await readSecretIssues(references, (n) => notes.push(n));

  const orgIds = new Set(facts.clients.map((c) => c.id));
  const clients: InventoryClient[] = facts.clients.map((c) => {
    const managedBy = managed.byClientId.get(c.id) ?? [];
    const issue = managedBy.map((m) => (m.storeReference ? issues.get(m.storeReference) : undefined)).find((i) => i?.clientId === c.id);
    const roles: HeldRole[] = (c.roleDivisions ?? []).map((rd) => {
      const role = facts.roles.get(rd.roleId);
      const division = facts.divisions.get(rd.divisionId);
      return {
        roleId: rd.roleId,
        ...(role ? { roleName: role.name } : {}),
        divisionId: rd.divisionId,
        ...(division ? { divisionName: division.name } : {}),
        ...(role && Array.isArray(role.permissions) ? { permissions: role.permissions } : {}),
      };
    });
    const usage = facts.usage.get(c.id);
    return {
      id: c.id,
      name: c.name,
      grantType: c.authorizedGrantType,
      state: c.state ?? "active",
      ...(c.dateCreated ? { dateCreated: c.dateCreated } : {}),
      ...(c.createdBy?.id ? { createdBy: c.createdBy.id } : {}),
      roles,
      managedBy,
      ...(issue ? { secretIssuedAt: issue.rotatedAt } : {}),
      ...(usage ? { requests: usage.requests, ...(usage.lastUsed ? { lastUsed: usage.lastUsed } : {}) } : {}),
    };
  });
  const missing = [...managed.byClientId.entries()].filter(([id]) => !orgIds.has(id)).flatMap(([clientId, list]) => list.map((m) => ({ ...m, clientId })));
  return {
    generatedAt: new Date(now()).toISOString(),
    usageDays: options.config.usageDays,
    clients,
    missing,
    verdicts: judge(clients, missing, options.config, now()),
    notes,
    failures,
  };
}
