/**
 * What the audit holds across inputs (issue 14: peak memory flat in the number of stacks). Every input's layout
 * (where each element is) is kept for the known-secret pass, which runs once every input was read: it is kept
 * packed, off the JS heap, within a budget for the run; an input past the budget is scanned again in that pass,
 * with the same findings. The heap the engine holds after N clean inputs does not grow with N beyond a small
 * summary per input.
 */
import * as assert from "assert";
import { Readable } from "stream";
import * as v8 from "v8";
import * as vm from "vm";
import { runAudit, type AuditStats, type Source } from "../../../audit";
import { PackedLayout } from "../../../audit/engine";

/** An export with `resources` small resources; `secret`, when given, in the config and in one resource's outputs. */
function exportBytes(stack: number, resources: number, secret?: string): Buffer {
  const rs: unknown[] = [];
  for (let i = 0; i < resources; i++) {
    const type = "aws:s3/bucket:Bucket";
    rs.push({ urn: `urn:pulumi:s${stack}::p::${type}::b${i}`, custom: true, type, inputs: { acl: "private" }, outputs: { acl: "private", n: i } });
  }
  if (secret !== undefined)
    rs.splice(resources >> 1, 0, { urn: "urn:pulumi:s::p::x:y:Z::leak", custom: true, type: "x:y:Z", outputs: { note: `copy ${secret}` } });
  const doc = { version: 3, deployment: { manifest: { time: "2026-12-03T00:00:00Z" }, resources: rs }, config: secret ? { "p:value": secret } : {} };
  return Buffer.from(JSON.stringify(doc, null, 2));
}

function sources(count: number, bytes: (i: number) => Buffer): Source[] {
  return Array.from({ length: count }, (_, i) => ({ label: `input-${i}.json`, kind: "export" as const, open: () => Readable.from([bytes(i)]) }));
}

describe("audit: memory held across inputs", function () {
  this.timeout(120_000);

  it("packs an input's layout in 28 bytes an element and keeps layouts within the run's budget", async () => {
    const clean = exportBytes(0, 100);
    const stats: AuditStats = { peakLayoutBytes: 0, layoutsDropped: 0 };
    const report = await runAudit(
      sources(50, () => clean),
      { maxLayoutBytes: 20 * 1024, stats },
    );
    assert.strictEqual(report.summary.inputErrors, 0);
    assert.strictEqual(PackedLayout.BYTES_PER_PIECE, 28);
    assert.ok(stats.peakLayoutBytes > 0 && stats.peakLayoutBytes <= 20 * 1024, `peak ${stats.peakLayoutBytes}`);
    // 100 elements and 3 values an input: ~2.9 KB each, so 7 inputs fit in 20 KB; the other 43 are not held.
    assert.strictEqual(stats.layoutsDropped, 50 - Math.floor((20 * 1024) / (103 * 28)));
  });

  it("finds the same known secrets whether the layouts are held or scanned again", async () => {
    const secret = "kS3cr3tValue-9f2bX7qLmN4pR8tV";
    const bytes = (i: number): Buffer => exportBytes(i, 40, i % 3 === 0 ? secret : undefined);
    const knownSecrets = [{ source: "vault://secret/x", value: secret }];
    const held: AuditStats = { peakLayoutBytes: 0, layoutsDropped: 0 };
    const dropped: AuditStats = { peakLayoutBytes: 0, layoutsDropped: 0 };
    const a = await runAudit(sources(12, bytes), { knownSecrets, stats: held });
    const b = await runAudit(sources(12, bytes), { knownSecrets, stats: dropped, maxLayoutBytes: 0 });
    assert.strictEqual(held.layoutsDropped, 0);
    assert.strictEqual(dropped.layoutsDropped, 12);
    assert.strictEqual(dropped.peakLayoutBytes, 0);
    const known = a.findings.filter((f) => f.rule === "genesys-stored-secret-match");
    assert.strictEqual(known.length, 8, a.findings.map((f) => `${f.rule} ${f.input} ${f.path}`).join("\n")); // config and resource, 4 inputs
    assert.deepStrictEqual(b.findings, a.findings);
    assert.deepStrictEqual(
      b.inputs.map((i) => ({ ...i })),
      a.inputs.map((i) => ({ ...i })),
    );
  });

  it("holds no heap per clean input beyond its summary (the layout of every input used to stay: ~100 bytes an element)", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const clean = exportBytes(0, 100);
    const held = (): number => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const at = new Map<number, number>();
    let done = 0;
    const progress = {
      start: () => undefined,
      bytes: () => undefined,
      done: () => {
        done++;
        if (done === 50 || done === 350) at.set(done, held());
      },
    };
    // Layouts are held within 64 KB here: what grows with the inputs is what is kept per input besides them.
    const report = await runAudit(
      sources(350, () => clean),
      { progress, maxLayoutBytes: 64 * 1024 },
    );
    assert.strictEqual(report.summary.inputs, 350);
    const perInput = ((at.get(350) ?? 0) - (at.get(50) ?? 0)) / 300;
    // Before: ~11 KB an input (103 pieces as two objects each). Now: the input's summary and state (~2 KB).
    assert.ok(perInput < 5 * 1024, `${Math.round(perInput)} bytes held per clean input`);
  });
});
