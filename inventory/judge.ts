/**
 * Verdicts from the joined facts: one function per rule, each reading only the client's facts and the config.
 */
import { allowlistMismatch, deniedPermissions, isDeniedRole, resolveLeastPrivilege } from "../detection/privileges";
import type { Severity } from "../detection/types";
import { INVENTORY_RULES, INVENTORY_RULE_IDS, type InventoryConfig } from "./rules";
import type { InventoryClient, ManagedBy, Verdict } from "./types";

const DAY = 86_400_000;

function verdict(rule: string, client: { id: string; name: string }, message: string, severity?: Severity): Verdict {
  return { rule, severity: severity ?? INVENTORY_RULES[rule].severity, clientId: client.id, clientName: client.name, message };
}

function ageDays(iso: string | undefined, now: number): number | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? (now - t) / DAY : undefined;
}

/** Least privilege: denied roles/permissions of client-credentials clients, and the allowlist. */
function leastPrivilege(client: InventoryClient, config: InventoryConfig): Verdict[] {
  const lp = resolveLeastPrivilege(config.leastPrivilege);
  const out: Verdict[] = [];
  if (client.grantType.toUpperCase() === "CLIENT-CREDENTIALS") {
    for (const role of client.roles) {
      const label = `${role.roleName ?? role.roleId} on ${role.divisionId === "*" ? "all divisions" : (role.divisionName ?? role.divisionId)}`;
      const reasons: string[] = [];
      if (isDeniedRole({ id: role.roleId, name: role.roleName }, lp.denyRoles)) reasons.push("a denied role");
      const perms = deniedPermissions(role.permissions ?? [], lp.denyPermissions);
      if (perms.length > 0) reasons.push(`grants ${perms.join(", ")}`);
      if (reasons.length === 0) continue;
      out.push(verdict(INVENTORY_RULE_IDS.leastPrivilege, client, `holds ${label}: ${reasons.join("; ")}`, role.divisionId === "*" ? "critical" : "high"));
    }
  }
  const mismatch = allowlistMismatch(
    client.grantType,
    client.roles.map((r) => ({ id: r.roleId, name: r.roleName })),
    lp.allowlist,
  );
  if (mismatch) out.push(verdict(INVENTORY_RULE_IDS.leastPrivilege, client, mismatch));
  return out;
}

/** Every verdict about `clients` and the stack resources whose client is gone. */
export function judge(
  clients: readonly InventoryClient[],
  missing: readonly (ManagedBy & { clientId: string })[],
  config: InventoryConfig,
  now: number,
): Verdict[] {
  const on = (rule: string): boolean => !config.disabled.has(rule);
  const out: Verdict[] = [];
  for (const client of clients) {
    if (on(INVENTORY_RULE_IDS.unmanaged) && client.managedBy.length === 0)
      out.push(verdict(INVENTORY_RULE_IDS.unmanaged, client, "in none of the stacks given"));
    if (on(INVENTORY_RULE_IDS.managedTwice) && client.managedBy.length > 1) {
      out.push(
        verdict(
          INVENTORY_RULE_IDS.managedTwice,
          client,
          `managed by ${client.managedBy.length} resources: ${client.managedBy.map((m) => `${m.stack} ${m.urn}`).join(", ")}`,
        ),
      );
    }
    if (on(INVENTORY_RULE_IDS.unused) && config.usageDays > 0 && client.requests === 0) {
      const created = ageDays(client.dateCreated, now);
      if (created === undefined || created >= config.usageDays)
        out.push(verdict(INVENTORY_RULE_IDS.unused, client, `no API request in the last ${config.usageDays} days`));
    }
    if (on(INVENTORY_RULE_IDS.inactive) && (client.state === "inactive" || client.state === "disabled"))
      out.push(verdict(INVENTORY_RULE_IDS.inactive, client, `state ${client.state}, not deleted`));
    if (on(INVENTORY_RULE_IDS.leastPrivilege)) out.push(...leastPrivilege(client, config));
    const age = ageDays(client.secretIssuedAt, now);
    if (on(INVENTORY_RULE_IDS.staleSecret) && age !== undefined && age > config.maxSecretAgeDays) {
      out.push(verdict(INVENTORY_RULE_IDS.staleSecret, client, `secret issued ${Math.floor(age)} days ago (maximum ${config.maxSecretAgeDays})`));
    }
  }
  if (on(INVENTORY_RULE_IDS.missing)) {
    for (const m of missing)
      out.push(
        verdict(
          INVENTORY_RULE_IDS.missing,
          { id: m.clientId, name: m.urn.split("::").pop() ?? m.urn },
          `${m.stack} ${m.urn} manages a client the org does not have`,
        ),
      );
  }
  return out;
}
