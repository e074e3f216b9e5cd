/**
 * Options every store factory takes. Kept outside `store.ts` so the interface stays small: these are
 * construction-time settings, not part of what a caller does with a store.
 *
 * Credentials are looked up in `credentials` first (the Pulumi provider passes stack config here),
 * then in `env` (default `process.env`). They are registered with registerSecret() when used and never
 * appear in a reference, an error or a log line.
 */
import { RetryPolicy } from "../core/retry";

/** Credentials a store may use, all optional. */
export interface StoreCredentials {
  /** Vault/OpenBao token (else VAULT_TOKEN / BAO_TOKEN, VAULT_TOKEN_FILE, ~/.vault-token). */
  vaultToken?: string;
  /** AppRole role id (else VAULT_ROLE_ID / BAO_ROLE_ID). */
  vaultRoleId?: string;
  /** AppRole secret id (else VAULT_SECRET_ID / BAO_SECRET_ID). */
  vaultSecretId?: string;
  /** JWT for JWT login (else VAULT_JWT, or the file named by VAULT_JWT_FILE). */
  vaultJwt?: string;
  /** JWT role (else the reference's `role`, else VAULT_JWT_ROLE). */
  vaultJwtRole?: string;
  /** AWS static credentials (else the AWS default credential chain). */
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
}

/** Options of {@link openStore} and the store constructors. */
export interface StoreOptions {
  /** Environment to read addresses and credentials from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Credentials that take precedence over the environment. */
  credentials?: StoreCredentials;
  /** Directory relative file references resolve against. Default `process.cwd()`. */
  cwd?: string;
  /** Retry policy for transient failures (5xx, network). Default: a RetryPolicy with 4 attempts within 30 s. */
  retry?: RetryPolicy;
  /** Per-request timeout for Vault and AWS calls. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * AWS Secrets Manager remove(): delete at once without a recovery window. Default false: the secret
   * is scheduled for deletion after {@link awsRecoveryWindowDays} and can be restored until then (and
   * its name cannot be reused until then either).
   */
  awsForceDelete?: boolean;
  /** Recovery window of AWS remove() when not forced, 7–30 days. Default 7. */
  awsRecoveryWindowDays?: number;
}

/** The default retry policy of stores: a few attempts, bounded so that a preview does not hang. */
export function defaultStoreRetry(): RetryPolicy {
  return new RetryPolicy({ maxAttempts: 4, maxElapsedMs: 30_000, baseDelayMs: 250, maxDelayMs: 5_000 });
}
