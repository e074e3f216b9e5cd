/**
 * Settings of the Genesys Cloud client: admin credentials and base URLs, from explicit arguments,
 * else the environment.
 *
 * Credentials (the first source that provides any of id/secret must provide both):
 *   1. arguments `clientId` / `clientSecret`
 *   2. `GENESYS_CLOUD_CLIENT_ID` / `GENESYS_CLOUD_CLIENT_SECRET` (region `GENESYS_CLOUD_REGION`)
 *   3. `GENESYSCLOUD_OAUTHCLIENT_ID` / `GENESYSCLOUD_OAUTHCLIENT_SECRET` (region `GENESYSCLOUD_REGION`,
 *      the names of the official Terraform provider)
 *
 * Base URLs: arguments `apiBaseUrl` / `loginBaseUrl`, else `GENESYS_CLOUD_API_URL` /
 * `GENESYS_CLOUD_LOGIN_URL`, else from the region. When only one of the two URLs is given it is used
 * for both: the emulator and gateways serve `/oauth/token` and `/api/v2/...` on one origin.
 * Plain `http://` is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost).
 */
import { inspect } from "node:util";
import { GuardError } from "../core/errors";
import { isLoopbackHost } from "../domain/loopback";
import { registerSecret } from "../core/redact";
import { resolveRegion } from "./regions";

/** What callers may pass explicitly; anything left out comes from the environment. */
export interface GenesysSettingsInput {
  clientId: string;
  clientSecret: string;
  /** Region id (`us-east-1`) or domain (`mypurecloud.com`). */
  region: string;
  /** API base, e.g. `https://api.mypurecloud.com` or `http://127.0.0.1:8080` (emulator). */
  apiBaseUrl: string;
  /** Login base, e.g. `https://login.mypurecloud.com`. */
  loginBaseUrl: string;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs: number;
}

/** Where the credentials came from. */
export type CredentialSource = "arguments" | "GENESYS_CLOUD_*" | "GENESYSCLOUD_*";

/** Resolved settings. Printing them (JSON, util.inspect) never shows the secret. */
export interface GenesysSettings {
  readonly clientId: string;
  /** Non-enumerable: not copied by spread, not shown by JSON.stringify or util.inspect. */
  readonly clientSecret: string;
  /** The region id when the base URLs came from a region. */
  readonly region?: string;
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  readonly timeoutMs?: number;
  readonly credentialSource: CredentialSource;
  /** The settings without the secret. */
  toJSON(): Record<string, unknown>;
}

/** The environment variables the resolver reads. */
export const GENESYS_ENV = {
  clientId: "GENESYS_CLOUD_CLIENT_ID",
  clientSecret: "GENESYS_CLOUD_CLIENT_SECRET",
  region: "GENESYS_CLOUD_REGION",
  apiUrl: "GENESYS_CLOUD_API_URL",
  loginUrl: "GENESYS_CLOUD_LOGIN_URL",
  tfClientId: "GENESYSCLOUD_OAUTHCLIENT_ID",
  tfClientSecret: "GENESYSCLOUD_OAUTHCLIENT_SECRET",
  tfRegion: "GENESYSCLOUD_REGION",
} as const;

const nonEmpty = (v: string | undefined | null): string | undefined => {
  const t = typeof v === "string" ? v.trim() : undefined;
  return t || undefined;
};

/**
 * Validate a base URL: http(s) only, https unless the host is loopback, no user info, no query.
 * Returns it without a trailing slash.
 */
export function validateBaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GuardError("config.invalid", `${name} is not a valid URL: "${value}"`, {
      hint: "Give an absolute URL such as https://api.mypurecloud.com or http://127.0.0.1:8080.",
    });
  }
  if (url.username || url.password) {
    throw new GuardError("config.invalid", `${name} must not contain credentials`, {
      hint: "Pass the credentials through GENESYS_CLOUD_CLIENT_ID / GENESYS_CLOUD_CLIENT_SECRET instead.",
    });
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new GuardError("config.insecure-url", `${name} uses plain http for a non-loopback host (${url.hostname})`, {
        hint: "Use https://; plain http:// is accepted only for 127.0.0.1, ::1 and localhost (the emulator).",
      });
    }
  } else if (url.protocol !== "https:") {
    throw new GuardError("config.invalid", `${name} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.search || url.hash) {
    throw new GuardError("config.invalid", `${name} must not have a query string or fragment`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

class ResolvedSettings implements GenesysSettings {
  declare readonly clientSecret: string;
  constructor(
    readonly clientId: string,
    clientSecret: string,
    readonly apiBaseUrl: string,
    readonly loginBaseUrl: string,
    readonly credentialSource: CredentialSource,
    readonly region?: string,
    readonly timeoutMs?: number,
  ) {
    Object.defineProperty(this, "clientSecret", { value: clientSecret, enumerable: false, writable: false });
  }

  toJSON(): Record<string, unknown> {
    return {
      clientId: this.clientId,
      clientSecret: "[REDACTED]",
      region: this.region,
      apiBaseUrl: this.apiBaseUrl,
      loginBaseUrl: this.loginBaseUrl,
      timeoutMs: this.timeoutMs,
      credentialSource: this.credentialSource,
    };
  }

  [inspect.custom](): string {
    return `GenesysSettings ${inspect(this.toJSON())}`;
  }
}

/**
 * Resolve settings from explicit arguments, else `env`. Throws {@link GuardError}
 * `config.missing-credentials` (naming the variables to set), `config.invalid-region`,
 * `config.insecure-url` or `config.invalid`. Registers the secret with `registerSecret()`.
 */
export function resolveGenesysSettings(input: Partial<GenesysSettingsInput> = {}, env: NodeJS.ProcessEnv = process.env): GenesysSettings {
  const sources: { source: CredentialSource; id?: string; secret?: string; idName: string; secretName: string }[] = [
    { source: "arguments", id: nonEmpty(input.clientId), secret: nonEmpty(input.clientSecret), idName: "clientId", secretName: "clientSecret" },
    {
      source: "GENESYS_CLOUD_*",
      id: nonEmpty(env[GENESYS_ENV.clientId]),
      secret: nonEmpty(env[GENESYS_ENV.clientSecret]),
      idName: GENESYS_ENV.clientId,
      secretName: GENESYS_ENV.clientSecret,
    },
    {
      source: "GENESYSCLOUD_*",
      id: nonEmpty(env[GENESYS_ENV.tfClientId]),
      secret: nonEmpty(env[GENESYS_ENV.tfClientSecret]),
      idName: GENESYS_ENV.tfClientId,
      secretName: GENESYS_ENV.tfClientSecret,
    },
  ];
  const chosen = sources.find((s) => s.id !== undefined || s.secret !== undefined);
  if (chosen?.id === undefined || chosen.secret === undefined) {
    const missing = chosen ? (chosen.id === undefined ? chosen.idName : chosen.secretName) : undefined;
    throw new GuardError(
      "config.missing-credentials",
      (missing ? `Genesys Cloud admin credentials are incomplete: ${missing} is not set. ` : "Genesys Cloud admin credentials are missing. ") +
        `Set ${GENESYS_ENV.clientId}, ${GENESYS_ENV.clientSecret} and ${GENESYS_ENV.region} ` +
        `(or ${GENESYS_ENV.tfClientId}, ${GENESYS_ENV.tfClientSecret} and ${GENESYS_ENV.tfRegion}).`,
      { hint: "Use a client-credentials OAuth client whose roles include oauth:client:view/add/edit/delete and authorization:role:view." },
    );
  }
  registerSecret(chosen.secret);

  const regionInput = nonEmpty(input.region) ?? nonEmpty(env[GENESYS_ENV.region]) ?? nonEmpty(env[GENESYS_ENV.tfRegion]);
  const apiArg = nonEmpty(input.apiBaseUrl);
  const loginArg = nonEmpty(input.loginBaseUrl);
  let apiRaw: string | undefined;
  let loginRaw: string | undefined;
  let apiName = "apiBaseUrl";
  let loginName = "loginBaseUrl";
  if (apiArg || loginArg) {
    apiRaw = apiArg ?? loginArg;
    loginRaw = loginArg ?? apiArg;
  } else {
    const apiEnv = nonEmpty(env[GENESYS_ENV.apiUrl]);
    const loginEnv = nonEmpty(env[GENESYS_ENV.loginUrl]);
    apiName = apiEnv ? GENESYS_ENV.apiUrl : GENESYS_ENV.loginUrl;
    loginName = loginEnv ? GENESYS_ENV.loginUrl : GENESYS_ENV.apiUrl;
    apiRaw = apiEnv ?? loginEnv;
    loginRaw = loginEnv ?? apiEnv;
  }

  let apiBaseUrl: string;
  let loginBaseUrl: string;
  let region: string | undefined;
  if (apiRaw && loginRaw) {
    apiBaseUrl = validateBaseUrl(apiRaw, apiName);
    loginBaseUrl = validateBaseUrl(loginRaw, loginName);
    region = regionInput ? safeRegionId(regionInput) : undefined;
  } else if (regionInput) {
    const resolved = resolveRegion(regionInput);
    apiBaseUrl = resolved.apiBaseUrl;
    loginBaseUrl = resolved.loginBaseUrl;
    region = resolved.id;
  } else {
    throw new GuardError(
      "config.invalid-region",
      `no Genesys Cloud region given: set ${GENESYS_ENV.region} (e.g. us-east-1 or mypurecloud.com), ` +
        `or ${GENESYS_ENV.apiUrl} / ${GENESYS_ENV.loginUrl} for a gateway or the emulator`,
    );
  }
  const timeoutMs = input.timeoutMs !== undefined && input.timeoutMs > 0 ? input.timeoutMs : undefined;
  return new ResolvedSettings(chosen.id, chosen.secret, apiBaseUrl, loginBaseUrl, chosen.source, region, timeoutMs);
}

/** With explicit base URLs the region is informational: keep its id when it resolves, else the text. */
function safeRegionId(input: string): string {
  try {
    return resolveRegion(input).id;
  } catch {
    return input;
  }
}
