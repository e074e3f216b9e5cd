/**
 * The streaming scanner (audit/json-stream.ts) against the native JSON.parse on random documents: random
 * export-shaped states (strings full of quotes, backslashes, brackets, escapes and non-ASCII; deep nesting;
 * random whitespace) fed in random chunk sizes must give exactly what JSON.parse gives; a truncated or
 * corrupted document that JSON.parse refuses must make the scanner fail too, never pass silently.
 * Seeded: a failure prints its seed, and GOAG_FUZZ_SEED=<n> replays it.
 */
import * as assert from "assert";
import { StateStreamScanner } from "../../../audit/json-stream";
import { prng } from "../../support/fixtures/state-builder";

const TRICKY = ['"', "\\", "{", "}", "[", "]", ",", ":", "\n", "\t", "\u0000", "\u2028", "é", "✓", "😀", '\\"', '"}]', "a", "Z", "0", " "];

function randomString(r: () => number): string {
  let s = "";
  const n = Math.floor(r() * 24);
  for (let i = 0; i < n; i++) s += TRICKY[Math.floor(r() * TRICKY.length)];
  return s;
}

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 6 ? 4 : 7));
  switch (k) {
    case 0:
      return randomString(r);
    case 1:
      return Math.round((r() - 0.5) * 1e9) / (r() < 0.5 ? 1 : 1000);
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[randomString(r)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

function randomExport(r: () => number): Record<string, unknown> {
  const resources = Array.from({ length: Math.floor(r() * 6) }, (_, i) => ({
    urn: `urn:pulumi:dev::p::t::r${i}${randomString(r)}`,
    type: "t",
    inputs: randomValue(r, 2),
    outputs: randomValue(r, 2),
  }));
  const deployment: Record<string, unknown> = { manifest: randomValue(r, 3), resources };
  if (r() < 0.5) deployment.pending_operations = [{ resource: resources[0] ?? {}, type: "creating" }];
  return r() < 0.5
    ? { version: 3, deployment }
    : { version: 3, checkpoint: { stack: `organization/p/${randomString(r)}`, config: randomValue(r, 3), latest: deployment } };
}

/** JSON text with random whitespace between tokens (outside strings). */
function serialize(doc: unknown, r: () => number): string {
  const text = JSON.stringify(doc, null, r() < 0.3 ? undefined : Math.floor(r() * 5));
  if (r() < 0.5) return text;
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    out += c;
    if (c === '"') inString = !inString;
    else if (c === "\\" && inString) {
      out += text[++i];
      continue;
    }
    if (!inString && (c === "," || c === ":" || c === "[" || c === "{") && r() < 0.3) out += [" ", "\n", "\t", "\r\n"][Math.floor(r() * 4)];
  }
  return out;
}

interface Scanned {
  elements: Map<string, unknown[]>;
  values: Map<string, unknown>;
}

function scan(text: string, r: () => number): Scanned {
  const elements = new Map<string, unknown[]>();
  const values = new Map<string, unknown>();
  const scanner = new StateStreamScanner({
    element: (e) => {
      if (!elements.has(e.arrayPath)) elements.set(e.arrayPath, []);
      elements.get(e.arrayPath)!.push(e.value);
      assert.deepStrictEqual(JSON.parse(e.raw.toString("utf8")), e.value, "raw bytes parse to the element");
    },
    value: (p, v) => values.set(p, v),
  });
  const buf = Buffer.from(text, "utf8");
  for (let i = 0; i < buf.length;) {
    const size = 1 + Math.floor(r() * (r() < 0.2 ? 3 : 4096));
    scanner.push(buf.subarray(i, i + size));
    i += size;
  }
  scanner.end();
  return { elements, values };
}

/** What JSON.parse says the scanner must report. */
function expected(doc: Record<string, unknown>): Scanned {
  const elements = new Map<string, unknown[]>();
  const values = new Map<string, unknown>();
  const walk = (o: Record<string, unknown>, prefix: string, descend: Set<string>, arrays: Set<string>): void => {
    for (const [k, v] of Object.entries(o)) {
      const p = prefix === "" ? k : `${prefix}.${k}`;
      if (arrays.has(p) && Array.isArray(v)) elements.set(p, v);
      else if (descend.has(p) && v && typeof v === "object" && !Array.isArray(v)) walk(v as Record<string, unknown>, p, descend, arrays);
      else values.set(p, v);
    }
  };
  walk(
    doc,
    "",
    new Set(["deployment", "checkpoint", "checkpoint.latest"]),
    new Set(["deployment.resources", "deployment.pending_operations", "checkpoint.latest.resources", "checkpoint.latest.pending_operations"]),
  );
  return { elements, values };
}

describe("audit/json-stream fuzzed against JSON.parse", () => {
  const base = Number(process.env.GOAG_FUZZ_SEED ?? Date.now() % 1_000_000);

  it("random export-shaped documents in random chunks: the same elements and values as JSON.parse", () => {
    for (let i = 0; i < 300; i++) {
      const seed = base + i;
      const r = prng(seed);
      const doc = randomExport(r);
      const text = serialize(doc, r);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      try {
        const got = scan(text, r);
        const want = expected(parsed);
        for (const [p, list] of want.elements) assert.deepStrictEqual(got.elements.get(p) ?? [], list, p);
        for (const [p, v] of want.values) assert.deepStrictEqual(got.values.get(p), v, p);
      } catch (e) {
        throw new Error(`seed ${seed} (GOAG_FUZZ_SEED=${seed}): ${(e as Error).message}`);
      }
    }
  });

  it("a truncated or corrupted document that JSON.parse refuses never passes silently", () => {
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const seed = base + 10_000 + i;
      const r = prng(seed);
      let text = serialize(randomExport(r), r);
      if (r() < 0.5) text = text.slice(0, Math.floor(r() * text.length));
      else {
        const at = Math.floor(r() * text.length);
        text = text.slice(0, at) + ["}", "]", '"', "{", "[", ",,"][Math.floor(r() * 6)] + text.slice(at);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      if (parses) continue;
      refused++;
      assert.throws(() => scan(text, r), `seed ${seed} (GOAG_FUZZ_SEED=${seed}): the scanner accepted a document JSON.parse refuses`);
    }
    assert.ok(refused > 200, `only ${refused} corrupted documents`);
  });
});
