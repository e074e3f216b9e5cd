/**
 * The mapping between OAuthClient inputs/outputs and a Genesys client record: which inputs are Genesys
 * fields, when one changed, the request body of create and PUT, and the outputs a Genesys answer gives.
 * Shared by create, update, read and adoption (which compares a live client with the program's inputs).
 */
import type { GenesysClientRecord, GenesysClientRequest } from "./ports";
import { sameRoleDivisions, sameRoleGrants, sameSet } from "./roles";
import { isUnknown, normaliseGrantType } from "./validation";
import { CLIENT_STATES, ClientState, OAuthClientInputs, OAuthClientOutputs, RoleDivision } from "./types";

/** Inputs whose change replaces the client. */
export const REPLACE_ON_CHANGE: readonly (keyof OAuthClientInputs)[] = ["authorizedGrantType"];

/** Inputs that map to a Genesys field (a change means a PUT). */
export const GENESYS_FIELDS: readonly (keyof OAuthClientInputs)[] = [
  "name",
  "description",
  "authorizedGrantType",
  "roles",
  "scopes",
  "redirectUris",
  "accessTokenValiditySeconds",
  "state",
];

/** Every input, in the order diffs are reported. */
export const ALL_FIELDS: readonly (keyof OAuthClientInputs)[] = [...GENESYS_FIELDS, "secretStore", "deleteSecretOnDestroy", "exposeSecretAsOutput"];

/** True when `old` and `next` differ for input `field` (lists compare as sets; unknowns differ). */
export function fieldChanged(field: keyof OAuthClientInputs, old: Partial<OAuthClientInputs>, next: OAuthClientInputs): boolean {
  const a = old[field];
  const b = next[field];
  if (isUnknown(b)) return true;
  switch (field) {
    case "roles":
      return !sameRoleGrants(a as OAuthClientInputs["roles"], b as OAuthClientInputs["roles"]);
    case "scopes":
    case "redirectUris":
      return !sameSet(a as string[], b as string[]);
    case "description":
      return (a ?? "") !== b;
    case "deleteSecretOnDestroy":
    case "exposeSecretAsOutput":
      return Boolean(a) !== Boolean(b);
    default:
      return a !== b;
  }
}

/** The full request body for create and PUT. */
export function toRequest(inputs: OAuthClientInputs, roleDivisions: RoleDivision[], description: string): GenesysClientRequest {
  return {
    name: inputs.name,
    description,
    authorizedGrantType: inputs.authorizedGrantType,
    roleDivisions,
    scope: inputs.scopes,
    registeredRedirectUri: inputs.redirectUris,
    accessTokenValiditySeconds: inputs.accessTokenValiditySeconds,
    state: inputs.state,
  };
}

/** Outputs for `inputs` after Genesys answered with `client`. */
export function outputsFromClient(
  inputs: OAuthClientInputs,
  client: GenesysClientRecord,
  roleDivisions: RoleDivision[],
): Omit<OAuthClientOutputs, "storeVersion" | "rotationId" | "secretCreatedAt" | "secretMarker"> {
  const base: OAuthClientOutputs = { ...inputs, clientId: client.id, roleDivisions, storeVersion: "", rotationId: "", secretCreatedAt: "", secretMarker: "" };
  const fields = fieldsFromClient(client, base);
  const { storeVersion: _v, rotationId: _r, secretCreatedAt: _s, secretMarker: _m, ...rest } = { ...base, ...fields };
  return rest;
}

/**
 * The managed fields as Genesys reports them. Roles keep the user's form (names) while the role/division
 * pairs are unchanged; after drift they become the actual pairs by id, so diff sees the difference.
 */
export function fieldsFromClient(client: GenesysClientRecord, previous: OAuthClientOutputs): Partial<OAuthClientOutputs> {
  const grant = normaliseGrantType(client.authorizedGrantType ?? "") ?? previous.authorizedGrantType;
  const actualPairs = (client.roleDivisions ?? []).map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId }));
  const out: Partial<OAuthClientOutputs> = {
    clientId: client.id,
    name: client.name,
    description: client.description ?? "",
    authorizedGrantType: grant,
    roleDivisions: actualPairs,
    roles: sameRoleDivisions(actualPairs, previous.roleDivisions) ? previous.roles : actualPairs.map((rd) => ({ role: rd.roleId, division: rd.divisionId })),
    // CLIENT-CREDENTIALS clients ignore scopes: do not report what Genesys dropped as drift.
    scopes: grant === "CLIENT-CREDENTIALS" ? previous.scopes : (client.scope ?? []),
    redirectUris: client.registeredRedirectUri ?? [],
    accessTokenValiditySeconds: client.accessTokenValiditySeconds ?? previous.accessTokenValiditySeconds,
    state: (CLIENT_STATES as readonly string[]).includes(client.state ?? "") ? (client.state as ClientState) : previous.state,
  };
  if (client.dateCreated) out.dateCreated = client.dateCreated;
  if (client.dateModified) out.dateModified = client.dateModified;
  return out;
}

/** The input view of outputs (what refresh reports as the resource's inputs). */
export function inputsOf(outs: OAuthClientOutputs): OAuthClientOutputs {
  const inputs: Partial<OAuthClientOutputs> = {};
  for (const field of ALL_FIELDS) (inputs as Record<string, unknown>)[field] = outs[field];
  if (outs.rotation) inputs.rotation = outs.rotation;
  return inputs as OAuthClientOutputs;
}
