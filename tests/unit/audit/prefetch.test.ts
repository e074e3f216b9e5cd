/**
 * Read-ahead over backend objects (audit/backends/prefetch.ts) with an in-memory object store that records
 * every download: bounded bytes held and downloads in flight, objects larger than half the budget streamed,
 * a shard selection never downloads another shard's objects, a failed download fails only its object.
 */
import { strict as assert } from "assert";
import { Readable } from "stream";
import { objectSources, type PrefetchStats } from "../../../audit/backends/prefetch";
import type { BackendObject } from "../../../audit/backends/layout";
import type { ObjectStore, StoredObject } from "../../../audit/backends/types";
import { shardOf } from "../../../audit/shard";

class MemoryStore implements ObjectStore {
  readonly downloads: string[] = [];
  inFlight = 0;
  peakInFlight = 0;
  constructor(
    private readonly objects: Map<string, Buffer>,
    private readonly failing = new Set<string>(),
  ) {}
  async *list(prefix: string): AsyncIterable<StoredObject> {
    for (const [key, body] of this.objects) if (key.startsWith(prefix)) yield { key, size: body.length };
  }
  async get(key: string): Promise<Readable> {
    this.downloads.push(key);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 2));
    this.inFlight--;
    if (this.failing.has(key)) throw new Error(`denied ${key}`);
    const body = this.objects.get(key);
    if (!body) throw new Error("no such key");
    return Readable.from([body]);
  }
  close(): void {
    // nothing to release
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function backend(count: number, size: (i: number) => number): { store: Map<string, Buffer>; objects: BackendObject[] } {
  const store = new Map<string, Buffer>();
  const objects: BackendObject[] = [];
  for (let i = 0; i < count; i++) {
    const key = `.pulumi/stacks/p/s${i}.json`;
    const body = Buffer.from(`{"i":${i},"pad":"${"x".repeat(Math.max(0, size(i) - 20))}"}`);
    store.set(key, body);
    objects.push({ key, size: body.length, kind: "checkpoint", stack: `p/s${i}` });
  }
  return { store, objects };
}

describe("audit backends: read-ahead", () => {
  it("keeps bytes held and downloads in flight within the limits, in order, each object once", async () => {
    const { store, objects } = backend(60, (i) => 1000 + (i % 7) * 300);
    const mem = new MemoryStore(store);
    const stats: PrefetchStats = { peakHeldBytes: 0, peakInFlight: 0 };
    const sources = objectSources(mem, objects, (k) => `s3://b/${k}`, { concurrency: 5, maxBytes: 6000 }, stats);
    for (const [i, s] of sources.entries()) assert.equal((JSON.parse(await readAll(s.open())) as { i: number }).i, i);
    assert.ok(stats.peakHeldBytes <= 6000, JSON.stringify(stats));
    assert.ok(stats.peakInFlight >= 2 && stats.peakInFlight <= 5, JSON.stringify(stats));
    assert.ok(mem.peakInFlight <= 6, "read-ahead plus the one being opened");
    assert.deepEqual([...mem.downloads].sort(), objects.map((o) => o.key).sort(), "each object downloaded once");
  });

  it("streams objects larger than half the budget instead of holding them", async () => {
    const { store, objects } = backend(10, (i) => (i === 4 ? 50_000 : 500));
    const stats: PrefetchStats = { peakHeldBytes: 0, peakInFlight: 0 };
    const sources = objectSources(new MemoryStore(store), objects, (k) => k, { concurrency: 8, maxBytes: 20_000 }, stats);
    for (const s of sources) await readAll(s.open());
    assert.ok(stats.peakHeldBytes <= 20_000, JSON.stringify(stats));
  });

  it("with a shard selection, never downloads an object of another shard", async () => {
    const { store, objects } = backend(80, () => 400);
    const mem = new MemoryStore(store);
    const select = (s: { stack?: string; label: string }): boolean => shardOf(s.stack ?? s.label, 4) === 2;
    const sources = objectSources(mem, objects, (k) => k, { concurrency: 8, maxBytes: 1 << 20 }, undefined, select);
    assert.ok(sources.length > 5 && sources.length < 40);
    for (const s of sources) await readAll(s.open());
    const expected = objects.filter((o) => shardOf(o.stack ?? "", 4) === 2).map((o) => o.key);
    assert.deepEqual([...mem.downloads].sort(), expected.sort());
  });

  it("fails only the object whose download fails; a second open downloads again", async () => {
    const { store, objects } = backend(6, () => 300);
    const mem = new MemoryStore(store, new Set([objects[2].key]));
    const sources = objectSources(mem, objects, (k) => k, { concurrency: 3, maxBytes: 1 << 20 });
    const results: string[] = [];
    for (const s of sources) {
      try {
        results.push(String((JSON.parse(await readAll(s.open())) as { i: number }).i));
      } catch (e) {
        results.push(`error: ${(e as Error).message}`);
      }
    }
    assert.deepEqual(results, ["0", "1", `error: denied ${objects[2].key}`, "3", "4", "5"]);
    // The object opened last is still held: opening it again (the engine's second pass) downloads nothing.
    const before = mem.downloads.length;
    assert.equal((JSON.parse(await readAll(sources[5].open())) as { i: number }).i, 5);
    assert.equal(mem.downloads.length, before);
    assert.equal((JSON.parse(await readAll(sources[1].open())) as { i: number }).i, 1);
    assert.equal(mem.downloads.length, before + 1);
  });

  it("re-opening the object just read (the engine's second pass) downloads nothing; the kept bytes stay within the budget", async () => {
    const { store, objects } = backend(30, (i) => 800 + (i % 5) * 200);
    const mem = new MemoryStore(store);
    const stats: PrefetchStats = { peakHeldBytes: 0, peakInFlight: 0 };
    const sources = objectSources(mem, objects, (k) => k, { concurrency: 4, maxBytes: 5000 }, stats);
    for (const [i, s] of sources.entries()) {
      assert.equal((JSON.parse(await readAll(s.open())) as { i: number }).i, i);
      assert.equal((JSON.parse(await readAll(s.open())) as { i: number }).i, i, "second pass");
    }
    assert.deepEqual([...mem.downloads].sort(), objects.map((o) => o.key).sort(), "each object downloaded once");
    assert.ok(stats.peakHeldBytes <= 5000, JSON.stringify(stats));
  });
});
