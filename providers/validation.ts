/**
 * Input validation and defaults for `check()`: runs at preview, makes no API call, and says in every
 * failure what to change.
 */
import { GuardError } from "../core/errors";
import { parseRotationPeriod } from "./rotation-period";
import { DURATION_EXAMPLES } from "../domain/duration";
import { normaliseClientState } from "../domain/client-states";
import { normaliseGrantType } from "../domain/grant-types";
import { CLIENT_STATES, ClientPairInputs, ClientState, GRANT_TYPES, GrantType, OAuthClientInputs, RoleGrant, SecretRotationInputs } from "./types";

/** The value the engine passes for an input that is not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One check failure, as the engine expects it. */
export interface Failure {
  property: string;
  reason: string;
}

/** Result of a check: normalised inputs and failures. */
export interface Checked<T> {
  inputs: T;
  failures: Failure[];
}

const MIN_VALIDITY = 300;
const MAX_VALIDITY = 172_800;
const DEFAULT_VALIDITY = 86_400;

/** True for a value the engine does not know yet. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * Normalise a grant type the way Genesys reads it back (any case → upper case, `SAML2BEARER` →
 * `SAML2-BEARER`); undefined when it is not one. The one definition is in domain/grant-types.ts.
 */
export { normaliseGrantType };

function grantTypeReason(value: unknown): string {
  const text = String(value);
  if (/^CLIENT[_ ]CREDENTIALS$/i.test(text.trim())) {
    return `"${text}" is not a Genesys grant type: write "CLIENT-CREDENTIALS" (with a hyphen, not an underscore)`;
  }
  return `authorizedGrantType must be one of ${GRANT_TYPES.join(", ")} (got ${JSON.stringify(value)})`;
}

/** Accept `"Developer"` as shorthand for `{ role: "Developer" }`. */
function normaliseRoles(value: unknown, failures: Failure[]): RoleGrant[] {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value as unknown as RoleGrant[];
  if (!Array.isArray(value)) {
    failures.push({ property: "roles", reason: "roles must be a list of role names/ids or { role, division } objects" });
    return [];
  }
  const out: RoleGrant[] = [];
  value.forEach((entry: unknown, i) => {
    if (isUnknown(entry)) {
      out.push(entry as RoleGrant);
    } else if (typeof entry === "string" && entry.trim()) {
      out.push({ role: entry.trim() });
    } else if (entry && typeof entry === "object" && typeof (entry as RoleGrant).role === "string" && (entry as RoleGrant).role.trim()) {
      const grant = entry as RoleGrant;
      const rawDivision: unknown = grant.division; // from program input: any JSON value
      const division =
        rawDivision === undefined || rawDivision === null ? undefined : typeof rawDivision === "string" ? rawDivision.trim() : JSON.stringify(rawDivision);
      out.push(division ? { role: grant.role.trim(), division } : { role: grant.role.trim() });
    } else {
      failures.push({ property: `roles[${i}]`, reason: 'each role is a role name or id, or { role: "<name or id>", division?: "<division id or *>" }' });
    }
  });
  return out;
}

function stringList(value: unknown, property: string, failures: Failure[]): string[] {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value as unknown as string[];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" && !isUnknown(v))) {
    failures.push({ property, reason: `${property} must be a list of strings` });
    return [];
  }
  return value as string[];
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return Boolean(url.protocol) && (Boolean(url.host) || (url.protocol !== "http:" && url.protocol !== "https:"));
  } catch {
    return false;
  }
}

function boolInput(value: unknown, property: string, failures: Failure[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (isUnknown(value)) return value as unknown as boolean;
  failures.push({ property, reason: `${property} must be true or false` });
  return false;
}

function storeReference(value: unknown, parse: (reference: string) => void, failures: Failure[]): string {
  if (isUnknown(value)) return value as string;
  if (typeof value !== "string" || !value.trim()) {
    failures.push({
      property: "secretStore",
      reason:
        "secretStore is required: where the client secret goes, e.g. file://./.secrets/ci-client, vault://secret/genesys/ci-client or awssm://genesys/ci-client?region=eu-west-1",
    });
    return "";
  }
  try {
    parse(value.trim());
  } catch (error) {
    const message = error instanceof GuardError ? error.describe() : error instanceof Error ? error.message : String(error);
    failures.push({ property: "secretStore", reason: message });
  }
  return value.trim();
}

/**
 * A rotation period input (any form domain/duration.ts reads: `"30d"`, `"12h"`, `"1.5d"`, `"P30D"`; at least
 * one minute), trimmed; null when absent or invalid (with a failure). An unknown value passes through.
 */
function rotationEvery(value: unknown, property: string, failures: Failure[]): string | null {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return value as string;
  let reason = `got ${JSON.stringify(value)}, not text`;
  if (typeof value === "string") {
    try {
      parseRotationPeriod(value);
      return value.trim();
    } catch (error) {
      if (!(error instanceof GuardError)) throw error;
      reason = error.message;
    }
  }
  failures.push({ property, reason: `${property} must be a duration of at least one minute, such as ${DURATION_EXAMPLES} (${reason})` });
  return null;
}

/** What a Genesys client id may look like (a UUID in Genesys Cloud; any simple token is let through to the GET). */
const CLIENT_ID_SYNTAX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The id of an existing client to adopt (`import` / `adoptClientId`), trimmed; undefined when absent or invalid. */
function clientIdToAdopt(value: unknown, failures: Failure[]): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isUnknown(value)) return value as string;
  if (typeof value === "string" && CLIENT_ID_SYNTAX.test(value.trim())) return value.trim();
  failures.push({
    property: "adoptClientId",
    reason: `import (adoptClientId) must be the id of an existing Genesys OAuth client, e.g. "0f6a3c2e-…" (in Terraform state: the genesyscloud_oauth_client's "id" attribute): letters, digits, ".", "_" and "-", at most 128`,
  });
  return undefined;
}

/** Validate and default OAuthClient inputs. `parse` validates a store reference without I/O. */
export function checkOAuthClientInputs(news: Record<string, unknown>, parse: (reference: string) => void): Checked<OAuthClientInputs> {
  const failures: Failure[] = [];

  let name = news.name;
  if (!isUnknown(name) && (typeof name !== "string" || !name.trim())) {
    failures.push({ property: "name", reason: "name is required: the client's name as shown in Genesys Cloud" });
    name = "";
  }
  if (typeof name === "string" && name.trim().length > 255) {
    failures.push({ property: "name", reason: `name must be at most 255 characters (it has ${name.trim().length})` });
  }
  let description = news.description ?? "";
  if (!isUnknown(description) && typeof description !== "string") {
    failures.push({ property: "description", reason: "description must be a string" });
    description = "";
  }

  let grant: GrantType = news.authorizedGrantType as GrantType;
  if (!isUnknown(grant)) {
    const normalised = typeof grant === "string" ? normaliseGrantType(grant) : undefined;
    if (!normalised) failures.push({ property: "authorizedGrantType", reason: grantTypeReason(grant) });
    else grant = normalised;
  }

  const roles = normaliseRoles(news.roles, failures);
  const scopes = stringList(news.scopes, "scopes", failures);
  const redirectUris = stringList(news.redirectUris, "redirectUris", failures);

  if (grant === "CLIENT-CREDENTIALS" && !isUnknown(roles) && roles.length === 0) {
    failures.push({
      property: "roles",
      reason: 'a CLIENT-CREDENTIALS client needs at least one role: set roles, e.g. roles: ["Developer"] or [{ role: "<role id>", division: "*" }]',
    });
  }
  if (grant !== "CLIENT-CREDENTIALS" && GRANT_TYPES.includes(grant) && !isUnknown(scopes) && scopes.length === 0) {
    failures.push({ property: "scopes", reason: `a ${grant} client needs scopes: set scopes, e.g. scopes: ["users:readonly"]` });
  }
  if (!isUnknown(redirectUris)) {
    redirectUris.forEach((uri, i) => {
      if (!isUnknown(uri) && !isAbsoluteUrl(uri)) {
        failures.push({
          property: `redirectUris[${i}]`,
          reason: `redirect URI ${JSON.stringify(uri)} must be an absolute URL such as https://app.example.com/callback`,
        });
      }
    });
  }

  let validity = news.accessTokenValiditySeconds ?? DEFAULT_VALIDITY;
  if (!isUnknown(validity)) {
    if (typeof validity !== "number" || !Number.isInteger(validity) || validity < MIN_VALIDITY || validity > MAX_VALIDITY) {
      failures.push({
        property: "accessTokenValiditySeconds",
        reason: `accessTokenValiditySeconds must be a whole number from ${MIN_VALIDITY} (5 minutes) to ${MAX_VALIDITY} (48 hours); got ${JSON.stringify(validity)}`,
      });
      validity = DEFAULT_VALIDITY;
    }
  }

  // Any case is accepted and written in the canonical lower case ("Active" → "active"), like grant types.
  let state = news.state ?? "active";
  if (!isUnknown(state)) {
    const normalised = typeof state === "string" ? normaliseClientState(state) : undefined;
    if (!normalised) failures.push({ property: "state", reason: `state must be one of ${CLIENT_STATES.join(", ")} (got ${JSON.stringify(state)})` });
    state = normalised ?? "active";
  }

  const inputs: OAuthClientInputs = {
    name: typeof name === "string" ? name.trim() : (name as string),
    description: description as string,
    authorizedGrantType: grant,
    roles,
    scopes,
    redirectUris,
    accessTokenValiditySeconds: validity as number,
    state: state as ClientState,
    secretStore: storeReference(news.secretStore, parse, failures),
    deleteSecretOnDestroy: boolInput(news.deleteSecretOnDestroy, "deleteSecretOnDestroy", failures),
    exposeSecretAsOutput: boolInput(news.exposeSecretAsOutput, "exposeSecretAsOutput", failures),
  };
  if (typeof news.adoptionKey === "string" && /^[0-9a-f]{8,64}$/.test(news.adoptionKey)) inputs.adoptionKey = news.adoptionKey;
  const adoptClientId = clientIdToAdopt(news.adoptClientId, failures);
  if (adoptClientId !== undefined) inputs.adoptClientId = adoptClientId;
  const rotation = news.rotation as { every?: unknown } | undefined | null;
  if (rotation && typeof rotation === "object" && rotation.every !== undefined && rotation.every !== null) {
    const every = rotationEvery(rotation.every, "rotation.every", failures);
    if (every !== null) inputs.rotation = { every };
  }
  return { inputs, failures };
}

/** Validate and default SecretRotation inputs. */
export function checkSecretRotationInputs(news: Record<string, unknown>, parse: (reference: string) => void): Checked<SecretRotationInputs> {
  const failures: Failure[] = [];
  const clientId = news.clientId;
  if (!isUnknown(clientId) && (typeof clientId !== "string" || !clientId.trim())) {
    failures.push({ property: "clientId", reason: "clientId is required: pass the OAuthClient's clientId (or id) output" });
  }
  let verifyTimeoutSeconds = news.verifyTimeoutSeconds ?? 120;
  if (!isUnknown(verifyTimeoutSeconds) && (typeof verifyTimeoutSeconds !== "number" || verifyTimeoutSeconds < 0 || verifyTimeoutSeconds > 3600)) {
    failures.push({ property: "verifyTimeoutSeconds", reason: "verifyTimeoutSeconds must be a number of seconds from 0 to 3600" });
    verifyTimeoutSeconds = 120;
  }
  const inputs: SecretRotationInputs = {
    clientId: typeof clientId === "string" ? clientId.trim() : (clientId as string),
    secretStore: storeReference(news.secretStore, parse, failures),
    // null, not undefined: an absent trigger must still compare equal to itself across runs.
    trigger: news.trigger === undefined ? null : news.trigger,
    every: rotationEvery(news.every, "every", failures),
    adoptOnCreate: boolInput(news.adoptOnCreate, "adoptOnCreate", failures),
    exposeSecretAsOutput: boolInput(news.exposeSecretAsOutput, "exposeSecretAsOutput", failures),
    verifyTimeoutSeconds: verifyTimeoutSeconds as number,
  };
  return { inputs, failures };
}

/** Validate and default ClientPair inputs: the OAuthClient rules for the shared settings, plus trigger and timeout. */
export function checkClientPairInputs(news: Record<string, unknown>, parse: (reference: string) => void): Checked<ClientPairInputs> {
  const client = checkOAuthClientInputs({ ...news, exposeSecretAsOutput: false, rotation: undefined }, parse);
  const failures = [...client.failures];
  if (news.exposeSecretAsOutput !== undefined && news.exposeSecretAsOutput !== false) {
    failures.push({ property: "exposeSecretAsOutput", reason: "a ClientPair never returns a secret: consumers read clientId/clientSecret from the store" });
  }
  let verifyTimeoutSeconds = news.verifyTimeoutSeconds ?? 120;
  if (!isUnknown(verifyTimeoutSeconds) && (typeof verifyTimeoutSeconds !== "number" || verifyTimeoutSeconds < 0 || verifyTimeoutSeconds > 3600)) {
    failures.push({ property: "verifyTimeoutSeconds", reason: "verifyTimeoutSeconds must be a number of seconds from 0 to 3600" });
    verifyTimeoutSeconds = 120;
  }
  const { exposeSecretAsOutput: _e, rotation: _r, ...shared } = client.inputs;
  const inputs: ClientPairInputs = {
    ...shared,
    // null, not undefined: an absent trigger must still compare equal to itself across runs.
    trigger: news.trigger === undefined ? null : news.trigger,
    verifyTimeoutSeconds: verifyTimeoutSeconds as number,
  };
  return { inputs, failures };
}
