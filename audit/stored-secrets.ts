/**
 * `--against-store`: reads the secret each store currently holds, through stores/ (the same code the
 * providers write with), and registers it for redaction so that nothing printed can contain it.
 */
import { GuardError } from "../core/errors";
import { registerSecret } from "../core/redact";
import type { StoreOptions } from "../stores";
import type { KnownSecret } from "./store-match";

/** Reads the current secret at every reference; a store with nothing stored is an error (nothing to compare). */
export async function readStoredSecrets(references: readonly string[], options: StoreOptions = {}): Promise<KnownSecret[]> {
  // Loaded on demand: the store clients (AWS SDK) are heavy and most audits do not need them.
  const { openStore } = await import("../stores");
  const out: KnownSecret[] = [];
  for (const reference of references) {
    const store = openStore(reference, options);
    const stored = await store.read();
    if (!stored) {
      throw new GuardError("store.not-found", `nothing is stored at ${store.reference}`, { hint: "Check the reference, or drop this --against-store." });
    }
    registerSecret(stored.record.clientSecret);
    out.push({ source: store.reference, value: stored.record.clientSecret });
  }
  return out;
}
