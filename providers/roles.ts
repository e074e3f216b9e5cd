/**
 * Role grants → Genesys role/division pairs, and the comparisons diff and read need.
 */
import { GuardError } from "../core/errors";
import type { GenesysApi, GenesysRole } from "./ports";
import type { RoleDivision, RoleGrant } from "./types";

/**
 * Resolve role names/ids to role ids (an id match wins over a name match) and fill in the home division
 * where none is given. Calls listRoles (and getHomeDivisionId when needed) only when there are roles.
 */
export async function resolveRoles(genesys: GenesysApi, grants: RoleGrant[]): Promise<RoleDivision[]> {
  if (grants.length === 0) return [];
  const roles = await genesys.listRoles();
  let home: string | undefined;
  const out: RoleDivision[] = [];
  for (const grant of grants) {
    const roleId = pickRole(roles, grant.role).id;
    const divisionId = grant.division ?? (home ??= await genesys.getHomeDivisionId());
    if (!out.some((rd) => rd.roleId === roleId && rd.divisionId === divisionId)) out.push({ roleId, divisionId });
  }
  return out;
}

function pickRole(roles: GenesysRole[], wanted: string): GenesysRole {
  const byId = roles.find((r) => r.id === wanted);
  if (byId) return byId;
  let byName = roles.filter((r) => r.name === wanted);
  if (byName.length === 0) byName = roles.filter((r) => r.name.toLowerCase() === wanted.toLowerCase());
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw new GuardError("input.invalid", `More than one role is named "${wanted}"`, {
      hint: `Give the role by id instead: ${byName.map((r) => r.id).join(", ")}`,
    });
  }
  const names = roles.map((r) => r.name).sort();
  throw new GuardError("input.invalid", `No role with id or name "${wanted}" in this organisation`, {
    hint: `Roles the admin client can see: ${names.slice(0, 25).join(", ")}${names.length > 25 ? ", ..." : ""}`,
  });
}

/** Order-independent equality of role/division pairs. */
export function sameRoleDivisions(a: RoleDivision[] | undefined, b: RoleDivision[] | undefined): boolean {
  const key = (list: RoleDivision[] | undefined): string => JSON.stringify((list ?? []).map((rd) => `${rd.roleId}\u0000${rd.divisionId}`).sort());
  return key(a) === key(b);
}

/** Order-independent equality of role grants as given by the user. */
export function sameRoleGrants(a: RoleGrant[] | undefined, b: RoleGrant[] | undefined): boolean {
  const key = (list: RoleGrant[] | undefined): string => JSON.stringify((list ?? []).map((g) => `${g.role}\u0000${g.division ?? ""}`).sort());
  return key(a) === key(b);
}

/** Order-independent equality of string lists. */
export function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
}
