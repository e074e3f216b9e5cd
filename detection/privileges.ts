/**
 * Least privilege of OAuth clients: one rule, applied at preview by the policy pack (to our OAuthClient's
 * grant type and role names/ids) and to the live org by `genesys-oauth-guard inventory` (which also knows
 * each role's permissions). Same rule id and the same config keys in both, so one policy config file serves
 * both. Dependency-free (compiled into the pack).
 */

/** Rule id shared by the pack and the inventory. */
export const LEAST_PRIVILEGE_RULE = "genesys-oauth-client-least-privilege";

/** One allowed combination: a grant type and the roles a client of that grant type may hold. */
export interface GrantAllowance {
  /** Grant type, e.g. `CLIENT-CREDENTIALS` (case-insensitive). */
  grantType: string;
  /** Role names or ids a client of this grant type may hold; `*` allows any role not denied. */
  roles: string[];
}

/** Config of the least-privilege rule (policy pack config key `genesys-oauth-client-least-privilege`). */
export interface LeastPrivilegeConfig {
  /** Role names or ids no client-credentials client may hold. */
  denyRoles?: string[];
  /**
   * Permissions that make a role too strong for a client-credentials client (`domain:entity:action`; a held
   * `*` part covers anything: a role holding `oauth:*:*` or `oauth:client:*` holds `oauth:client:add`). Inventory only: the pack
   * does not see permissions.
   */
  denyPermissions?: string[];
  /** When given, every client must match one entry (grant type and all its roles). */
  allowlist?: GrantAllowance[];
}

/** Roles denied by default: the built-in all-powerful roles of a Genesys Cloud org. */
export const DEFAULT_DENY_ROLES: readonly string[] = ["Master Admin", "Admin"];

/**
 * Permissions denied by default: the ones that let a client mint or widen credentials — creating or changing
 * OAuth clients, roles or role grants — and everything (`*`). Viewing clients or roles is not denied.
 */
export const DEFAULT_DENY_PERMISSIONS: readonly string[] = [
  "oauth:client:add",
  "oauth:client:edit",
  "authorization:role:add",
  "authorization:role:edit",
  "authorization:grant:add",
  "*",
];

/** The effective config (defaults filled in). */
export function resolveLeastPrivilege(
  config: LeastPrivilegeConfig = {},
): Required<Omit<LeastPrivilegeConfig, "allowlist">> & Pick<LeastPrivilegeConfig, "allowlist"> {
  return {
    denyRoles: config.denyRoles ?? [...DEFAULT_DENY_ROLES],
    denyPermissions: config.denyPermissions ?? [...DEFAULT_DENY_PERMISSIONS],
    allowlist: config.allowlist,
  };
}

/** Splits a permission into its three parts (`oauth:client` → `oauth:client:*`, `*` → `*:*:*`). */
function parts(permission: string): [string, string, string] {
  const p = permission.trim().toLowerCase().split(":");
  return [p[0] || "*", p[1] ?? "*", p[2] ?? "*"];
}

/**
 * True when holding `held` grants everything `denied` names (each part: equal, or `*` in `held`). A role
 * with `oauth:*:*` holds `oauth:client:*`; a role with `oauth:client:view` does not hold `oauth:client:*`.
 */
export function permissionCovers(held: string, denied: string): boolean {
  const h = parts(held);
  const d = parts(denied);
  return h.every((part, i) => part === "*" || part === d[i]);
}

/** The denied permissions (as configured) a role's permission list covers. */
export function deniedPermissions(held: readonly string[], denyPermissions: readonly string[]): string[] {
  return denyPermissions.filter((denied) => held.some((h) => permissionCovers(h, denied)));
}

/** True when `role` (a name or an id) is in `denyRoles` (case-insensitive). */
export function isDeniedRole(role: { id?: string; name?: string }, denyRoles: readonly string[]): boolean {
  const wanted = new Set(denyRoles.map((r) => r.trim().toLowerCase()));
  return (role.id !== undefined && wanted.has(role.id.toLowerCase())) || (role.name !== undefined && wanted.has(role.name.toLowerCase()));
}

/**
 * Why a client's grant type and roles do not match the allowlist, or undefined when they do (or when no
 * allowlist is configured). Roles are matched by name or id, case-insensitively.
 */
export function allowlistMismatch(
  grantType: string,
  roles: readonly { id?: string; name?: string }[],
  allowlist: readonly GrantAllowance[] | undefined,
): string | undefined {
  if (!allowlist) return undefined;
  const entries = allowlist.filter((a) => a.grantType.toUpperCase() === grantType.toUpperCase());
  if (entries.length === 0) return `grant type ${grantType} is not in the allowlist`;
  const allowed = (role: { id?: string; name?: string }, entry: GrantAllowance): boolean =>
    entry.roles.includes("*") || entry.roles.some((r) => r.toLowerCase() === role.name?.toLowerCase() || r.toLowerCase() === role.id?.toLowerCase());
  if (entries.some((entry) => roles.every((role) => allowed(role, entry)))) return undefined;
  const outside = roles.filter((role) => !entries.some((entry) => allowed(role, entry))).map((r) => r.name ?? r.id ?? "?");
  return `role${outside.length === 1 ? "" : "s"} ${outside.join(", ")} not allowed for grant type ${grantType}`;
}
