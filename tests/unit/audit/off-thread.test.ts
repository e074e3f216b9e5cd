/**
 * The S3 store's worker thread (audit/backends/off-thread.ts): when the thread fails (here: it cannot open the
 * store, a URL it refuses), downloads in flight and later ones are made on the calling thread, and the process is
 * not kept alive by an idle thread.
 */
import { strict as assert } from "assert";
import { Readable } from "stream";
import { offThreadStore } from "../../../audit/backends/off-thread";
import type { ObjectStore, StoredObject } from "../../../audit/backends/types";

class MemoryStore implements ObjectStore {
  readonly gets: string[] = [];
  constructor(private readonly objects: Map<string, string>) {}
  async *list(prefix: string): AsyncIterable<StoredObject> {
    for (const [key, body] of this.objects) if (key.startsWith(prefix)) yield { key, size: body.length };
  }
  get(key: string): Promise<Readable> {
    this.gets.push(key);
    const body = this.objects.get(key);
    return body === undefined ? Promise.reject(new Error(`no such key ${key}`)) : Promise.resolve(Readable.from([Buffer.from(body)]));
  }
  close(): void {
    // nothing to release
  }
}

describe("audit backends: S3 SDK on a worker thread", () => {
  it("falls back to this thread when the worker fails: in-flight and later downloads, then listings", async () => {
    const mem = new MemoryStore(
      new Map([
        ["a.json", '{"a":1}'],
        ["b.json", '{"b":2}'],
      ]),
    );
    // The worker refuses this URL (an unknown query parameter) and stops.
    const store = offThreadStore({ bucket: "b", params: "sig=x", env: {} }, mem);
    const bytes = (key: string): Promise<Buffer> => store.getBytes?.(key) ?? Promise.reject(new Error("no getBytes: not the worker store"));
    const [a, b] = await Promise.all([bytes("a.json"), bytes("b.json")]);
    assert.equal(a.toString(), '{"a":1}');
    assert.equal(b.toString(), '{"b":2}');
    assert.equal((await bytes("a.json")).toString(), '{"a":1}');
    const keys: string[] = [];
    for await (const o of store.list("")) keys.push(o.key);
    assert.deepEqual(keys, ["a.json", "b.json"]);
    assert.deepEqual(mem.gets.sort(), ["a.json", "a.json", "b.json"]);
    await assert.rejects(bytes("missing.json"), /no such key/);
    store.close();
  });
});
