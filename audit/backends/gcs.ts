/**
 * The Google Cloud Storage object store of `gs://bucket[/prefix]` backends, with @google-cloud/storage:
 * GOOGLE_CREDENTIALS (a service account key's JSON text, which the Pulumi CLI reads first), else Application
 * Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the metadata server).
 * GOOGLE_OAUTH_ACCESS_TOKEN, which the Pulumi CLI also accepts, is not used here.
 * As for the Pulumi CLI (gocloud.dev gcsblob): `prefix`, and STORAGE_EMULATOR_HOST (`host:port`, no
 * authentication) for an emulator such as fake-gcs-server; `access_id`, `private_key_path` (URL signing) and
 * `universe_domain` are accepted and change nothing for reading; `anonymous=true` is refused (the Node.js client
 * has no unauthenticated mode for the real service).
 */
import { PassThrough, type Readable } from "stream";
import { GuardError } from "../../core/errors";
import type { ObjectStore, StoredObject } from "./types";
import { boolParam, type BackendUrl } from "./url";

const KNOWN_PARAMS = new Set(["anonymous", "access_id", "private_key_path", "universe_domain", "prefix"]);

/** Options of the Storage client a backend URL and the environment ask for (exported for tests). */
export interface GcsTarget {
  /** `http://host:port` of an emulator, when STORAGE_EMULATOR_HOST is set. */
  apiEndpoint?: string;
  /** Parsed GOOGLE_CREDENTIALS (holds a private key: never print it). */
  credentials?: Record<string, string>;
}

/** The client options of a `gs://` URL. */
export function gcsTarget(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): GcsTarget {
  for (const key of url.params.keys()) {
    if (!KNOWN_PARAMS.has(key))
      throw new GuardError("cli.usage", `unknown query parameter "${key}" in gs:// URL`, {
        hint: "The Pulumi CLI refuses it too; see audit/README.md for the accepted parameters.",
      });
  }
  if (boolParam(url, "anonymous") === true)
    throw new GuardError("cli.usage", "anonymous=true is not supported by the audit for gs:// backends", {
      hint: "Use credentials with read access (GOOGLE_APPLICATION_CREDENTIALS).",
    });
  const host = env.STORAGE_EMULATOR_HOST;
  const target: GcsTarget = host ? { apiEndpoint: /^https?:\/\//.test(host) ? host.replace(/\/+$/, "") : `http://${host}` } : {};
  if (env.GOOGLE_CREDENTIALS) {
    try {
      target.credentials = JSON.parse(env.GOOGLE_CREDENTIALS) as Record<string, string>;
    } catch {
      throw new GuardError("input.unauthorized", "GOOGLE_CREDENTIALS is not a JSON service account key", {
        hint: "Give the key file's contents, or its path in GOOGLE_APPLICATION_CREDENTIALS.",
      });
    }
  }
  return target;
}

interface GcsLikeError {
  code?: number | string;
  name?: string;
  message?: string;
}

/** Maps a Storage error to a {@link GuardError}. */
export function gcsError(error: unknown, what: string): GuardError {
  const e = (typeof error === "object" && error !== null ? error : {}) as GcsLikeError;
  const status = typeof e.code === "number" ? e.code : undefined;
  const code = typeof e.code === "string" ? e.code : (e.name ?? "Error");
  const details = { serviceCode: String(e.code ?? code), status };
  if (status === 404)
    return new GuardError("input.not-found", /bucket/i.test(e.message ?? "") ? `${what}: the bucket does not exist` : `${what}: not found`, details);
  if (status === 401 || status === 403 || /Could not load the default credentials/i.test(e.message ?? "")) {
    return new GuardError("input.unauthorized", `${what}: access denied${status ? ` (HTTP ${status})` : ": no Google credentials"}`, {
      ...details,
      hint: "Set GOOGLE_APPLICATION_CREDENTIALS (or gcloud auth application-default login); the account needs storage.objects.list and storage.objects.get.",
    });
  }
  if (["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH"].includes(code)) {
    return new GuardError("input.unavailable", `${what}: GCS endpoint unreachable (${code})`, { ...details, retryable: true });
  }
  return new GuardError("input.unavailable", `${what}: GCS error ${code}${status ? ` (HTTP ${status})` : ""}`, details);
}

/** An {@link ObjectStore} over one GCS bucket. */
export function openGcsStore(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const target = gcsTarget(url, env);
  const where = `gs://${url.bucket}`;
  type Bucket = import("@google-cloud/storage").Bucket;
  let bucket: Promise<Bucket> | undefined;
  const client = (): Promise<Bucket> => {
    bucket ??= import("@google-cloud/storage").then((sdk) => {
      // The Node.js client reads STORAGE_EMULATOR_HOST itself as a base URL (`http://host:port/storage/v1`),
      // gocloud.dev (the Pulumi CLI) as `host:port`: hide it while constructing; apiEndpoint says the same.
      const saved = process.env.STORAGE_EMULATOR_HOST;
      delete process.env.STORAGE_EMULATOR_HOST;
      try {
        const storage = new sdk.Storage({
          ...(target.apiEndpoint ? { apiEndpoint: target.apiEndpoint, projectId: "emulator" } : {}),
          // Deprecated for credentials from untrusted sources; these are the user's own GOOGLE_APPLICATION_CREDENTIALS-style file.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          ...(target.credentials ? { credentials: target.credentials } : {}),
          retryOptions: { maxRetries: 2 },
        });
        return storage.bucket(url.bucket);
      } finally {
        if (saved !== undefined) process.env.STORAGE_EMULATOR_HOST = saved;
      }
    });
    return bucket;
  };
  return {
    async *list(prefix: string): AsyncIterable<StoredObject> {
      const b = await client();
      let pageToken: string | undefined;
      do {
        let files;
        let next;
        try {
          [files, next] = await b.getFiles({ prefix, autoPaginate: false, maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
        } catch (error) {
          throw gcsError(error, `cannot list ${where}/${prefix}`);
        }
        for (const f of files) yield { key: f.name, size: Number(f.metadata.size ?? 0) };
        pageToken = (next as { pageToken?: string } | null | undefined)?.pageToken;
      } while (pageToken);
    },
    async get(key: string): Promise<Readable> {
      const b = await client();
      const stream = b.file(key).createReadStream({ validation: false, decompress: false });
      // Errors (404, 403) arrive on the stream: map them there.
      const mapped = new PassThrough({ highWaterMark: 1 << 20 });
      stream.on("error", (e: unknown) => mapped.destroy(gcsError(e, "cannot read object")));
      mapped.on("close", () => stream.destroy());
      return stream.pipe(mapped);
    },
    close(): void {
      // HTTP connections close when idle.
    },
  };
}
