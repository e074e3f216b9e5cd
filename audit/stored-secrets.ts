/**
 * Reading the secrets stores hold, through stores/ (the same code the providers write with; credentials
 * from the environment exactly as the providers get them). Every secret read is registered for redaction,
 * so nothing printed can contain it.
 *
 * - {@link createStoreReader}: the references the audit discovers in state. Each is read once per run;
 *   a store that cannot be read gives one note (the reference in its safe form and the reason) and the
 *   audit goes on without it.
 * - {@link readStoredSecrets}: `--against-store REF`, given explicitly; a failure is an error.
 */
import { GuardError, isGuardError } from "../core/errors";
import { redactText, registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
import type { KnownSecret } from "../detection/known-secrets";
import type { StoreOptions, StoredCredential } from "../stores";

/** The part of a store the audit uses. */
export interface ReadableStore {
  /** The reference, normalised (safe to print). */
  readonly reference: string;
  /** The current record, or undefined when nothing is stored. */
  read(): Promise<StoredCredential | undefined>;
}

/** Opens a store for a reference (default: stores/ `openStore`, loaded on first use). */
export type StoreOpener = (reference: string, options: StoreOptions) => ReadableStore | Promise<ReadableStore>;

/** Reads the secrets held at a reference; resolves to none when the store cannot be read. */
export type StoreReader = (reference: string) => Promise<KnownSecret[]>;

/** Options of {@link createStoreReader}. */
export interface StoreReaderOptions {
  /** Store options (environment, cwd, retries). Default: {@link auditStoreOptions}. */
  store?: StoreOptions;
  /** Opens a store (tests inject a fake). Default: stores/ `openStore`. */
  open?: StoreOpener;
  /** Receives one line per store that could not be read. */
  note?: (line: string) => void;
  /** References already read (`--against-store`): not read again. */
  preloaded?: ReadonlyMap<string, readonly KnownSecret[]>;
}

async function defaultOpener(reference: string, options: StoreOptions): Promise<ReadableStore> {
  // Loaded on demand: the store clients (AWS SDK) are heavy and an audit of a stack without stores needs none.
  const { openStore } = await import("../stores");
  return openStore(reference, options);
}

/** The reference as it may be printed. */
async function safe(reference: string): Promise<string> {
  const { safeReference } = await import("../stores/reference");
  return safeReference(reference);
}

/** The secrets of a record: the current one and, during a rotation, the pending one. Registered for redaction. */
function secretsOf(stored: StoredCredential, source: string): KnownSecret[] {
  const out: KnownSecret[] = [];
  const record = stored.record;
  registerSecret(record.clientSecret);
  out.push({ source, value: record.clientSecret, clientId: record.clientId });
  if (record.pending?.clientSecret) {
    registerSecret(record.pending.clientSecret);
    out.push({ source: `${source} (pending rotation)`, value: record.pending.clientSecret, clientId: record.pending.clientId });
  }
  return out;
}

function reasonOf(error: unknown, reference: string, shown: string): string {
  const text = isGuardError(error) ? `${error.message} [${error.code}]` : error instanceof Error ? error.message : String(error);
  return redactText(text.split(reference).join(shown).split("\n")[0]);
}

/**
 * Store options of the audit's reads: the process environment, and a short retry budget — an audit must
 * not wait half a minute per unreachable store (it goes on without the store instead).
 */
export function auditStoreOptions(): StoreOptions {
  return { retry: new RetryPolicy({ maxAttempts: 2, maxElapsedMs: 5_000, baseDelayMs: 250, maxDelayMs: 1_000 }), timeoutMs: 10_000 };
}

/** A reader that reads each reference at most once per run (concurrent callers share the read). */
export function createStoreReader(options: StoreReaderOptions = {}): StoreReader {
  const cache = new Map<string, Promise<KnownSecret[]>>();
  for (const [reference, secrets] of options.preloaded ?? []) cache.set(reference, Promise.resolve([...secrets]));
  const open = options.open ?? defaultOpener;
  const storeOptions = options.store ?? auditStoreOptions();
  const read = async (reference: string): Promise<KnownSecret[]> => {
    const shown = await safe(reference);
    try {
      const store = await open(reference, storeOptions);
      const stored = await store.read();
      if (!stored) {
        options.note?.(`genesys-oauth-guard: note: nothing is stored at ${shown}; the audit goes on without its secret`);
        return [];
      }
      return secretsOf(stored, shown);
    } catch (error) {
      options.note?.(
        `genesys-oauth-guard: note: cannot read the store at ${shown} (${reasonOf(error, reference, shown)}); the audit goes on without its secret`,
      );
      return [];
    }
  };
  return (reference: string): Promise<KnownSecret[]> => {
    let pending = cache.get(reference);
    if (!pending) cache.set(reference, (pending = read(reference)));
    return pending;
  };
}

/** `--against-store`: reads the current secret at every reference; a store that cannot be read, or holds nothing, is an error. */
export async function readStoredSecrets(references: readonly string[], options: StoreOptions = {}, open: StoreOpener = defaultOpener): Promise<KnownSecret[]> {
  const out: KnownSecret[] = [];
  for (const reference of references) {
    const store = await open(reference, options);
    const stored = await store.read();
    if (!stored) {
      throw new GuardError("store.not-found", `nothing is stored at ${store.reference}`, { hint: "Check the reference, or drop this --against-store." });
    }
    out.push(...secretsOf(stored, store.reference));
  }
  return out;
}
