/**
 * Validation and normalisation of OAuthClientRequest bodies, with the rules the reference lists.
 * Every failure is a 400 ErrorBody naming the field and what is accepted.
 */
import { ApiError, invalidValue } from "./errors";
import { ClientSettings, GRANT_TYPES, GrantType, OrgState, RoleDivision, StoredClient } from "./state";

/** A request after validation: every optional field resolved to what PUT/POST store. */
export interface ValidRequest extends ClientSettings {
  state: "active" | "disabled" | "inactive";
  /** Normalised to `toISOString()` form. */
  dateToDelete?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringArray(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalidValue(`${field} must be an array of strings`);
  return v as string[];
}

/** Validate a create/replace body; `caller` may only grant roles it holds itself. */
export function validateClientRequest(body: unknown, state: OrgState, caller: StoredClient): ValidRequest {
  if (!isObject(body)) throw new ApiError(400, "bad.request", "The request body must be a JSON object");
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "") throw invalidValue("name is required");
  if (name.length > 255) throw invalidValue("name must be at most 255 characters");

  const rawGrant = body.authorizedGrantType;
  if (typeof rawGrant !== "string") throw invalidValue(`authorizedGrantType is required; one of ${GRANT_TYPES.join(", ")}`);
  const grant = (rawGrant === "SAML2BEARER" ? "SAML2-BEARER" : rawGrant) as GrantType;
  if (!GRANT_TYPES.includes(grant)) {
    throw invalidValue(`authorizedGrantType ${rawGrant} is not valid; one of ${GRANT_TYPES.join(", ")}`);
  }

  let validity = 86400;
  if (body.accessTokenValiditySeconds !== undefined && body.accessTokenValiditySeconds !== null) {
    const v = body.accessTokenValiditySeconds;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 300 || v > 172800) {
      throw invalidValue("accessTokenValiditySeconds must be an integer from 300 to 172800");
    }
    validity = v;
  }

  const redirects = stringArray(body, "registeredRedirectUri");
  for (const uri of redirects) {
    try {
      new URL(uri);
    } catch {
      throw invalidValue(`registeredRedirectUri ${uri} is not an absolute URL`);
    }
  }

  let scope = stringArray(body, "scope");
  const roleDivisions = roleDivisionsOf(body, state);
  if (grant === "CLIENT-CREDENTIALS") {
    if (roleDivisions.length === 0) throw invalidValue("A CLIENT-CREDENTIALS client needs at least one roleDivision");
    scope = []; // ignored for client credentials, as the real service does
  } else if (scope.length === 0) {
    throw invalidValue(`A ${grant} client needs at least one scope`);
  }

  for (const rd of roleDivisions) {
    if (!caller.roleDivisions.some((h) => h.roleId === rd.roleId)) {
      // Unconfirmed wording and status; strict choice: 400, nothing created.
      throw invalidValue(`You cannot grant role ${rd.roleId}: a client may only grant roles it holds itself`);
    }
    // Division-aware (unconfirmed; strict): a role held in one division cannot be granted in another, and
    // only a role held in every division ("*") can be granted in every division.
    if (!caller.roleDivisions.some((h) => h.roleId === rd.roleId && (h.divisionId === "*" || h.divisionId === rd.divisionId))) {
      throw invalidValue(
        `You cannot grant role ${rd.roleId} in division ${rd.divisionId}: a client may only grant roles it holds itself, in the divisions it holds them in`,
      );
    }
  }

  const rawState = body.state ?? "active";
  if (rawState !== "active" && rawState !== "disabled" && rawState !== "inactive") {
    throw invalidValue("state must be one of active, disabled, inactive");
  }

  const out: ValidRequest = {
    name,
    authorizedGrantType: grant,
    accessTokenValiditySeconds: validity,
    registeredRedirectUri: redirects,
    scope,
    roleDivisions,
    state: rawState,
  };
  if (typeof body.description === "string") out.description = body.description;
  const dateToDelete = dateTimeOf(body.dateToDelete);
  if (dateToDelete !== undefined) out.dateToDelete = dateToDelete;
  return out;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** dateToDelete: an ISO-8601 date-time with a zone (the models' "Date time"), or absent/null. */
function dateTimeOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalidValue("dateToDelete must be an ISO-8601 date-time, e.g. 2026-12-31T00:00:00.000Z");
  }
  return new Date(value).toISOString();
}

function roleDivisionsOf(body: Record<string, unknown>, state: OrgState): RoleDivision[] {
  const out: RoleDivision[] = [];
  const raw = body.roleDivisions;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) throw invalidValue("roleDivisions must be an array of {roleId, divisionId}");
    for (const rd of raw) {
      if (!isObject(rd) || typeof rd.roleId !== "string" || typeof rd.divisionId !== "string") {
        throw invalidValue("each roleDivision needs roleId and divisionId");
      }
      out.push({ roleId: rd.roleId, divisionId: rd.divisionId });
    }
  }
  // Deprecated roleIds: granted in the home division.
  for (const roleId of stringArray(body, "roleIds")) out.push({ roleId, divisionId: state.homeDivision.id });
  for (const rd of out) {
    if (!state.roles.some((r) => r.id === rd.roleId)) throw invalidValue(`roleId ${rd.roleId} does not exist`);
    if (rd.divisionId !== "*" && !state.divisions.some((d) => d.id === rd.divisionId)) throw invalidValue(`divisionId ${rd.divisionId} does not exist`);
  }
  return out;
}
