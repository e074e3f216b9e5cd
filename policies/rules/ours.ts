/**
 * Recognising this project's own resources — by their exact type tokens (domain/resource-types.ts), never by a
 * name pattern or a marker — and reading their real inputs (providers/types.ts): `secretStore`,
 * `rotation: { every }` of an OAuthClient, `exposeSecretAsOutput`. Rules about foreign resources (a generic
 * resource holding a secret) do not go through here: they judge any resource by what it holds.
 */
import { isDynamicResource as isDynamicResourceView, isUnknown, normalizeKey } from "../../detection";
import { DAY_MS, tryParseDuration } from "../../domain/duration";
import { isLoopbackHost } from "../../domain/loopback";
import { CLIENT_PAIR_TYPE, isOAuthClientType, SECRET_ROTATION_TYPE } from "../../domain/resource-types";

/** True for a dynamic resource (`pulumi-nodejs:dynamic:Resource`, `pulumi-nodejs:dynamic/<module>:<type>`). */
export function isDynamicResource(type: string): boolean {
  return isDynamicResourceView({ type });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Finds a top-level property by normalised name. */
export function prop(props: unknown, ...names: string[]): unknown {
  const r = record(props);
  if (!r) return undefined;
  const wanted = new Set(names.map(normalizeKey));
  for (const key of Object.keys(r)) if (wanted.has(normalizeKey(key))) return r[key];
  return undefined;
}

/** True for this project's OAuthClient (its exact type token, dynamic or native). */
export function isOurOAuthClient(type: string): boolean {
  return isOAuthClientType(type);
}

/** True for this project's resources that create Genesys OAuth clients from a grant type and roles: OAuthClient and ClientPair. */
export function createsOurOAuthClients(type: string): boolean {
  return isOAuthClientType(type) || type === CLIENT_PAIR_TYPE;
}

/** True when `exposeSecretAsOutput` — the one opt-in input of providers/types.ts — is set. */
export function optsInToSecretOutput(props: unknown): boolean {
  return record(props)?.exposeSecretAsOutput === true;
}

/**
 * True for our resources that may hold the documented opt-in secret output (`clientSecret`, always in
 * additionalSecretOutputs): an OAuthClient, and a SecretRotation that opts in with `exposeSecretAsOutput:
 * true` — the child an OAuthClient with `rotation` creates carries the current secret there.
 */
export function mayHoldOptedInSecretOutput(type: string, props: unknown): boolean {
  if (isOurOAuthClient(type)) return true;
  return type === SECRET_ROTATION_TYPE && optsInToSecretOutput(props);
}

/** The store reference of one of our resources: its `secretStore` input (unknown during preview when computed). */
export function storeLocations(props: unknown): { present: boolean; unknown: boolean; urls: string[] } {
  const value = record(props)?.secretStore;
  if (isUnknown(value)) return { present: true, unknown: true, urls: [] };
  if (typeof value === "string" && value.trim() !== "") return { present: true, unknown: false, urls: [value] };
  return { present: false, unknown: false, urls: [] };
}

/** A rotation period (`rotation.every`, any form domain/duration.ts reads) in days; undefined when unreadable. */
export function parsePeriodDays(text: string): number | undefined {
  const ms = tryParseDuration(text);
  return ms === undefined ? undefined : ms / DAY_MS;
}

/** The rotation of our OAuthClient (`rotation: { every }`): whether present, and the period in days when readable. */
export function rotationOf(props: unknown): { present: boolean; unknown: boolean; periodDays?: number } {
  const rotation = record(props)?.rotation;
  if (rotation === undefined || rotation === null) return { present: false, unknown: false };
  if (isUnknown(rotation)) return { present: true, unknown: true };
  const every = record(rotation)?.every;
  if (isUnknown(every)) return { present: true, unknown: true };
  if (typeof every !== "string") return { present: false, unknown: false };
  const days = parsePeriodDays(every);
  return days === undefined ? { present: true, unknown: false } : { present: true, unknown: false, periodDays: days };
}

/**
 * Returns the insecure (plain http, not loopback) URLs found in a store reference: the reference itself
 * (`http://`, `vault+http://`) and URL-valued query parameters (`?address=http://...`).
 */
export function insecureStoreUrls(reference: string): string[] {
  const out: string[] = [];
  const check = (text: string, depth: number): void => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return;
    }
    const scheme = url.protocol.replace(/:$/, "").toLowerCase();
    if ((scheme === "http" || scheme.endsWith("+http")) && !isLoopbackHost(url.hostname)) out.push(`${scheme}://${url.host}`);
    if (depth === 0) for (const [, v] of url.searchParams) if (/^[a-z+]+:\/\//i.test(v)) check(v, 1);
  };
  check(reference, 0);
  return out;
}
