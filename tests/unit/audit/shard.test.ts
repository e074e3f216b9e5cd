/**
 * `--shard i/n`: the partition of a backend's files by stack is stable, complete and disjoint, keeps every
 * file of a stack together, and merging the shards' reports (JSON and SARIF) equals a single run.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatJson, formatSarif, resolveSources, runAudit, type AuditReport } from "../../../audit";
import { failedSource, isListingFailure } from "../../../audit/backends";
import { exitCodeOf, mergeReports, parseReport } from "../../../audit/merge";
import { parseShard, selectShard, shardKey, shardOf } from "../../../audit/shard";
import type { Source } from "../../../audit/sources";
import { checkpointText, cleanStack, seedLeaks, writeBackend } from "../../support/fixtures/state-builder";

function fakeSource(label: string, stack?: string): Source {
  return {
    label,
    kind: "checkpoint",
    ...(stack ? { stack } : {}),
    open: () => {
      throw new Error("not read");
    },
  };
}

/** JSON with sorted keys: the same object whatever the order its fields were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
const sortedJson = (items: readonly unknown[]): string[] => items.map(canonical).sort();

describe("audit: --shard i/n", () => {
  it("parses i/n (1-based) and refuses anything else", () => {
    assert.deepEqual(parseShard("2/4"), { index: 2, total: 4 });
    assert.deepEqual(parseShard(" 1 / 1 "), { index: 1, total: 1 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1", "1/2/3", "-1/2", ""]) assert.throws(() => parseShard(bad), /--shard must be i\/n/, bad);
  });

  it("is stable, complete and disjoint over 5,000 stacks for n = 1…9, and roughly balanced", () => {
    const names = Array.from({ length: 5000 }, (_, i) => `project-${i % 37}/stack-${i}`);
    for (let n = 1; n <= 9; n++) {
      const counts = new Array<number>(n).fill(0);
      for (const name of names) {
        const s = shardOf(name, n);
        assert.ok(s >= 1 && s <= n);
        assert.equal(shardOf(name, n), s, "same key, same shard");
        counts[s - 1]++;
      }
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        names.length,
      );
      for (const c of counts) assert.ok(Math.abs(c - names.length / n) < (names.length / n) * 0.15, `n=${n}: ${counts.join(",")}`);
    }
    // Pinned values: a change of the hash would move stacks between CI jobs of a running pipeline.
    assert.deepEqual(
      ["genesys-clients/dev", "genesys-clients/prod", "a/b"].map((k) => shardOf(k, 4)),
      [2, 4, 3],
    );
    assert.deepEqual(
      ["genesys-clients/dev", "genesys-clients/prod", "a/b"].map((k) => shardOf(k, 7)),
      [1, 7, 3],
    );
    assert.equal(shardOf("genesys-clients/prod", 1), 1);
  });

  it("keeps checkpoint, history and backups of a stack together, and a --stack input with its history", () => {
    const sources = [
      fakeSource("/b/.pulumi/stacks/p/dev.json", "p/dev"),
      fakeSource("/b/.pulumi/history/p/dev/dev-1.checkpoint.json", "p/dev"),
      fakeSource("/b/.pulumi/backups/p/dev/dev.1.json", "p/dev"),
      fakeSource("pulumi stack export --stack org/p/dev"),
      fakeSource("s3://bucket/.pulumi/stacks/p/dev.json", "p/dev"),
      ...Array.from({ length: 40 }, (_, i) => fakeSource(`/b/.pulumi/stacks/p/s${i}.json`, `p/s${i}`)),
    ];
    assert.equal(shardKey(sources[3]), "p/dev");
    for (const n of [2, 3, 4, 7]) {
      const shards = Array.from({ length: n }, (_, i) => selectShard(sources, { index: i + 1, total: n }));
      const all = shards.flat();
      assert.equal(all.length, sources.length, "complete");
      assert.equal(new Set(all).size, sources.length, "disjoint");
      const devShards = shards.map((s, i) => (s.some((x) => x.label.includes("dev")) ? i : -1)).filter((i) => i >= 0);
      assert.equal(devShards.length, 1, "every file of p/dev in one shard");
      assert.equal(shards[devShards[0]].filter((x) => x.label.includes("dev")).length, 5);
    }
  });

  it("puts a backend that could not be listed in every shard (no shard passes on an unread backend)", () => {
    const failed = failedSource("s3://gone?region=x", new Error("no such bucket"));
    assert.ok(isListingFailure(failed));
    const sources = [failed, fakeSource("/b/.pulumi/stacks/p/a.json", "p/a")];
    for (let i = 1; i <= 3; i++) assert.ok(selectShard(sources, { index: i, total: 3 }, isListingFailure).includes(failed));
  });
});

describe("audit merge", function () {
  this.timeout(60_000);
  let dir: string;
  let single: AuditReport;
  let shards: AuditReport[];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-merge-"));
    const project = "genesys-clients";
    const stacks = Array.from({ length: 8 }, (_, i) => {
      const stack = `s${i}`;
      const resources = cleanStack({ project, stack, seed: i + 1 });
      if (i % 2 === 0) seedLeaks(resources, { project, stack, seed: 100 + i });
      return { stack, current: checkpointText(project, stack, resources), history: checkpointText(project, stack, resources) };
    });
    writeBackend(dir, project, stacks);
    fs.writeFileSync(path.join(dir, "not-state.json"), "{ broken");
    const sources = [...resolveSources({ paths: [dir, path.join(dir, "not-state.json")] })];
    single = await runAudit(sources);
    shards = [];
    for (let i = 1; i <= 3; i++) shards.push(await runAudit(selectShard(sources, { index: i, total: 3 })));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("merged JSON reports equal a single run (findings, inputs, counts, exit code)", () => {
    assert.ok(single.findings.length > 0 && single.summary.inputErrors === 1);
    assert.ok(shards.filter((s) => s.inputs.length > 0).length >= 2, "the fixture spreads over several shards");
    const merged = mergeReports(shards.map((s, i) => parseReport(formatJson(s), `shard-${i}.json`).report));
    assert.deepEqual(sortedJson(merged.findings), sortedJson(single.findings));
    assert.deepEqual(sortedJson(merged.inputs), sortedJson(single.inputs));
    const pick = (r: AuditReport): unknown => ({ ...r.summary, seconds: 0, mbPerSecond: 0, secretsSharedAcrossStacks: 0 });
    assert.deepEqual(pick(merged), pick(single));
    assert.equal(
      merged.summary.secretsSharedAcrossStacks,
      shards.reduce((n, s) => n + s.summary.secretsSharedAcrossStacks, 0),
    );
    assert.equal(merged.summary.seconds, Math.max(...shards.map((s) => s.summary.seconds)));
    assert.equal(exitCodeOf(merged), 1);
    assert.equal(exitCodeOf(single), 1);
  });

  it("merged SARIF logs give the same SARIF results and notifications as a single run", () => {
    const merged = mergeReports(shards.map((s, i) => parseReport(formatSarif(s, dir), `shard-${i}.sarif`).report));
    interface Log {
      runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
    }
    const a = JSON.parse(formatSarif(merged, dir)) as Log;
    const b = JSON.parse(formatSarif(single, dir)) as Log;
    assert.deepEqual(sortedJson(a.runs[0].results), sortedJson(b.runs[0].results));
    assert.deepEqual(a.runs[0].invocations, b.runs[0].invocations);
    assert.deepEqual(merged.summary.byRule, single.summary.byRule);
    assert.equal(exitCodeOf(merged, false), 1);
  });

  it("reports a listing failure every shard repeats once; nothing readable is exit 2; a non-report is a usage error", () => {
    const failure = { input: "s3://gone", kind: "unknown" as const, resources: 0, bytes: 0, findings: 0, error: "the bucket does not exist" };
    const empty = (): AuditReport => ({
      findings: [],
      inputs: [{ ...failure }],
      summary: {
        inputs: 1,
        inputErrors: 1,
        resources: 0,
        bytes: 0,
        findings: 0,
        bySeverity: {},
        byRule: {},
        secretsSharedAcrossStacks: 0,
        seconds: 1,
        mbPerSecond: 0,
      },
    });
    const merged = mergeReports([empty(), empty(), empty()]);
    assert.equal(merged.inputs.length, 1);
    assert.equal(exitCodeOf(merged), 2);
    assert.equal(exitCodeOf(merged, false), 1, "from SARIF, the inputs that were read are not known");
    const clean = mergeReports([
      {
        findings: [],
        inputs: [{ input: "a.json", kind: "export", resources: 3, bytes: 10, findings: 0 }],
        summary: { ...empty().summary, inputs: 1, inputErrors: 0, resources: 3, bytes: 10 },
      },
    ]);
    assert.equal(exitCodeOf(clean), 0);
    assert.throws(() => parseReport("[1,2]", "x.json"), /not an audit report/);
    assert.throws(() => parseReport("{}", "x.json"), /not an audit report/);
    assert.throws(() => parseReport("nope", "x.json"), /not JSON/);
  });
});
