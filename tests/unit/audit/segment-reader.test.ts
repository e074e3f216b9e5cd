/**
 * The later passes' reader (audit/json-stream.ts `SegmentReader`): given the elements and values a first
 * scan found, a second read of the same bytes in other chunk sizes hands each one's exact bytes, in order;
 * a document that changed length between the reads fails. Seeded: GOAG_FUZZ_SEED=<n> replays a failure.
 */
import * as assert from "assert";
import { SegmentReader, StateStreamScanner, type Segment } from "../../../audit/json-stream";
import { isGuardError } from "../../../core/errors";
import { prng } from "../../support/fixtures/state-builder";

const SEED = Number(process.env.GOAG_FUZZ_SEED ?? Date.now() % 1e9);
const PIECES = ['"', "\\", "{", "}", "[", "]", ",", ":", "\n", "é", "😀", "a", "Z", "0", " "];

function randomText(r: () => number): string {
  return Array.from({ length: Math.floor(r() * 20) }, () => PIECES[Math.floor(r() * PIECES.length)]).join("");
}

function randomDocument(r: () => number): string {
  const resources = Array.from({ length: Math.floor(r() * 8) }, (_, i) => ({
    urn: `urn:pulumi:dev::p::t::r${i}${randomText(r)}`,
    outputs: { [randomText(r)]: [randomText(r), { x: randomText(r) }], n: i },
  }));
  const doc = { version: 3, deployment: { manifest: { t: randomText(r) }, resources, pending_operations: [{ resource: resources[0] ?? {} }] } };
  return JSON.stringify(doc, null, Math.floor(r() * 5));
}

function chunks(buf: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length;) {
    const size = 1 + Math.floor(r() * (r() < 0.3 ? 4 : 512));
    out.push(buf.subarray(i, i + size));
    i += size;
  }
  return out;
}

describe("audit/json-stream: SegmentReader reads again what a first scan found", () => {
  it("hands the exact bytes of every element and value, in order, whatever the chunk sizes", () => {
    const r = prng(SEED);
    for (let round = 0; round < 200; round++) {
      const buf = Buffer.from(randomDocument(r), "utf8");
      const found: (Segment & { text: string })[] = [];
      const scanner = new StateStreamScanner({
        element: (e) => found.push({ start: e.offset, length: e.raw.length, text: e.raw.toString("utf8") }),
        value: (_path, _value, raw, offset) => found.push({ start: offset, length: raw.length, text: raw.toString("utf8") }),
      });
      for (const c of chunks(buf, r)) scanner.push(c);
      scanner.end();
      const wanted = found.filter(() => r() < 0.7);
      const got: string[] = [];
      const reader = new SegmentReader(wanted, buf.length, (segment, raw) => {
        assert.strictEqual(raw.length, segment.length);
        got.push(raw.toString("utf8"));
      });
      for (const c of chunks(buf, r)) reader.push(c);
      reader.end();
      assert.deepStrictEqual(
        got,
        wanted.map((s) => s.text),
        `seed ${SEED}, round ${round}`,
      );
    }
  });

  it("fails when the document is shorter or longer than it was", () => {
    const buf = Buffer.from('{"version": 3, "deployment": {"resources": [{"urn": "a"}, {"urn": "b"}]}}');
    const segments = [{ start: 44, length: 12 }];
    for (const text of [buf.subarray(0, 50), Buffer.concat([buf, Buffer.from(" ")])]) {
      const reader = new SegmentReader(segments, buf.length, () => undefined);
      reader.push(text);
      assert.throws(
        () => reader.end(),
        (e: unknown) => isGuardError(e) && e.message.includes("changed"),
      );
    }
  });
});

describe("audit/json-stream: the end of a pretty-printed element is guessed, never wrongly", () => {
  it("an inner bracket on a line of its own at the element's indentation is not taken for the element's end", () => {
    const text = [
      '{"deployment": {"resources": [',
      "    {",
      '        "urn": "a", "inputs": {',
      "    },",
      '        "outputs": [1',
      "    ]",
      "    },",
      '    {"urn": "b"},',
      "    {",
      '        "urn": "c"',
      "    }",
      "]}}",
    ].join("\n");
    const got: { value: unknown; line: number; raw: string }[] = [];
    const scanner = new StateStreamScanner({ element: (e) => got.push({ value: e.value, line: e.line, raw: e.raw.toString("utf8") }), value: () => undefined });
    scanner.push(Buffer.from(text, "utf8"));
    scanner.end();
    assert.deepStrictEqual(
      got.map((g) => g.value),
      [{ urn: "a", inputs: {}, outputs: [1] }, { urn: "b" }, { urn: "c" }],
    );
    assert.deepStrictEqual(
      got.map((g) => g.line),
      [2, 8, 9],
    );
    assert.ok(got[2].raw.startsWith("{") && got[2].raw.endsWith("}"));
  });
});
