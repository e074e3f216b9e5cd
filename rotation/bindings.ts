/**
 * Builds the rotation service's dependencies from settings: the one way every caller gets a Genesys client
 * and a store (the providers through providers/bindings.ts with stack config, `rotate` and `verify` from the
 * environment). Nothing here is process state: each call builds what it returns.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { GenesysClient, resolveGenesysSettings, resolveRegion } from "../genesys";
import type { GenesysSettingsInput } from "../genesys/settings";
import { openStore, StoreCredentials } from "../stores";
import type { StoredCredential } from "../stores/store";
import type { GenesysLocation, RotationDeps, RotationGenesys } from "./ports";

/** Genesys credentials and URLs as given (undefined fields come from the environment). */
export type GenesysInput = Partial<GenesysSettingsInput>;

/**
 * A Genesys client for `input` (explicit values first, then GENESYS_CLOUD_* / GENESYSCLOUD_* in `env`, as
 * resolveGenesysSettings reads them) and where its org lives.
 */
export function connectGenesys(input: GenesysInput, env: NodeJS.ProcessEnv): { client: GenesysClient; location: GenesysLocation; adminClientId: string } {
  const settings = resolveGenesysSettings(input, env);
  return {
    client: new GenesysClient(settings),
    location: locationOf(settings.region, settings.apiBaseUrl, settings.loginBaseUrl),
    adminClientId: settings.clientId,
  };
}

/** The rotation's Genesys port over a client: regenerate, and a token grant reduced to ok / refused (with why). */
export function rotationGenesys(client: GenesysClient): RotationGenesys {
  return {
    regenerateSecret: async (id) => {
      const regenerated = await client.regenerateSecret(id);
      return { secret: regenerated.secret, name: regenerated.name };
    },
    checkCredentials: async (clientId, clientSecret) => {
      const result = await client.verifyCredentials(clientId, clientSecret);
      return result.ok ? { ok: true } : { ok: false, reason: result.reason };
    },
  };
}

/**
 * Genesys access with a stored client's own id and secret, at the location written in its record: no admin
 * credentials are used (they are dropped from `env`; only its region or base URLs may fill the record's gaps).
 */
export function ownCredentialsGenesys(stored: StoredCredential, env: NodeJS.ProcessEnv): RotationGenesys {
  const { record } = stored;
  const input: GenesysInput = {
    clientId: record.clientId,
    clientSecret: record.clientSecret,
    region: record.region,
    apiBaseUrl: record.apiBaseUrl,
    loginBaseUrl: record.loginBaseUrl,
  };
  return rotationGenesys(connectGenesys(input, withoutAdminCredentials(env)).client);
}

/** The environment without Genesys admin credentials. */
function withoutAdminCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const admin = new Set(["GENESYS_CLOUD_CLIENT_ID", "GENESYS_CLOUD_CLIENT_SECRET", "GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET"]);
  return Object.fromEntries(Object.entries(env).filter(([key]) => !admin.has(key)));
}

/** Options of {@link rotationDeps}. */
export interface RotationDepsOptions {
  /** Admin credentials and URLs (default: all from `env`). */
  genesys?: GenesysInput;
  /** Where addresses and credentials come from. */
  env: NodeJS.ProcessEnv;
  /** Store credentials that take precedence over `env` (the providers' stack config). */
  storeCredentials?: StoreCredentials;
  /** What relative `file://` references resolve against. */
  cwd: string;
}

/**
 * Rotation dependencies on real time, real ids, the project's Genesys client and stores. The Genesys client is
 * built on first use (a dry run or a store failure never needs admin credentials) and then kept: its token is
 * cached with it. `client()` gives the same client for the calls outside a rotation (`rotate` looks clients up).
 */
export function rotationDeps(options: RotationDepsOptions): RotationDeps & { client(): GenesysClient } {
  let connected: { client: GenesysClient; location: GenesysLocation; port: RotationGenesys } | undefined;
  const connect = (): { client: GenesysClient; location: GenesysLocation; port: RotationGenesys } => {
    if (!connected) {
      const { client, location } = connectGenesys(options.genesys ?? {}, options.env);
      connected = { client, location, port: rotationGenesys(client) };
    }
    return connected;
  };
  return {
    client: () => connect().client,
    genesys: () => connect().port,
    location: () => connect().location,
    openStore: (reference) => openStore(reference, { env: { ...options.env }, credentials: options.storeCredentials ?? {}, cwd: options.cwd }),
    now: () => new Date(),
    randomId: () => randomBytes(8).toString("hex"),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Region always; base URLs only when they are not the region's standard hosts (gateways, the emulator). */
export function locationOf(region: string | undefined, apiBaseUrl: string, loginBaseUrl: string): GenesysLocation {
  if (region) {
    try {
      const standard = resolveRegion(region);
      if (standard.apiBaseUrl === apiBaseUrl && standard.loginBaseUrl === loginBaseUrl) return { region };
    } catch {
      // not a known region id: keep the URLs
    }
  }
  const location: GenesysLocation = { apiBaseUrl, loginBaseUrl };
  if (region) location.region = region;
  return location;
}

/**
 * The Pulumi project directory: the nearest directory at or above `start` with a Pulumi.yaml. Relative
 * `file://` references resolve against it, whatever `main` says: the engine starts the provider in the
 * directory of `main` (e.g. `dist/` for a compiled program), but people write paths relative to the project.
 */
export function projectDirectory(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
