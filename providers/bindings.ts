/**
 * Binds the provider ports to the project's Genesys client (genesys/) and secret stores (stores/), with the
 * stack config mapped onto the same builders the CLI uses (rotation/bindings.ts).
 */
import { isGuardError } from "../core/errors";
import type { GrantType, OAuthClient, OAuthClientRequest, OAuthClientState } from "../genesys";
import { connectGenesys, projectDirectory, rotationGenesys } from "../rotation/bindings";
import { openStore, parseStoreReference, StoreCredentials } from "../stores";
import type { SecretStore } from "../stores/store";
import type { ProviderConfig } from "./config-keys";
import type { GenesysApi, GenesysClientRecord, GenesysClientRequest, GenesysLocation } from "./ports";

export { projectDirectory } from "../rotation/bindings";

/**
 * The Genesys API and the org's location. Admin credentials and URLs: stack config
 * (`genesys-oauth-guard:clientId`, `:clientSecret`, `:region`, `:apiUrl`, `:loginUrl`) first, then the
 * environment (GENESYS_CLOUD_*, GENESYSCLOUD_*), as resolveGenesysSettings reads them.
 */
export function bindGenesys(config: ProviderConfig, env: NodeJS.ProcessEnv): { api: GenesysApi; location: GenesysLocation } {
  const { client, location, adminClientId } = connectGenesys(
    { clientId: config.clientId, clientSecret: config.clientSecret, region: config.region, apiBaseUrl: config.apiUrl, loginBaseUrl: config.loginUrl },
    env,
  );
  const api: GenesysApi = {
    ...rotationGenesys(client),
    adminClientId,
    listClients: async () => (await client.listClients()).map(toRecord),
    getClient: async (id) => {
      try {
        const found = await client.getClient(id);
        return found.state === "deleted" ? undefined : toRecord(found);
      } catch (error) {
        if (isGuardError(error, "genesys.not-found")) return undefined;
        throw error;
      }
    },
    createClient: async (request) => {
      const created = await client.createClient(toRequest(request));
      return { ...toRecord(created), secret: created.secret };
    },
    updateClient: async (id, request) => toRecord(await client.updateClient(id, toRequest(request))),
    deleteClient: async (id) => {
      await client.deleteClient(id);
    },
    // Shared by every resource of the provider process: a stack of many clients lists roles once a minute.
    listRoles: memo(async () => (await client.listRoles()).map((r) => ({ id: r.id, name: r.name }))),
    getHomeDivisionId: memo(async () => (await client.getHomeDivision()).id),
  };
  return { api, location };
}

/** `fn` called at most once per `ttlMs` (a failure is not remembered). */
function memo<T>(fn: () => Promise<T>, ttlMs = 60_000): () => Promise<T> {
  let at = 0;
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending || Date.now() - at > ttlMs) {
      at = Date.now();
      pending = fn().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    }
    return pending;
  };
}

function toRecord(client: OAuthClient): GenesysClientRecord {
  const record: GenesysClientRecord = {
    id: client.id,
    name: client.name,
    authorizedGrantType: client.authorizedGrantType,
  };
  if (client.description !== undefined) record.description = client.description;
  if (client.roleDivisions !== undefined) record.roleDivisions = client.roleDivisions.map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId }));
  if (client.scope !== undefined) record.scope = client.scope;
  if (client.registeredRedirectUri !== undefined) record.registeredRedirectUri = client.registeredRedirectUri;
  if (client.accessTokenValiditySeconds !== undefined) record.accessTokenValiditySeconds = client.accessTokenValiditySeconds;
  if (client.state !== undefined) record.state = client.state;
  if (client.dateCreated !== undefined) record.dateCreated = client.dateCreated;
  if (client.dateModified !== undefined) record.dateModified = client.dateModified;
  if (client.dateToDelete !== undefined) record.dateToDelete = client.dateToDelete;
  return record;
}

function toRequest(request: GenesysClientRequest): OAuthClientRequest {
  return {
    name: request.name,
    description: request.description,
    authorizedGrantType: request.authorizedGrantType as GrantType,
    roleDivisions: request.roleDivisions,
    scope: request.scope,
    registeredRedirectUri: request.registeredRedirectUri,
    accessTokenValiditySeconds: request.accessTokenValiditySeconds,
    state: request.state as OAuthClientState,
  };
}

/**
 * Open the store at `reference`. Credentials come from stack config first, then the environment;
 * addresses/regions/endpoints from the reference, then stack config, then the environment.
 */
export function openBoundStore(reference: string, config: ProviderConfig, env: NodeJS.ProcessEnv): SecretStore {
  const overlay: Record<string, string | undefined> = { ...env };
  if (config.vaultAddress) overlay.VAULT_ADDR = config.vaultAddress;
  if (config.vaultNamespace) overlay.VAULT_NAMESPACE = config.vaultNamespace;
  if (config.awsRegion) overlay.AWS_REGION = config.awsRegion;
  if (config.awsEndpoint) overlay.AWS_ENDPOINT_URL_SECRETS_MANAGER = config.awsEndpoint;
  const credentials: StoreCredentials = {};
  for (const key of [
    "vaultToken",
    "vaultRoleId",
    "vaultSecretId",
    "vaultJwt",
    "vaultJwtRole",
    "awsAccessKeyId",
    "awsSecretAccessKey",
    "awsSessionToken",
  ] as const) {
    if (config[key]) credentials[key] = config[key];
  }
  return openStore(reference, { env: overlay, credentials, cwd: projectDirectory(process.cwd()) });
}

/** Validate a store reference without I/O (check() at preview). */
export function parseBoundStoreReference(reference: string): void {
  parseStoreReference(reference);
}
