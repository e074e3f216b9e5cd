/**
 * Backend URLs of the Pulumi DIY backends the audit reads directly: `s3://bucket[/prefix]?region=…`,
 * `azblob://container[/prefix]?storage_account=…`, `gs://bucket[/prefix]`. Parsed once; printed only through
 * {@link maskedUrl}, which keeps the query keys and hides every value that is not known to be harmless.
 */
import { GuardError } from "../../core/errors";

/** The schemes the audit reads as object stores. */
export type BackendScheme = "s3" | "azblob" | "gs";

/** A parsed backend URL. */
export interface BackendUrl {
  scheme: BackendScheme;
  /** Bucket (S3, GCS) or container (Azure). */
  bucket: string;
  /** Key prefix under which `.pulumi/` lives: the URL path and/or the `prefix` query parameter; "" or ending in "/". */
  prefix: string;
  /** Query parameters, as given. */
  params: URLSearchParams;
}

const SCHEMES: readonly BackendScheme[] = ["s3", "azblob", "gs"];

/** Query keys whose values are never secret (printed as given); every other value is printed as `***`. */
const HARMLESS_KEYS = new Set([
  "region",
  "endpoint",
  "s3ForcePathStyle",
  "use_path_style",
  "awssdk",
  "disable_https",
  "dualstack",
  "fips",
  "accelerate",
  "anonymous",
  "hostname_immutable",
  "profile",
  "prefix",
  "storage_account",
  "protocol",
  "domain",
  "localemu",
  "rate_limiter_capacity",
  "request_checksum_calculation",
  "response_checksum_validation",
]);

/** True when `text` is a URL of a backend the audit reads as an object store. */
export function isBackendUrl(text: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  return m !== null && (SCHEMES as readonly string[]).includes(m[1].toLowerCase());
}

/** Parses `s3://bucket/prefix?…` (also `azblob://`, `gs://`). Throws a `cli.usage` error for anything else. */
export function parseBackendUrl(text: string): BackendUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GuardError("cli.usage", `not a backend URL: ${maskedUrl(text)}`, {
      hint: "Use s3://bucket[/prefix]?region=…, azblob://container?storage_account=… or gs://bucket.",
    });
  }
  const scheme = url.protocol.replace(/:$/, "").toLowerCase();
  if (!(SCHEMES as readonly string[]).includes(scheme)) throw new GuardError("cli.usage", `unsupported backend scheme ${scheme}://`);
  if (url.username || url.password)
    throw new GuardError("cli.usage", `${scheme}:// URLs take no user or password (${maskedUrl(text)})`, {
      hint: "Give credentials through the environment, never in the URL.",
    });
  const bucket = decodeURIComponent(url.hostname);
  if (bucket === "") throw new GuardError("cli.usage", `no bucket or container in ${maskedUrl(text)}`);
  const pathPart = decodeURIComponent(url.pathname).replace(/^\/+/, "");
  const queryPrefix = url.searchParams.get("prefix") ?? "";
  const joined = [pathPart, queryPrefix]
    .filter((p) => p !== "")
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter((p) => p !== "")
    .join("/");
  return { scheme: scheme as BackendScheme, bucket, prefix: joined === "" ? "" : `${joined}/`, params: url.searchParams };
}

/** The URL for printing: user info dropped, query values other than harmless ones replaced by `***`. */
export function maskedUrl(text: string): string {
  const q = text.indexOf("?");
  const base = (q < 0 ? text : text.slice(0, q)).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
  if (q < 0) return base;
  const parts = text
    .slice(q + 1)
    .split("&")
    .filter((p) => p !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return key;
      let decodedKey = key;
      try {
        decodedKey = decodeURIComponent(key);
      } catch {
        // keep as given
      }
      if (!HARMLESS_KEYS.has(decodedKey)) return `${key}=***`;
      // An endpoint may carry user info: drop it.
      return `${key}=${pair.slice(eq + 1).replace(/^([a-z][a-z0-9+.-]*(?::|%3A)(?:\/\/|%2F%2F))[^/@%]*(?:@|%40)/i, "$1")}`;
    });
  return parts.length > 0 ? `${base}?${parts.join("&")}` : base;
}

/** `scheme://bucket/` + `key`: the label of one object (no query, so nothing secret). */
export function objectLabel(url: BackendUrl, key: string): string {
  return `${url.scheme}://${url.bucket}/${key}`;
}

/** Boolean query parameter (`true`/`1`/`false`/`0`); undefined when absent; a usage error otherwise. */
export function boolParam(url: BackendUrl, key: string): boolean | undefined {
  const v = url.params.get(key);
  if (v === null) return undefined;
  if (/^(true|1)$/i.test(v)) return true;
  if (/^(false|0)$/i.test(v)) return false;
  throw new GuardError("cli.usage", `invalid value for ${key} in ${url.scheme}:// URL (expected true or false)`);
}
