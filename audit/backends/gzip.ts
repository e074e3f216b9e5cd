/**
 * Transparent gzip for streams whose compression is not known in advance (objects of a backend): the first
 * bytes decide, as for local files (the gzip magic bytes 1f 8b). A truncated or corrupt gzip stream fails
 * with an `input.invalid` error.
 */
import { PassThrough, type Readable, type Writable } from "stream";
import { createGunzip } from "zlib";
import { GuardError } from "../../core/errors";

/** Returns a stream of `raw`'s bytes, gunzipped when they start with the gzip magic bytes. Destroying it destroys `raw`. */
export function gunzipIfGzip(raw: Readable): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const fail = (e: Error): void => {
    if (!out.destroyed) out.destroy(e);
  };
  out.on("close", () => {
    if (!raw.destroyed) raw.destroy();
  });
  raw.on("error", fail);
  const head: Buffer[] = [];
  let headLength = 0;
  const onEnd = (): void => {
    out.end(Buffer.concat(head));
  };
  const onData = (chunk: Buffer): void => {
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < 2) return;
    raw.off("data", onData);
    raw.off("end", onEnd);
    raw.pause();
    const first = Buffer.concat(head);
    let target: Writable = out;
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const gunzip = createGunzip({ chunkSize: 1 << 20 });
      gunzip.on("error", (e: Error) => fail(new GuardError("input.invalid", `corrupt or truncated gzip: ${e.message}`)));
      gunzip.pipe(out);
      target = gunzip;
    }
    target.write(first);
    raw.pipe(target);
  };
  raw.on("data", onData);
  raw.on("end", onEnd);
  return out;
}
