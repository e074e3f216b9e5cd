/**
 * What OAuthClient and SecretRotation share: turning a secret fresh from Genesys into a store record,
 * writing it (retried: writes are idempotent per rotation id), verifying it with a token grant, and the
 * non-reversible marker that is all of the secret state ever sees.
 */
import { createHmac } from "crypto";
import { GuardError, isGuardError } from "../core/errors";
import { redactText, registerSecret } from "../core/redact";
import { classifyGuardError, RetryPolicy } from "../core/retry";
import { CREDENTIAL_SCHEMA, CredentialRecord, SecretStore, StoredCredential } from "../stores/store";
import type { GenesysApi, ProviderDeps } from "./ports";

/** Prefix of every secret marker; audits recognise it as "not a secret". */
export const MARKER_PREFIX = "sha256:";

/**
 * A marker that identifies a secret without revealing it: `sha256:` + the first 16 hex digits of
 * HMAC-SHA256 keyed by the client id. 64 bits cannot be inverted to a 20-character random secret, and
 * keying by client id means equal markers never link two clients.
 */
export function secretMarker(clientId: string, clientSecret: string): string {
  return MARKER_PREFIX + createHmac("sha256", `genesys-oauth-guard/marker/${clientId}`).update(clientSecret, "utf8").digest("hex").slice(0, 16);
}

/** The record written for a secret just produced by Genesys. */
export function credentialRecord(
  deps: Pick<ProviderDeps, "location">,
  fields: { clientId: string; clientSecret: string; rotationId: string; rotatedAt: Date; clientName?: string },
): CredentialRecord {
  const location = deps.location();
  const record: CredentialRecord = {
    schema: CREDENTIAL_SCHEMA,
    clientId: fields.clientId,
    clientSecret: fields.clientSecret,
    rotationId: fields.rotationId,
    rotatedAt: fields.rotatedAt.toISOString(),
  };
  if (location.region) record.region = location.region;
  if (location.apiBaseUrl) record.apiBaseUrl = location.apiBaseUrl;
  if (location.loginBaseUrl) record.loginBaseUrl = location.loginBaseUrl;
  if (fields.clientName) record.clientName = fields.clientName;
  return record;
}

/** The retry policy for store writes and Genesys reads inside a provider call. */
export function retryPolicy(deps: Pick<ProviderDeps, "sleep">, maxElapsedMs = 60_000): RetryPolicy {
  return new RetryPolicy({ maxAttempts: 6, maxElapsedMs, baseDelayMs: 250, maxDelayMs: 5_000 }, undefined, deps.sleep);
}

/**
 * Write `record` to `store`, retrying transient failures. Safe to repeat: stores recognise a rotation id
 * they already wrote and return that version.
 */
export async function writeSecret(deps: Pick<ProviderDeps, "sleep">, store: SecretStore, record: CredentialRecord): Promise<StoredCredential> {
  registerSecret(record.clientSecret);
  return retryPolicy(deps).run({ operation: `write ${store.reference}`, idempotent: true }, () => store.write(record));
}

/** Thrown inside the verification policy when Genesys does not accept the new secret yet. */
class NotAcceptedYet extends Error {}

/**
 * Wait until a token grant with the new secret succeeds (Genesys may take a moment to accept a
 * regenerated secret). Resolves true when verified, false when the time ran out; errors that are not
 * "credentials not accepted yet" (or a retryable failure) propagate.
 *
 * Runs on the project's RetryPolicy: waits of 250 ms doubling to 5 s, bounded by `timeoutMs`. No jitter
 * (random fixed at 1): this polls our own secret's propagation, it does not contend with other callers.
 */
export async function verifySecret(
  deps: Pick<ProviderDeps, "sleep" | "now">,
  genesys: GenesysApi,
  clientId: string,
  clientSecret: string,
  timeoutMs: number,
): Promise<boolean> {
  const policy = new RetryPolicy(
    { maxAttempts: Number.MAX_SAFE_INTEGER, maxElapsedMs: timeoutMs, baseDelayMs: 250, maxDelayMs: 5_000 },
    (error) => (error instanceof NotAcceptedYet ? { retry: true, reason: "not accepted yet" } : classifyGuardError(error)),
    deps.sleep,
    () => 1,
    () => deps.now().getTime(),
  );
  try {
    await policy.run({ operation: `token grant with the new secret of ${clientId}` }, async () => {
      if (!(await genesys.verifyCredentials(clientId, clientSecret))) throw new NotAcceptedYet();
    });
    return true;
  } catch (error) {
    // Out of time while the secret was not accepted (or the token endpoint kept failing transiently).
    if (error instanceof NotAcceptedYet || (isGuardError(error) && error.retryable)) return false;
    throw error;
  }
}

/** True when a failed non-idempotent call may still have acted on the server (lost response). */
export function mayHaveActed(error: unknown): boolean {
  if (!isGuardError(error) || error.notActed) return false;
  if (error.code === "genesys.network") return true;
  return error.status !== undefined && error.status >= 500;
}

/**
 * Regenerate a client's secret, repeating after a lost response: each call replaces the secret, so
 * only the last answer counts and repeating is safe (hence `idempotent: true` with a classifier that
 * retries exactly the failures that may have acted; the Genesys client already retried the others).
 */
export async function regenerateSecret(genesys: GenesysApi, clientId: string, sleep?: (ms: number) => Promise<void>): Promise<{ secret: string; name?: string }> {
  const policy = new RetryPolicy(
    { maxAttempts: 3, maxElapsedMs: 30_000, baseDelayMs: 250, maxDelayMs: 1_000 },
    (error) => ({ retry: mayHaveActed(error), reason: isGuardError(error) ? error.code : "unknown" }),
    sleep,
  );
  const result = await policy.run({ operation: `regenerate the secret of ${clientId}`, idempotent: true }, () => genesys.regenerateSecret(clientId));
  registerSecret(result.secret);
  return result;
}

/** A GuardError's description, or the redacted message of anything else: for wrapping causes. */
export function describeError(error: unknown): string {
  if (error instanceof GuardError) return redactText(error.describe());
  if (error instanceof Error) return redactText(error.message);
  return redactText(String(error));
}
