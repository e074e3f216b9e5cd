/**
 * Sources over the objects of a backend, read ahead with bounded concurrency and bounded memory. The audit
 * engine reads its inputs one after the other; while it scans object i, objects i+1 … i+concurrency are
 * downloaded (raw, still compressed) as long as the bytes held stay within `maxBytes`. An object larger than
 * half the budget is never held: it is streamed when the engine opens it. The bytes of the object opened last
 * stay held (within the budget) until the next object is opened: the engine's second pass over an input, which
 * re-opens it right after the first, then downloads nothing (on the 2,000-stack bench, 40 requests of 2,240).
 * Opening any other object again (the known-secret pass, after every input) downloads it again. Download errors
 * surface as that object's read error.
 */
import { PassThrough, Readable } from "stream";
import type { Source } from "../sources";
import { gunzipIfGzip } from "./gzip";
import type { BackendObject } from "./layout";
import type { ObjectStore } from "./types";

/** Read-ahead limits. */
export interface PrefetchOptions {
  /** Objects downloaded ahead of the one being scanned. Default 8. */
  concurrency?: number;
  /** Bytes held by downloaded, not yet scanned objects. Default 64 MB. */
  maxBytes?: number;
}

/** Default read-ahead. */
export const DEFAULT_PREFETCH: Required<PrefetchOptions> = { concurrency: 8, maxBytes: 64 * 1024 * 1024 };

/** Read-ahead counters, for tests and benchmarks. */
export interface PrefetchStats {
  /** Largest number of bytes held at once (downloaded or reserved for downloads in flight). */
  peakHeldBytes: number;
  /** Largest number of downloads in flight at once. */
  peakInFlight: number;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * One {@link Source} per object, labelled by `label(key)`; with `select`, only the objects whose source it
 * keeps (decided before reading ahead). `stats` (optional) is updated as objects are read.
 */
export function objectSources(
  store: ObjectStore,
  all: readonly BackendObject[],
  label: (key: string) => string,
  options: PrefetchOptions = {},
  stats?: PrefetchStats,
  select?: (source: Source) => boolean,
): Source[] {
  const describe = (o: BackendObject): Source => ({
    label: label(o.key),
    kind: o.kind,
    ...(o.stack !== undefined ? { stack: o.stack } : {}),
    open(): Readable {
      throw new Error("not opened");
    },
  });
  const objects = select ? all.filter((o) => select(describe(o))) : all;
  const concurrency = Math.max(0, options.concurrency ?? DEFAULT_PREFETCH.concurrency);
  const maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_PREFETCH.maxBytes);
  const pending = new Map<number, Promise<Buffer>>();
  const consumed = new Set<number>();
  let held = 0;
  let inFlight = 0;
  /** The bytes of the object opened last (counted in `held`), for an immediate re-open. */
  let kept: { index: number; body: Buffer } | undefined;
  let lastOpened = -1;

  const release = (size: number): void => {
    held -= size;
  };
  const dropKept = (): void => {
    if (kept) release(objects[kept.index].size);
    kept = undefined;
  };
  const startFetch = (j: number): void => {
    const size = objects[j].size;
    held += size;
    inFlight++;
    if (stats) {
      stats.peakHeldBytes = Math.max(stats.peakHeldBytes, held);
      stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    }
    const key = objects[j].key;
    const p = (store.getBytes ? store.getBytes(key) : store.get(key).then(readAll)).finally(() => inFlight--);
    p.catch(() => undefined); // surfaced when opened
    pending.set(j, p);
  };
  const readAhead = (from: number): void => {
    for (let j = from; j < objects.length && j < from + concurrency; j++) {
      if (pending.has(j) || consumed.has(j)) continue;
      const size = objects[j].size;
      if (size * 2 > maxBytes) continue; // streamed when opened
      if (held + size > maxBytes) break;
      startFetch(j);
    }
  };

  return objects.map((o, i) => ({
    label: label(o.key),
    kind: o.kind,
    ...(o.stack !== undefined ? { stack: o.stack } : {}),
    open(): Readable {
      const first = !consumed.has(i);
      consumed.add(i);
      const raw = new PassThrough({ highWaterMark: 1 << 20 });
      lastOpened = i;
      if (kept?.index === i) {
        raw.end(kept.body);
        return gunzipIfGzip(raw);
      }
      dropKept();
      // An object within the budget that was not read ahead (the first, or one opened again) is downloaded whole
      // too, so that it can be kept for the second pass.
      if (!pending.has(i) && o.size * 2 <= maxBytes && held + o.size <= maxBytes) startFetch(i);
      const prefetched = pending.get(i);
      pending.delete(i);
      if (first) readAhead(i + 1);
      if (prefetched) {
        // The bytes stay held until the engine has read them, then as the kept object until another is opened.
        let body: Buffer | undefined;
        raw.once("close", () => {
          if (body && lastOpened === i && !kept) kept = { index: i, body };
          else release(o.size);
          readAhead(i + 1);
        });
        prefetched.then(
          (buf) => {
            body = buf;
            raw.end(buf);
          },
          (error: unknown) => raw.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      } else {
        store.get(o.key).then(
          (body) => {
            body.on("error", (e: Error) => raw.destroy(e));
            raw.on("close", () => body.destroy());
            body.pipe(raw);
          },
          (error: unknown) => raw.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      }
      return gunzipIfGzip(raw);
    },
  }));
}
