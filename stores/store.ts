/**
 * The one small interface every secret store implements (file, Vault/OpenBao KV v2, AWS Secrets Manager).
 *
 * A store holds one {@link CredentialRecord} per reference: the client id and secret together with
 * metadata, so that one read gives a consumer everything. Store credentials (Vault token, AWS keys)
 * come from the environment or stack config at run time and never appear in a reference or in state.
 */

/** Schema tag written into every record so that consumers and later versions can recognise it. */
export const CREDENTIAL_SCHEMA = "genesys-oauth-guard/credential@1";

/** What is written at a store reference. */
export interface CredentialRecord {
  schema: typeof CREDENTIAL_SCHEMA;
  /** The Genesys OAuth client id. */
  clientId: string;
  /** The Genesys OAuth client secret. */
  clientSecret: string;
  /** Unique id of the rotation (or creation) that produced this secret: the idempotence marker of writes. */
  rotationId: string;
  /** When the secret was generated (ISO 8601). */
  rotatedAt: string;
  /** Genesys region id or domain the client lives in, when known. */
  region?: string;
  /** API and login base URLs, when not a standard region (gateways, the emulator). */
  apiBaseUrl?: string;
  loginBaseUrl?: string;
  /** The client's name, for people reading the store. */
  clientName?: string;
  /**
   * A rotation in progress (write-ahead intent). Consumers ignore it: the top-level clientId/clientSecret
   * stay the working pair until the rotation's final write replaces them and drops this field.
   */
  pending?: PendingRotation;
  /** Alternating clients (ClientPair): the pair's other client, which consumers are not using. */
  standby?: StandbyClient;
  /**
   * What the rotation that produced the top-level secret was for (ClientPair: a digest of its trigger), so
   * that a run repeated after a crash recognises a finished rotation instead of rotating again.
   */
  rotationKey?: string;
}

/** A rotation that was started and not yet finished. */
export interface PendingRotation {
  /** The rotation's id: the final write carries it as `rotationId`. */
  rotationId: string;
  /** When the rotation started (ISO 8601). */
  startedAt: string;
  /** The client being rotated. */
  clientId: string;
  /**
   * ClientPair only: the standby's new secret, stored before it is verified and made current. Absent for a
   * single-client intent (the secret does not exist yet when the intent is written).
   */
  clientSecret?: string;
}

/** The client of a pair that consumers are not using (its secret is not kept: the next rotation replaces it). */
export interface StandbyClient {
  clientId: string;
  clientName?: string;
}

/** A record as read back, with the store's version of it. */
export interface StoredCredential {
  record: CredentialRecord;
  /** Store-specific version: file counter, Vault KV version, AWS VersionId. */
  version: string;
}

/** The store interface. Every method may throw a GuardError with a `store.*` code. */
export interface SecretStore {
  /** `file`, `vault` or `aws-secrets-manager`. */
  readonly kind: string;
  /** The reference as the user wrote it, normalised (safe to put in state: it holds no credential). */
  readonly reference: string;
  /**
   * Prove that a write would succeed with the configured credentials, without changing what
   * consumers read. Called before a secret is regenerated, so a misconfigured store fails first.
   */
  checkWritable(): Promise<void>;
  /**
   * Write `record`. Idempotent per `writeKey(record)` (stores/record.ts: the rotationId, plus the pending
   * rotation's id when there is one): repeating a write whose response was lost returns the version the
   * first write made instead of writing again.
   */
  write(record: CredentialRecord): Promise<StoredCredential>;
  /** Read the current record, or undefined when nothing is stored. */
  read(): Promise<StoredCredential | undefined>;
  /** Remove the record (every version). Succeeds when nothing is stored. */
  remove(): Promise<void>;
}
