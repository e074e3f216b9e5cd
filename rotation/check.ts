/**
 * Does the secret a store holds still work? One store read and one token grant with the stored client's
 * own credentials: what `genesys-oauth-guard verify` reports for each reference.
 */
import { registerSecret } from "../core/redact";
import type { StoredCredential } from "../stores/store";
import type { CredentialCheck, RotationDeps, RotationGenesys } from "./ports";

/** The outcome of {@link checkStoredSecret}. Never holds more of the secret than `stored` itself. */
export type StoredSecretCheck =
  | { status: "missing" }
  /** The store holds another client's record than the one expected. */
  | { status: "other-client"; stored: StoredCredential }
  | { status: "checked"; stored: StoredCredential; grant: CredentialCheck }
  /** The token grant itself failed (unreachable, 5xx after the transport's retries, a bad location). */
  | { status: "grant-failed"; stored: StoredCredential; error: unknown };

/**
 * Read `reference` and try a token grant with the record it holds. `genesysFor` builds the Genesys access for
 * the record (rotation/bindings.ts `ownCredentialsGenesys`: the record's own id and secret, at the location
 * written in it). A store failure propagates (a GuardError); a failed grant is a result.
 */
export async function checkStoredSecret(
  deps: Pick<RotationDeps, "openStore">,
  genesysFor: (stored: StoredCredential) => RotationGenesys,
  reference: string,
  expectedClientId?: string,
): Promise<StoredSecretCheck> {
  const stored = await deps.openStore(reference).read();
  if (!stored) return { status: "missing" };
  registerSecret(stored.record.clientSecret);
  if (expectedClientId && expectedClientId !== stored.record.clientId) return { status: "other-client", stored };
  try {
    const grant = await genesysFor(stored).checkCredentials(stored.record.clientId, stored.record.clientSecret);
    return { status: "checked", stored, grant };
  } catch (error) {
    return { status: "grant-failed", stored, error };
  }
}
