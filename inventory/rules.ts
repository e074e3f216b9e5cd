/**
 * The inventory's rules, as data: id, severity, what it means and what to do. Thresholds and enforcement
 * come from flags or from a config file in the policy pack's format (`{"all": {...}, "<rule id>": {...}}`);
 * the least-privilege rule shares its id and config keys with the pack's rule of the same name.
 */
import { LEAST_PRIVILEGE_RULE, type LeastPrivilegeConfig } from "../detection/privileges";
import type { Severity } from "../detection/types";

/** One inventory rule. */
export interface InventoryRule {
  id: string;
  severity: Severity;
  description: string;
  remediation: string;
}

/** Rule ids. */
export const INVENTORY_RULE_IDS = {
  unmanaged: "genesys-client-unmanaged",
  managedTwice: "genesys-client-managed-twice",
  missing: "genesys-client-missing",
  unused: "genesys-client-unused",
  inactive: "genesys-client-inactive-undeleted",
  leastPrivilege: LEAST_PRIVILEGE_RULE,
  staleSecret: "genesys-client-secret-stale",
} as const;

/** Every rule by id. */
export const INVENTORY_RULES: Readonly<Record<string, InventoryRule>> = {
  [INVENTORY_RULE_IDS.unmanaged]: {
    id: INVENTORY_RULE_IDS.unmanaged,
    severity: "low",
    description: "A client no stack given manages (made by hand, or by a stack not audited)",
    remediation: "Adopt it into a stack (new OAuthClient(..., { import: id })), or delete it if nobody owns it.",
  },
  [INVENTORY_RULE_IDS.managedTwice]: {
    id: INVENTORY_RULE_IDS.managedTwice,
    severity: "high",
    description: "A client that more than one stack resource manages: their updates and rotations fight",
    remediation: "Keep it in one stack; `pulumi state delete <urn>` in the others (the client stays).",
  },
  [INVENTORY_RULE_IDS.missing]: {
    id: INVENTORY_RULE_IDS.missing,
    severity: "medium",
    description: "A stack resource whose client no longer exists in the org (deleted outside Pulumi)",
    remediation: "`pulumi refresh` the stack, then `pulumi up` recreates it (or remove the resource from the program).",
  },
  [INVENTORY_RULE_IDS.unused]: {
    id: INVENTORY_RULE_IDS.unused,
    severity: "medium",
    description: "A client with no API request in the usage window",
    remediation: "Confirm with its owner and delete it; an unused credential is only risk.",
  },
  [INVENTORY_RULE_IDS.inactive]: {
    id: INVENTORY_RULE_IDS.inactive,
    severity: "low",
    description: "A client set inactive or disabled and left undeleted",
    remediation: "Delete it (its secret still exists), or reactivate it through its stack.",
  },
  [INVENTORY_RULE_IDS.leastPrivilege]: {
    id: INVENTORY_RULE_IDS.leastPrivilege,
    severity: "high",
    description: "A client-credentials client holding a denied role or permission (critical on all divisions), or outside the grant/role allowlist",
    remediation: "Grant a role with only the permissions the integration uses, in the divisions it needs; never roles that manage OAuth clients or roles.",
  },
  [INVENTORY_RULE_IDS.staleSecret]: {
    id: INVENTORY_RULE_IDS.staleSecret,
    severity: "medium",
    description: "A managed client whose stored secret is older than the maximum age",
    remediation: 'Set `rotation: { every: "30d" }` on the OAuthClient, or rotate now: genesys-oauth-guard rotate --client-id <id> --store <ref>.',
  },
};

/** Thresholds and switches of the inventory. */
export interface InventoryConfig {
  /** Usage window in days (0: usage not read, the unused rule off). */
  usageDays: number;
  /** Oldest acceptable secret, in days. */
  maxSecretAgeDays: number;
  leastPrivilege: LeastPrivilegeConfig;
  /** Rules switched off (`enforcementLevel: "disabled"`). */
  disabled: Set<string>;
}

/** Defaults: a 30-day usage window, 90-day secrets, the default deny lists, every rule on. */
export function defaultInventoryConfig(): InventoryConfig {
  return { usageDays: 30, maxSecretAgeDays: 90, leastPrivilege: {}, disabled: new Set() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${where} must be a list of strings`);
  return value;
}

/**
 * Applies a config file (the policy pack's format) over `base`. Keys: `all.enforcementLevel`,
 * `<rule>.enforcementLevel` (`disabled` switches a rule off), `genesys-client-unused.days`,
 * `genesys-client-secret-stale.maxAgeDays`, and the least-privilege rule's `denyRoles`, `denyPermissions`,
 * `allowlist`. Unknown rule ids are ignored (the pack's other rules may share the file). Throws with the
 * offending key on a bad value.
 */
export function applyConfigFile(base: InventoryConfig, file: unknown): InventoryConfig {
  if (!isRecord(file)) throw new Error("the config file must hold a JSON object");
  const config: InventoryConfig = { ...base, leastPrivilege: { ...base.leastPrivilege }, disabled: new Set(base.disabled) };
  const all = isRecord(file.all) ? file.all : {};
  for (const id of Object.keys(INVENTORY_RULES)) {
    const entry = isRecord(file[id]) ? file[id] : {};
    const level = entry.enforcementLevel ?? all.enforcementLevel;
    if (level === "disabled") config.disabled.add(id);
    else if (level !== undefined) config.disabled.delete(id);
  }
  const unused = file[INVENTORY_RULE_IDS.unused];
  if (isRecord(unused) && unused.days !== undefined) {
    if (typeof unused.days !== "number" || !(unused.days >= 1 && unused.days <= 365))
      throw new Error(`${INVENTORY_RULE_IDS.unused}.days must be a number of days from 1 to 365`);
    config.usageDays = Math.floor(unused.days);
  }
  const stale = file[INVENTORY_RULE_IDS.staleSecret];
  if (isRecord(stale) && stale.maxAgeDays !== undefined) {
    if (typeof stale.maxAgeDays !== "number" || !(stale.maxAgeDays > 0))
      throw new Error(`${INVENTORY_RULE_IDS.staleSecret}.maxAgeDays must be a positive number`);
    config.maxSecretAgeDays = stale.maxAgeDays;
  }
  const lp = file[INVENTORY_RULE_IDS.leastPrivilege];
  if (isRecord(lp)) {
    const where = INVENTORY_RULE_IDS.leastPrivilege;
    if (lp.denyRoles !== undefined) config.leastPrivilege.denyRoles = stringList(lp.denyRoles, `${where}.denyRoles`);
    if (lp.denyPermissions !== undefined) config.leastPrivilege.denyPermissions = stringList(lp.denyPermissions, `${where}.denyPermissions`);
    if (lp.allowlist !== undefined) {
      if (!Array.isArray(lp.allowlist)) throw new Error(`${where}.allowlist must be a list of {grantType, roles}`);
      config.leastPrivilege.allowlist = lp.allowlist.map((a, i) => {
        if (!isRecord(a) || typeof a.grantType !== "string") throw new Error(`${where}.allowlist[${i}].grantType must be a string`);
        return { grantType: a.grantType, roles: stringList(a.roles ?? [], `${where}.allowlist[${i}].roles`) };
      });
    }
  }
  return config;
}
