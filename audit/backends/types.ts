/**
 * What the audit needs from an object store holding a Pulumi DIY backend: list keys under a prefix with
 * their sizes, and stream one object. Implemented for S3 (s3.ts); errors are {@link GuardError}s whose
 * messages hold no credential.
 */
import type { Readable } from "stream";

/** One listed object. */
export interface StoredObject {
  key: string;
  /** Size in bytes as listed (possibly compressed). */
  size: number;
}

/** A bucket (or container) of an object store. */
export interface ObjectStore {
  /** Lists every object whose key starts with `prefix`, in key order per page. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Streams one object's raw bytes (not decompressed). */
  get(key: string): Promise<Readable>;
  /** One whole object's raw bytes, where the store reads them off the audit's thread (S3); else `get` is read whole. */
  getBytes?(key: string): Promise<Buffer>;
  /** Releases connections (idempotent). */
  close(): void;
}
