/**
 * When the current secret of each managed client was issued: the `rotatedAt` of the record in the store
 * its stack delivers to. Each store reference is read once; a store that cannot be read (no credentials
 * here, unreachable) leaves the age unknown and adds one note. Only the client id and the time are kept:
 * the secret is registered for redaction and dropped at once.
 */
import { isGuardError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { safeReference } from "../stores/reference";

/** What a store record says about the secret it holds. */
export interface StoredIssue {
  /** The client whose secret the record holds (the current one of a ClientPair). */
  clientId: string;
  /** When that secret was issued. */
  rotatedAt: string;
}

/** Reads every reference once. */
export async function readSecretIssues(
  references: Iterable<string>,
  onNote: (note: string) => void,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Map<string, StoredIssue>> {
  const out = new Map<string, StoredIssue>();
  const unique = [...new Set(references)];
  if (unique.length === 0) return out;
  // Loaded on demand: the store clients (the AWS SDK) are heavy and not every inventory needs them.
  const { openStore } = await import("../stores");
  for (const reference of unique) {
    try {
      const stored = await openStore(reference, options).read();
      if (!stored) {
        onNote(`nothing stored at ${safeReference(reference)} (secret age unknown)`);
        continue;
      }
      registerSecret(stored.record.clientSecret);
      out.set(reference, { clientId: stored.record.clientId, rotatedAt: stored.record.rotatedAt });
    } catch (error) {
      onNote(`store ${safeReference(reference)} not readable (secret age unknown): ${isGuardError(error) ? error.code : "error"}`);
    }
  }
  return out;
}
