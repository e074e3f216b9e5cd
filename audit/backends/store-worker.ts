/**
 * The thread side of {@link offThreadStore} (audit/backends/off-thread.ts): opens the S3 store of the bucket it
 * is given and answers `list` (pages of keys as they come) and `bytes` (a whole object, its memory transferred,
 * not copied) requests, so that the SDK's per-request work (signing, middleware, HTTP, checksums) runs on
 * another core than the audit engine. Errors go back as their code, message and safe details (never a credential:
 * {@link s3Error} already leaves them out).
 */
import { parentPort, workerData } from "worker_threads";
import { isGuardError } from "../../core/errors";
import { openS3Store } from "./s3";
import type { StoredObject } from "./types";

/** What the main thread asks. */
export type StoreRequest = { id: number; op: "list"; prefix: string } | { id: number; op: "bytes"; key: string };

/** An error as it crosses threads. */
export interface SerializedError {
  message: string;
  /** GuardError code, when it is one. */
  guard?: string;
  hint?: string;
  status?: number;
  serviceCode?: string;
  retryable?: boolean;
  /** Node.js error code (ECONNRESET …) of another error. */
  code?: string;
}

/** What the thread answers: list pages (then `done`), an object's bytes, or an error. */
export type StoreResponse =
  { id: number; items: StoredObject[] } | { id: number; done: true } | { id: number; body: Uint8Array } | { id: number; error: SerializedError };

/** Data the thread is started with. */
export interface StoreWorkerData {
  bucket: string;
  /** The URL's query string (`endpoint=…&region=…`). */
  params: string;
  env: NodeJS.ProcessEnv;
}

function serialize(error: unknown): SerializedError {
  if (isGuardError(error)) {
    return { message: error.message, guard: error.code, hint: error.hint, status: error.status, serviceCode: error.serviceCode, retryable: error.retryable };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as NodeJS.ErrnoException).code;
  return { message: e.message, ...(typeof code === "string" ? { code } : {}) };
}

const LIST_BATCH = 1000;

if (parentPort) {
  const port = parentPort;
  const data = workerData as StoreWorkerData;
  const store = openS3Store({ scheme: "s3", bucket: data.bucket, prefix: "", params: new URLSearchParams(data.params) }, data.env);
  const handle = async (request: StoreRequest): Promise<void> => {
    try {
      if (request.op === "list") {
        let items: StoredObject[] = [];
        for await (const o of store.list(request.prefix)) {
          items.push(o);
          if (items.length >= LIST_BATCH) {
            port.postMessage({ id: request.id, items } satisfies StoreResponse);
            items = [];
          }
        }
        if (items.length > 0) port.postMessage({ id: request.id, items } satisfies StoreResponse);
        port.postMessage({ id: request.id, done: true } satisfies StoreResponse);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of await store.get(request.key)) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      // One buffer of its own (not Node's shared pool), so that its memory can be transferred.
      const body = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.length;
      }
      port.postMessage({ id: request.id, body } satisfies StoreResponse, [body.buffer]);
    } catch (error) {
      port.postMessage({ id: request.id, error: serialize(error) } satisfies StoreResponse);
    }
  };
  port.on("message", (request: StoreRequest) => void handle(request));
}
