/**
 * What OAuthClient and SecretRotation share: turning a secret fresh from Genesys into a store record,
 * writing it (retried: writes are idempotent per rotation id), verifying it with a token grant, and the
 * non-reversible marker that is all of the secret state ever sees.
 */
import { createHmac } from "crypto";
import { GuardError, isGuardError } from "../core/errors";
import { debug } from "../core/log";
import { redactText, registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
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

/**
 * Wait until a token grant with the new secret succeeds (Genesys may take a moment to accept a
 * regenerated secret). Resolves true when verified, false when the time ran out; errors that are not
 * "credentials not accepted yet" propagate.
 */
export async function verifySecret(
  deps: Pick<ProviderDeps, "sleep" | "now">,
  genesys: GenesysApi,
  clientId: string,
  clientSecret: string,
  timeoutMs: number,
): Promise<boolean> {
  const started = deps.now().getTime();
  let wait = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      if (await genesys.verifyCredentials(clientId, clientSecret)) return true;
    } catch (error) {
      if (!isGuardError(error) || !error.retryable) throw error;
    }
    const elapsed = deps.now().getTime() - started;
    if (elapsed + wait > timeoutMs) return false;
    debug("provider", `token grant with the new secret of ${clientId} not accepted yet (attempt ${attempt}); retrying in ${wait} ms`);
    await deps.sleep(wait);
    wait = Math.min(wait * 2, 5_000);
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
 * only the last answer counts and repeating is safe.
 */
export async function regenerateSecret(genesys: GenesysApi, clientId: string): Promise<{ secret: string; name?: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await genesys.regenerateSecret(clientId);
      registerSecret(result.secret);
      return result;
    } catch (error) {
      if (!mayHaveActed(error) || attempt >= 3) throw error;
    }
  }
}

/** A GuardError's description, or the redacted message of anything else: for wrapping causes. */
export function describeError(error: unknown): string {
  if (error instanceof GuardError) return redactText(error.describe());
  if (error instanceof Error) return redactText(error.message);
  return redactText(String(error));
}
