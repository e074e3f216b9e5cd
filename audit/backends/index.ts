/**
 * Backends read directly from their object store: `s3://bucket[/prefix]?…`, `azblob://container?…` and
 * `gs://bucket`. {@link resolveAllSources} expands the audit's inputs — backend URLs here, files, directories and
 * `--stack` names through audit/sources.ts — into sources, in the order given. A backend that cannot be
 * listed (no such bucket, denied, unreachable) becomes one input whose read fails with that error, so the
 * rest is still audited and the audit exits 1 with the failure listed.
 */
import { PassThrough, type Readable } from "stream";
import { GuardError } from "../../core/errors";
import { resolveSources, type InputSpec, type Source } from "../sources";
import { SNIFF_BYTES, looksLikeTerraformState } from "../../terraform/format";
import { gunzipIfGzip } from "./gzip";
import { listBackend, type BackendObject, type TerraformCandidate } from "./layout";
import { objectSources, type PrefetchOptions, type PrefetchStats } from "./prefetch";
import { openAzureStore } from "./azblob";
import { openGcsStore } from "./gcs";
import { offThreadStore } from "./off-thread";
import { openS3Store } from "./s3";
import type { ObjectStore } from "./types";
import { isBackendUrl, maskedUrl, objectLabel, parseBackendUrl, type BackendUrl } from "./url";

export { isBackendUrl, maskedUrl, parseBackendUrl } from "./url";
export type { BackendUrl, BackendScheme } from "./url";
export type { ObjectStore, StoredObject } from "./types";
export type { PrefetchOptions, PrefetchStats } from "./prefetch";

/** Options of backend resolution. */
export interface BackendOptions {
  /** Environment for credentials. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Read-ahead limits. */
  prefetch?: PrefetchOptions;
  /** Progress lines (listing) go here; nothing when absent. */
  log?: (line: string) => void;
  /** Read-ahead counters, updated while sources are read. */
  stats?: PrefetchStats;
  /**
   * Keeps only the objects this returns true for (`--shard`), before any read-ahead is planned: the
   * read-ahead then never downloads an object of another shard.
   */
  select?: (source: Source) => boolean;
}

/** Opens the object store of a parsed backend URL. */
export function openObjectStore(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): ObjectStore {
  // The S3 SDK's per-request work runs on a worker thread (audit/backends/off-thread.ts); the in-thread store
  // validates the URL first (a usage error is thrown here) and serves what is streamed.
  if (url.scheme === "s3") return offThreadStore({ bucket: url.bucket, params: url.params.toString(), env: { ...env } }, openS3Store(url, env));
  if (url.scheme === "azblob") return openAzureStore(url, env);
  return openGcsStore(url, env);
}

const listingFailures = new WeakSet<Source>();

/** True for the source standing for a backend that could not be listed (it belongs to every shard). */
export function isListingFailure(source: Source): boolean {
  return listingFailures.has(source);
}

/** A source whose every read fails with `error` (a backend that could not be listed). */
export function failedSource(label: string, error: Error): Source {
  const source: Source = {
    label,
    kind: "unknown",
    open(): Readable {
      const out = new PassThrough();
      process.nextTick(() => out.destroy(error));
      return out;
    },
  };
  listingFailures.add(source);
  return source;
}

/** Every state object of the backend at `text` as a source (or one failed source when it cannot be listed). */
export async function backendSources(text: string, options: BackendOptions = {}): Promise<Source[]> {
  const url = parseBackendUrl(text);
  const label = maskedUrl(text);
  let store: ObjectStore;
  try {
    store = openObjectStore(url, options.env ?? process.env);
  } catch (error) {
    // A malformed URL is a usage error; missing credentials make this input unreadable.
    if (error instanceof GuardError && error.code !== "cli.usage") return [failedSource(label, error)];
    throw error;
  }
  try {
    options.log?.(`audit: listing ${label}`);
    const listing = await listBackend(store, url.prefix, (n) => options.log?.(`audit: listing ${label}: ${n} objects so far`));
    const pulumi = listing.pulumi;
    const terraform = await terraformObjects(store, listing.terraform);
    const objects = [...pulumi, ...terraform];
    options.log?.(`audit: ${label}: ${pulumi.length} Pulumi state objects${terraform.length > 0 ? `, ${terraform.length} Terraform state objects` : ""}`);
    if (objects.length === 0) {
      store.close();
      return [
        failedSource(
          label,
          new GuardError("input.not-found", `no Pulumi or Terraform state under ${objectLabel(url, url.prefix)}`, {
            hint: "Check the bucket and the prefix: the Pulumi CLI writes .pulumi/stacks, .pulumi/history and .pulumi/backups there; Terraform writes its state at the backend's key (workspaces under env:/<workspace>/).",
          }),
        ),
      ];
    }
    const sources = objectSources(store, objects, (key) => objectLabel(url, key), options.prefetch, options.stats, options.select);
    options.log?.(`audit: ${label}: ${sources.length} state objects selected`);
    return sources;
  } catch (error) {
    store.close();
    if (error instanceof GuardError) return [failedSource(label, error)];
    throw error;
  }
}

/** Objects at most this large are read for their first bytes to tell whether they are Terraform state. */
const MAX_SNIFFED_OBJECT = 512 * 1024 * 1024;
/** Objects whose first bytes are read at once. */
const SNIFF_CONCURRENCY = 8;

/** The first bytes of an object (the download is stopped there). */
async function objectHead(store: ObjectStore, key: string): Promise<Buffer> {
  const stream = gunzipIfGzip(await store.get(key));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= SNIFF_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * The Terraform state objects among the `candidates` (objects outside `.pulumi/`): named like state (`*.tfstate`,
 * `*.tfstate.backup`: always, so a broken one is reported), or any other object whose first bytes are Terraform
 * state. An object that cannot be read here is skipped: if it is state, nothing would read it either way.
 */
async function terraformObjects(store: ObjectStore, candidates: readonly TerraformCandidate[]): Promise<BackendObject[]> {
  const keep = candidates.map((c) => c.named);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const i = next++;
      const c = candidates[i];
      if (c.named || c.size > MAX_SNIFFED_OBJECT) continue;
      try {
        keep[i] = looksLikeTerraformState(await objectHead(store, c.key));
      } catch {
        keep[i] = false;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SNIFF_CONCURRENCY, candidates.length) }, worker));
  return candidates.filter((_, i) => keep[i]).map((c) => ({ key: c.key, size: c.size, kind: "terraform" as const }));
}

/**
 * The audit's inputs as sources, in the order given: backend URLs listed from their store, everything else
 * (files, directories, `file://`, `--stack`) as audit/sources.ts resolves it.
 */
export async function resolveAllSources(spec: InputSpec, options: BackendOptions = {}): Promise<Source[]> {
  const out: Source[] = [];
  const local: string[] = [];
  const flush = (): void => {
    if (local.length > 0) out.push(...resolveSources({ ...spec, paths: local.splice(0), stacks: [] }));
  };
  for (const p of spec.paths ?? []) {
    if (!isBackendUrl(p)) {
      local.push(p);
      continue;
    }
    flush();
    out.push(...(await backendSources(p, { env: spec.env, ...options })));
  }
  flush();
  if ((spec.stacks ?? []).length > 0) out.push(...resolveSources({ ...spec, paths: [] }));
  return out;
}
