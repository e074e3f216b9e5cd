/**
 * What the provider implementations need from the Genesys API client and the secret stores, as small
 * interfaces: the implementations are unit-tested against stubs of these, and `runtime.ts` binds them to
 * the real `genesys/` client and `stores/` factory. They extend the rotation service's ports
 * (rotation/ports.ts), so the providers hand their dependencies to the service as they are.
 */
import type { RotationDeps, RotationGenesys } from "../rotation/ports";
import type { RoleDivision } from "./types";

export type { CredentialCheck, GenesysLocation } from "../rotation/ports";

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

/** The Genesys operations the providers call (regenerate and the token grant: {@link RotationGenesys}). Errors are GuardErrors with `genesys.*` codes. */
export interface GenesysApi extends RotationGenesys {
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
  listRoles(): Promise<GenesysRole[]>;
  getHomeDivisionId(): Promise<string>;
}

/** Everything the provider implementations reach the outside world through. */
export interface ProviderDeps extends RotationDeps {
  genesys(): GenesysApi;
  /** Throws a GuardError (`store.invalid-reference`) when the reference does not parse. No I/O. */
  parseStoreReference(reference: string): void;
}
