/**
 * An S3 {@link ObjectStore} whose listing and whole-object downloads run on a worker thread
 * (audit/backends/store-worker.ts). Measured on the 2,000-stack bench (bench/backends/README.md): the AWS SDK
 * costs the Node.js process about 3 ms of CPU per request (signing, middleware, HTTP, checksums) — about as
 * much as the downloaded state costs the engine to scan, per object, on the same thread. On its own thread that
 * work runs on the second core while the engine scans. Objects are handed over without a copy (the memory is
 * transferred). Objects streamed rather than held (larger than half the read-ahead budget) and the first bytes
 * read to tell Terraform state apart still go through `inThread`, the same store on this thread.
 *
 * The thread is started on first use and keeps the process alive only while a request is pending.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { GuardError, type GuardErrorCode } from "../../core/errors";
import type { ObjectStore, StoredObject } from "./types";
import type { SerializedError, StoreRequest, StoreResponse, StoreWorkerData } from "./store-worker";

function revive(e: SerializedError): Error {
  if (e.guard !== undefined) {
    return new GuardError(e.guard as GuardErrorCode, e.message, { hint: e.hint, status: e.status, serviceCode: e.serviceCode, retryable: e.retryable });
  }
  const error = new Error(e.message) as NodeJS.ErrnoException;
  if (e.code !== undefined) error.code = e.code;
  return error;
}

/** A request before it is numbered (each member of the union without its id). */
type Unnumbered<T> = T extends unknown ? Omit<T, "id"> : never;

interface Pending {
  request: Unnumbered<StoreRequest>;
  page?: (items: StoredObject[]) => void;
  resolve: (value: Buffer | undefined) => void;
  reject: (error: Error) => void;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `inThread` with `list` and `getBytes` moved to a worker thread that opens the same bucket. Without the compiled
 * worker script (sources run through a TypeScript loader), or once the thread has failed, everything runs on this
 * thread: downloads that were in flight on the thread are made again here.
 */
export function offThreadStore(data: StoreWorkerData, inThread: ObjectStore): ObjectStore {
  const script = path.join(__dirname, "store-worker.js");
  if (!fs.existsSync(script)) return inThread;
  let worker: Worker | undefined;
  let failed = false;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
    return p;
  };
  const onMessage = (m: StoreResponse): void => {
    if ("items" in m) return pending.get(m.id)?.page?.(m.items);
    const p = settle(m.id);
    if (!p) return;
    if ("error" in m) p.reject(revive(m.error));
    else if ("body" in m) p.resolve(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength));
    else p.resolve(undefined);
  };
  const fail = (error: Error): void => {
    failed = true;
    const stopped = worker;
    worker = undefined;
    void stopped?.terminate();
    for (const id of [...pending.keys()]) {
      const p = settle(id);
      if (p?.request.op === "bytes") inThread.get(p.request.key).then(readAll).then(p.resolve, p.reject);
      else p?.reject(new GuardError("input.unavailable", `the S3 reader thread stopped while listing: ${error.message}`));
    }
  };
  const request = (r: Unnumbered<StoreRequest>, page?: Pending["page"]): Promise<Buffer | undefined> => {
    if (!worker) {
      worker = new Worker(script, { workerData: data });
      worker.on("message", onMessage);
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (pending.size > 0) fail(new Error(`exit code ${code}`));
      });
    }
    const id = nextId++;
    worker.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { request: r, page, resolve, reject });
      worker?.postMessage({ ...r, id });
    });
  };

  return {
    async *list(prefix: string): AsyncIterable<StoredObject> {
      if (failed) {
        yield* inThread.list(prefix);
        return;
      }
      // Pages are queued as they arrive and yielded in order; the listing is never held twice.
      const queue: StoredObject[][] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let error: Error | undefined;
      request({ op: "list", prefix }, (items) => {
        queue.push(items);
        wake?.();
      }).then(
        () => {
          finished = true;
          wake?.();
        },
        (e: unknown) => {
          error = e instanceof Error ? e : new Error(String(e));
          wake?.();
        },
      );
      for (;;) {
        const items = queue.shift();
        if (items) {
          yield* items;
          continue;
        }
        if (error) throw error;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    get: (key) => inThread.get(key),
    async getBytes(key: string): Promise<Buffer> {
      if (failed) return readAll(await inThread.get(key));
      return (await request({ op: "bytes", key })) ?? Buffer.alloc(0);
    },
    close(): void {
      void worker?.terminate();
      worker = undefined;
      inThread.close();
    },
  };
}
