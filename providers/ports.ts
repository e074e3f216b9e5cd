/**
 * What the provider implementations need from the Genesys API client and the secret stores, as small
 * interfaces: the implementations are unit-tested against stubs of these, and `runtime.ts` binds them to
 * the real `genesys/` client and `stores/` factory.
 */
import type { SecretStore } from "../stores/store";
import type { RoleDivision } from "./types";

/** An OAuth client as Genesys returns it (secret only from create and regenerate). */
export interface GenesysClientRecord {
  id: string;
  name: string;
  description?: string;
  authorizedGrantType: string;
  roleDivisions?: RoleDivision[];
  scope?: string[];
  registeredRedirectUri?: string[];
  accessTokenValiditySeconds?: number;
  state?: string;
  dateCreated?: string;
  dateModified?: string;
  /** When Genesys deletes the client (an `inactive` client scheduled for deletion). */
  dateToDelete?: string;
  secret?: string;
}

/** The full request body of create and update (PUT is a replace). */
export interface GenesysClientRequest {
  name: string;
  description: string;
  authorizedGrantType: string;
  roleDivisions: RoleDivision[];
  scope: string[];
  registeredRedirectUri: string[];
  accessTokenValiditySeconds: number;
  state: string;
}

/** A role of the organisation. */
export interface GenesysRole {
  id: string;
  name: string;
}

/** The Genesys operations the providers call. Errors are GuardErrors with `genesys.*` codes. */
export interface GenesysApi {
  /** The id of the admin client these calls authenticate as (an adoption must not take it over). */
  readonly adminClientId?: string;
  listClients(): Promise<GenesysClientRecord[]>;
  /** undefined when the client does not exist (404) or is in state `deleted`. */
  getClient(id: string): Promise<GenesysClientRecord | undefined>;
  /** Not retried once it may have acted: a lost response surfaces as an error. */
  createClient(request: GenesysClientRequest): Promise<GenesysClientRecord & { secret: string }>;
  updateClient(id: string, request: GenesysClientRequest): Promise<GenesysClientRecord>;
  /** inactive → DELETE → wait until gone; succeeds when the client is already gone. */
  deleteClient(id: string): Promise<void>;
  /** The new secret and the client's name (the response carries the client). 404 → `genesys.not-found`. */
  regenerateSecret(id: string): Promise<{ secret: string; name?: string }>;
  /** True when a client-credentials token grant with these credentials succeeds. */
  verifyCredentials(clientId: string, clientSecret: string): Promise<boolean>;
  listRoles(): Promise<GenesysRole[]>;
  getHomeDivisionId(): Promise<string>;
}

/** Where the Genesys org lives, copied into every credential record. */
export interface GenesysLocation {
  region?: string;
  apiBaseUrl?: string;
  loginBaseUrl?: string;
}

/** Everything the provider implementations reach the outside world through. */
export interface ProviderDeps {
  genesys(): GenesysApi;
  location(): GenesysLocation;
  openStore(reference: string): SecretStore;
  /** Throws a GuardError (`store.invalid-reference`) when the reference does not parse. No I/O. */
  parseStoreReference(reference: string): void;
  now(): Date;
  randomId(): string;
  sleep(ms: number): Promise<void>;
}
