/**
 * Known secrets for the pack: the secrets held by the stores that the stack's own OAuthClient /
 * SecretRotation / ClientPair resources name, read once per reference per run (cached in module scope) and
 * compiled into one matcher (detection/known-secrets.ts).
 *
 * The one place the pack touches stores/: {@link loadStoresModule} loads the main package's compiled
 * store opener (`dist/stores/open.js`, which loads a backend — the AWS SDK, the Vault client — only when a
 * reference of its scheme is read; `dist/stores/index.js`, which loads them all, in a package without it)
 * lazily, only when a reference exists. The import specifier is computed, so tsc does not compile stores/ into the
 * pack. If the module cannot be loaded or a store cannot be read, nothing is reported about it except an
 * advisory note ({@link knownSecretNotes}); nothing here throws.
 */
import * as fs from "fs";
import * as path from "path";
import { KnownSecretMatcher, type KnownSecret } from "../../detection";

/** A record as stores/ reads it (the fields the pack uses). */
export interface StoredRecordView {
  record: { clientId: string; clientSecret: string; pending?: { clientId: string; clientSecret?: string } };
}

/** The part of the main package's stores module the pack uses. */
export interface StoresModuleView {
  openStore(reference: string, options?: Record<string, unknown>): { read(): Promise<StoredRecordView | undefined> };
  safeReference(text: string): string;
}

/** Reads the secrets at one reference: the current one and, during a rotation, the pending one. */
export type PackStoreReader = (reference: string) => Promise<KnownSecret[]>;

/** Package name whose compiled stores/ the pack loads. */
const MAIN_PACKAGE = "genesys-oauth-guard";

/**
 * The compiled store modules, best first: `stores/open` loads only the backends of the schemes read, so
 * loading it costs a few modules instead of every store SDK; `stores/index` (an older package) all of them.
 */
const STORE_MODULES = ["open", "index"];

/** Files that may be the main package's store module: under this file's ancestors (the pack lives in its `policies/`), then the program's. */
function candidateModules(): string[] {
  const out: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === MAIN_PACKAGE) {
        for (const name of STORE_MODULES) {
          const entry = path.join(dir, "dist", "stores", `${name}.js`);
          if (fs.existsSync(entry)) out.push(entry);
        }
      }
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const base of [__dirname, process.cwd()]) {
    for (const name of STORE_MODULES) {
      try {
        out.push(require.resolve(`${MAIN_PACKAGE}/stores/${name}`, { paths: [base] }));
      } catch {
        // not installed there
      }
    }
  }
  return [...new Set(out)];
}

function isStoresModule(value: unknown): value is StoresModuleView {
  const m = value as Partial<StoresModuleView> | null;
  return typeof m === "object" && m !== null && typeof m.openStore === "function" && typeof m.safeReference === "function";
}

/**
 * Loads the main package's compiled store module (lazily: a dynamic import with a computed specifier).
 * Resolves to undefined, with the reason, when no candidate loads.
 */
export async function loadStoresModule(): Promise<{ module?: StoresModuleView; reason?: string }> {
  const candidates = candidateModules();
  let reason = `the ${MAIN_PACKAGE} package (with dist/stores) was not found next to the pack`;
  // The first candidate that loads wins: `open` before `index` of the same package.
  for (const file of candidates) {
    try {
      const loaded: unknown = await import(file);
      if (isStoresModule(loaded)) return { module: loaded };
      reason = `${file} is not the stores module`;
    } catch (error) {
      reason = `cannot load ${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
  }
  return { reason };
}

let storesModule: Promise<{ module?: StoresModuleView; reason?: string }> | undefined;
/** Per reference: its secrets, compiled (one part of every matcher naming it). */
const reads = new Map<string, Promise<KnownSecretMatcher>>();
/** Compiled matchers by the set of references they cover (a validation per resource must not recompile). */
const matchers = new Map<string, KnownSecretMatcher>();
const notes: string[] = [];
let reader: PackStoreReader | undefined;

/** Short budget: a preview must not wait on an unreachable store (the stores' default retries take up to 30 s). */
const STORE_OPTIONS = { timeoutMs: 10_000 };

/**
 * Where a relative `file://./…` reference may be relative to: the program's directory — the directory
 * `pulumi` was started in (`PWD`, inherited by the analyzer) — then the analyzer's own working directory.
 */
function baseDirectories(reference: string): string[] {
  const dirs = [process.env.PWD, process.cwd()].filter((d): d is string => typeof d === "string" && d !== "");
  return /^file:\/\/\.{1,2}\//i.test(reference) ? [...new Set(dirs)] : [process.cwd()];
}

async function defaultReader(reference: string): Promise<KnownSecret[]> {
  storesModule ??= loadStoresModule();
  const { module, reason } = await storesModule;
  if (!module) {
    notes.push(`known-secret matching is off for the store named by this stack: ${reason}`);
    return [];
  }
  const shown = module.safeReference(reference);
  try {
    let stored: StoredRecordView | undefined;
    for (const cwd of baseDirectories(reference)) {
      stored = await module.openStore(reference, { ...STORE_OPTIONS, cwd }).read();
      if (stored) break;
    }
    if (!stored) return [];
    const out: KnownSecret[] = [{ source: shown, value: stored.record.clientSecret, clientId: stored.record.clientId }];
    const pending = stored.record.pending;
    if (pending?.clientSecret) out.push({ source: `${shown} (pending rotation)`, value: pending.clientSecret, clientId: pending.clientId });
    return out;
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === "string" ? ` [${(error as { code: string }).code}]` : "";
    notes.push(`cannot read the store at ${shown}${code}: known-secret matching goes on without its secret`);
    return [];
  }
}

/** Replaces how references are read (tests), and forgets every cached read and note. */
export function setPackStoreReader(custom: PackStoreReader | undefined): void {
  reader = custom;
  reads.clear();
  matchers.clear();
  notes.length = 0;
  storesModule = undefined;
}

/** Reads `references` (each once per run) and compiles a matcher for their secrets. Never throws. */
export async function knownSecretMatcher(references: Iterable<string>): Promise<KnownSecretMatcher> {
  const list = [...new Set(references)].sort();
  const key = list.join("\u0000");
  const parts: KnownSecretMatcher[] = [];
  for (const reference of list) {
    let pending = reads.get(reference);
    if (!pending) {
      const read = reader ?? defaultReader;
      // Each store's secrets are derived and compiled once per run; a set of stores combines those parts.
      pending = read(reference)
        .catch((): KnownSecret[] => {
          notes.push("a store named by this stack could not be read: known-secret matching goes on without its secret");
          return [];
        })
        .then((secrets) => new KnownSecretMatcher(secrets));
      reads.set(reference, pending);
    }
    parts.push(await pending);
  }
  let matcher = matchers.get(key);
  if (!matcher) matchers.set(key, (matcher = KnownSecretMatcher.combine(parts)));
  return matcher;
}

/** The references read so far (to re-use across the validations of one run). */
export function readReferences(): string[] {
  return [...reads.keys()];
}

/** Notes about stores that could not be read (reported by the advisory known-secret policy). */
export function knownSecretNotes(): readonly string[] {
  return [...new Set(notes)];
}
