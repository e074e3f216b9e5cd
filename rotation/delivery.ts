/**
 * The steps every secret delivery shares (OAuthClient create/move, SecretRotation, ClientPair, the CLI):
 * turning a secret fresh from Genesys into a store record, writing it, verifying it with a token grant,
 * regenerating it with recovery from a lost response, and the non-reversible marker that is all of the
 * secret state ever sees.
 *
 * Retries live in the transports (the Genesys client, each store's HTTP layer: core/retry.ts). This module
 * adds none on top; it only recovers from what a transport cannot decide for itself: a regenerate whose
 * response was lost (repeated: only the last answer counts) and a new secret Genesys has not accepted yet
 * (polled until the verification timeout).
 */
import { createHmac } from "crypto";
import { GuardError, isGuardError } from "../core/errors";
import { redactText, registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
import { CREDENTIAL_SCHEMA, CredentialRecord, SecretStore, StoredCredential } from "../stores/store";
import type { RotationDeps, RotationGenesys } from "./ports";

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
  deps: Pick<RotationDeps, "location">,
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

/**
 * Write `record` to `store`: one `write()`, whose transient failures the store's own HTTP layer retried
 * (stores/options.ts defaultStoreRetry). Safe to repeat on a later run: stores recognise a write key they
 * already wrote (stores/record.ts writeKey) and return that version. (`_deps` is unused since the retries
 * moved to the transports; the parameter stays until the providers' call sites are next edited.)
 */
export async function writeSecret(_deps: unknown, store: SecretStore, record: CredentialRecord): Promise<StoredCredential> {
  registerSecret(record.clientSecret);
  return store.write(record);
}

/** Thrown inside the verification poll when Genesys does not accept the new secret yet. */
class NotAcceptedYet extends Error {}

/** How the new-secret poll waits: 250 ms doubling to 5 s, bounded by the verification timeout. */
const PROPAGATION_POLL = { baseDelayMs: 250, maxDelayMs: 5_000 } as const;

/** How often a regenerate is repeated after lost responses (each repeat replaces the secret again). */
const LOST_RESPONSE_RECOVERY = { maxAttempts: 3, maxElapsedMs: 30_000, baseDelayMs: 250, maxDelayMs: 1_000 } as const;

/**
 * Wait until a token grant with the new secret succeeds (Genesys may take a moment to accept a
 * regenerated secret). Resolves true when verified, false when the time ran out or the token endpoint
 * stayed unavailable after the transport's own retries; other errors propagate.
 *
 * Only "not accepted yet" is polled again (a propagation wait, not a retry: 429/5xx/network failures are
 * the Genesys client's to retry). No jitter (random fixed at 1): this polls our own secret's propagation,
 * it does not contend with other callers.
 */
export async function verifySecret(
  deps: Pick<RotationDeps, "sleep" | "now">,
  genesys: RotationGenesys,
  clientId: string,
  clientSecret: string,
  timeoutMs: number,
): Promise<boolean> {
  const policy = new RetryPolicy(
    { maxAttempts: Number.MAX_SAFE_INTEGER, maxElapsedMs: timeoutMs, ...PROPAGATION_POLL },
    (error) => (error instanceof NotAcceptedYet ? { retry: true, reason: "not accepted yet" } : { retry: false, reason: "final" }),
    deps.sleep,
    () => 1,
    () => deps.now().getTime(),
  );
  try {
    await policy.run({ operation: `token grant with the new secret of ${clientId}` }, async () => {
      if (!(await genesys.checkCredentials(clientId, clientSecret)).ok) throw new NotAcceptedYet();
    });
    return true;
  } catch (error) {
    // Out of time while the secret was not accepted, or the token endpoint still failing after the transport's retries.
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
 * repeats exactly the failures that may have acted; the Genesys client already retried the others, and
 * does not repeat these itself because the call is not idempotent). `sleep` is the caller's clock.
 */
export async function regenerateSecret(
  genesys: RotationGenesys,
  clientId: string,
  sleep: (ms: number) => Promise<void>,
): Promise<{ secret: string; name?: string }> {
  const policy = new RetryPolicy(
    LOST_RESPONSE_RECOVERY,
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
