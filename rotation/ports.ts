/**
 * What the rotation service needs from the outside world, as small interfaces: the Genesys calls a
 * rotation makes, the store factory, a clock, ids and a logger. The providers (providers/ports.ts extends
 * these) and the CLI (rotation/bindings.ts) bind them; unit tests pass fakes.
 */
import type { SecretStore } from "../stores/store";

/** Where the Genesys org lives, copied into every credential record. */
export interface GenesysLocation {
  region?: string;
  apiBaseUrl?: string;
  loginBaseUrl?: string;
}

/** The answer to one client-credentials token grant; `reason` says why it was refused (never a secret). */
export type CredentialCheck = { ok: true } | { ok: false; reason: string };

/** The Genesys operations a rotation calls. Errors are GuardErrors with `genesys.*` codes. */
export interface RotationGenesys {
  /**
   * The new secret and the client's name (the response carries the client). 404 → `genesys.not-found`.
   * A lost response surfaces as an error (the transport does not repeat a call that may have acted).
   */
  regenerateSecret(id: string): Promise<{ secret: string; name?: string }>;
  /** One client-credentials token grant with these credentials (the transport retries 429/5xx/network). */
  checkCredentials(clientId: string, clientSecret: string): Promise<CredentialCheck>;
}

/** Everything a rotation reaches the outside world through. */
export interface RotationDeps {
  genesys(): RotationGenesys;
  location(): GenesysLocation;
  /** The store a reference names (stores/index.ts openStore, with this process's credentials). */
  openStore(reference: string): SecretStore;
  now(): Date;
  randomId(): string;
  sleep: (ms: number) => Promise<void>;
}

/** Where a rotation reports what the user must know (a recovered crash, a rejected stored secret). Never given a secret. */
export interface RotationLogger {
  warn(message: string): void;
}
