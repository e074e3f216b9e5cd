/**
 * Recognising this project's own resources (dynamic providers) and reading their settings tolerantly:
 * the inputs use `store`/`storeReference` and `rotation`; the outputs carry a `genesysOAuthGuard` marker.
 */
import { isDynamicResource as isDynamicResourceView, isUnknown, normalizeKey, OWN_DYNAMIC_TYPE_PREFIX } from "../../detection";

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

/** True for our OAuthClient: a dynamic resource with our marker, an OAuthClient type, or OAuth client inputs with a store. */
export function isOurOAuthClient(type: string, props: unknown): boolean {
  if (!isDynamicResource(type)) return false;
  const marker = record(prop(props, "genesysOAuthGuard"));
  if (marker) {
    const kind = prop(marker, "kind", "type", "resource");
    return kind === undefined || isUnknown(kind) || (typeof kind === "string" && /oauth/i.test(kind));
  }
  if (/oauth.?client/i.test(type)) return true;
  return prop(props, "authorizedGrantType") !== undefined && (prop(props, "store", "storeReference", "secretStore") !== undefined);
}

/** The Pulumi type of this project's SecretRotation (providers/secret-rotation.ts). */
export const OUR_SECRET_ROTATION_TYPE = `${OWN_DYNAMIC_TYPE_PREFIX}SecretRotation`;

/**
 * True for our resources that may hold the documented opt-in secret output (`clientSecret`, always in
 * additionalSecretOutputs): an OAuthClient, and a SecretRotation that opts in with `exposeSecretAsOutput:
 * true` — the child an OAuthClient with `rotation` creates carries the current secret there.
 */
export function mayHoldOptedInSecretOutput(type: string, props: unknown): boolean {
  if (isOurOAuthClient(type, props)) return true;
  return type === OUR_SECRET_ROTATION_TYPE && prop(props, "exposeSecretAsOutput") === true;
}

/** The store reference(s) and URLs of a resource: strings under store keys, at top level or in the marker. */
export function storeLocations(props: unknown): { present: boolean; unknown: boolean; urls: string[] } {
  const out = { present: false, unknown: false, urls: [] as string[] };
  const sources = [props, prop(props, "genesysOAuthGuard")];
  const visit = (value: unknown, depth: number): void => {
    if (value === undefined || value === null || depth > 4) return;
    if (isUnknown(value)) {
      out.present = true;
      out.unknown = true;
      return;
    }
    if (typeof value === "string") {
      if (value.trim() !== "") {
        out.present = true;
        out.urls.push(value);
      }
      return;
    }
    const r = record(value);
    if (!r) return;
    for (const key of Object.keys(r)) {
      if (/^(reference|ref|url|uri|address|endpoint|storereference|storeurl)$/.test(normalizeKey(key))) visit(r[key], depth + 1);
    }
  };
  for (const source of sources) visit(prop(source, "storeReference", "store", "secretStore", "storeUrl", "storeRef"), 0);
  return out;
}

const UNIT_DAYS: Record<string, number> = { d: 1, day: 1, days: 1, w: 7, week: 7, weeks: 7, h: 1 / 24, hour: 1 / 24, hours: 1 / 24, m: 1 / 1440, min: 1 / 1440, minutes: 1 / 1440, month: 30, months: 30 };

/** Parses a rotation period into days: a number of days, `90d`, `12w`, `2160h`, or ISO 8601 `P90D`/`P12W`/`PT2160H`. */
export function parsePeriodDays(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?$/i.exec(v);
  if (iso && (iso[1] || iso[2] || iso[3])) return Number(iso[1] ?? 0) * 7 + Number(iso[2] ?? 0) + Number(iso[3] ?? 0) / 24;
  const simple = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i.exec(v);
  if (simple) {
    const unit = (simple[2] ?? "d").toLowerCase();
    const factor = UNIT_DAYS[unit];
    return factor === undefined ? undefined : Number(simple[1]) * factor;
  }
  return undefined;
}

/** The rotation settings of our resource: whether present, and the period in days when readable. */
export function rotationOf(props: unknown): { present: boolean; unknown: boolean; periodDays?: number } {
  const sources = [props, prop(props, "genesysOAuthGuard")];
  for (const source of sources) {
    const direct = prop(source, "rotationPeriodDays", "rotationDays", "rotateAfterDays", "rotationPeriod", "rotationInterval");
    if (direct !== undefined) return fromPeriod(direct);
    const rotation = prop(source, "rotation");
    if (rotation === undefined || rotation === null || rotation === false) continue;
    if (isUnknown(rotation)) return { present: true, unknown: true };
    if (typeof rotation === "number" || typeof rotation === "string") return fromPeriod(rotation);
    const period = prop(rotation, "periodDays", "intervalDays", "maxAgeDays", "days", "period", "interval", "every", "maxAge");
    if (prop(rotation, "enabled") === false) return { present: false, unknown: false };
    return period === undefined ? { present: true, unknown: false } : fromPeriod(period);
  }
  return { present: false, unknown: false };
}

function fromPeriod(value: unknown): { present: boolean; unknown: boolean; periodDays?: number } {
  if (isUnknown(value)) return { present: true, unknown: true };
  const days = parsePeriodDays(value);
  return days === undefined ? { present: true, unknown: false } : { present: true, unknown: false, periodDays: days };
}

/** True when a URL's host is a loopback address. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
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
