import * as assert from "assert";
import { StateStreamScanner, type StreamElement } from "../../../audit/json-stream";
import { GuardError } from "../../../core/errors";

function scan(
  text: string,
  chunkSize: number,
): { elements: { path: string; index: number; value: unknown; line: number; raw: string }[]; values: [string, unknown][] } {
  const elements: { path: string; index: number; value: unknown; line: number; raw: string }[] = [];
  const values: [string, unknown][] = [];
  const scanner = new StateStreamScanner({
    element: (e: StreamElement) => elements.push({ path: e.arrayPath, index: e.index, value: e.value, line: e.line, raw: e.raw.toString("utf8") }),
    value: (p, v) => values.push([p, v]),
  });
  const buf = Buffer.from(text, "utf8");
  for (let i = 0; i < buf.length; i += chunkSize) scanner.push(buf.subarray(i, i + chunkSize));
  scanner.end();
  return { elements, values };
}

const resources = [
  { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack", outputs: { a: 'x"}]{[\\', b: [1, 2, { c: null }], é: "ünïcødé ✓" } },
  { urn: "urn:pulumi:dev::p::t::r", type: "t", inputs: {}, outputs: { empty: [], s: '\\\\"' } },
];

describe("audit/json-stream", () => {
  const exportDoc = JSON.stringify(
    {
      version: 4,
      deployment: {
        manifest: { time: "t" },
        secrets_providers: { type: "passphrase" },
        resources,
        pending_operations: [{ resource: resources[1], type: "creating" }],
      },
    },
    null,
    4,
  );
  const checkpointDoc = JSON.stringify({
    version: 3,
    checkpoint: { stack: "organization/p/dev", config: { "p:k": "v" }, latest: { manifest: {}, resources } },
  });

  for (const size of [1, 3, 7, 64, 1 << 20]) {
    it(`emits every resource of an export one at a time, whatever the chunk size (${size})`, () => {
      const { elements, values } = scan(exportDoc, size);
      assert.deepStrictEqual(
        elements.filter((e) => e.path === "deployment.resources").map((e) => e.value),
        resources,
      );
      assert.deepStrictEqual(
        elements.filter((e) => e.path === "deployment.pending_operations").map((e) => e.value),
        [{ resource: resources[1], type: "creating" }],
      );
      assert.deepStrictEqual(values.find(([p]) => p === "version")?.[1], 4);
      assert.deepStrictEqual(values.find(([p]) => p === "deployment.manifest")?.[1], { time: "t" });
      for (const e of elements) assert.deepStrictEqual(JSON.parse(e.raw), e.value);
    });

    it(`reads a checkpoint's stack, config and resources (${size})`, () => {
      const { elements, values } = scan(checkpointDoc, size);
      assert.deepStrictEqual(
        elements.map((e) => e.value),
        resources,
      );
      assert.strictEqual(elements[0].path, "checkpoint.latest.resources");
      assert.deepStrictEqual(values.find(([p]) => p === "checkpoint.config")?.[1], { "p:k": "v" });
      assert.strictEqual(values.find(([p]) => p === "checkpoint.stack")?.[1], "organization/p/dev");
    });
  }

  it("reports the line of each resource", () => {
    const { elements } = scan(exportDoc, 5);
    const lines = exportDoc.split("\n");
    for (const e of elements) assert.ok(lines[e.line - 1].trim().startsWith("{"), `line ${e.line}`);
  });

  it("handles empty resource arrays and empty objects", () => {
    const { elements, values } = scan('{"version":3,"deployment":{"resources":[],"manifest":{}}}', 2);
    assert.strictEqual(elements.length, 0);
    assert.deepStrictEqual(values.find(([p]) => p === "deployment.manifest")?.[1], {});
  });

  it("fails with input.invalid on truncated or malformed input", () => {
    for (const bad of [exportDoc.slice(0, exportDoc.length - 20), "", "not json", '{"version":3,"deployment":{"resources":[{"a":}]}}', "{} {}"]) {
      assert.throws(
        () => scan(bad, 4),
        (e: unknown) => e instanceof GuardError && e.code === "input.invalid",
        JSON.stringify(bad.slice(0, 30)),
      );
    }
  });
});
