/**
 * Audit benchmark: throughput (MB/s) and peak RSS of `genesys-oauth-guard audit` on a generated ~100 MB
 * export with seeded leaks, against gitleaks on the same file in the same run, and how many seeded leaks
 * each tool reports. Results as ratios (ours/gitleaks) in bench/results/audit.json and as a table.
 *
 *   node dist/bench/audit/run.js [--size-mb 100] [--batches 10] [--runs 3] [--no-scaling] [--keep]
 *
 * gitleaks is looked up on PATH, then in ~/.cache/genesys-oauth-guard/bin; when missing it is installed
 * there with `go install github.com/zricethezav/gitleaks/v8@v8.30.1`. When that fails the benchmark still
 * reports our numbers and says why gitleaks is missing. No timing assertion anywhere: this is a report.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FileStore } from "../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../stores/store";
import type { SeededLeak } from "../../tests/support/fixtures/state-builder";
import { writeCorpus } from "./corpus";
import { ensureGitleaks, measure, type Measured } from "./tools";
import { numberArg } from "../support/args";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

interface OurFinding {
  rule: string;
  urn: string;
  path: string;
}

interface GitleaksFinding {
  Secret?: string;
  Match?: string;
  RuleID?: string;
}

function ours(leaks: readonly SeededLeak[], findings: readonly OurFinding[]): { found: number; missed: string[]; outsideSeeded: number } {
  const missed: string[] = [];
  for (const leak of leaks) {
    if (!findings.some((f) => f.urn === leak.urn && f.path.startsWith(leak.path) && leak.rules.includes(f.rule))) missed.push(`${leak.name} ${leak.urn}`);
  }
  const seededUrns = new Set(leaks.map((l) => l.urn));
  return { found: leaks.length - missed.length, missed, outsideSeeded: findings.filter((f) => !seededUrns.has(f.urn)).length };
}

function theirs(leaks: readonly SeededLeak[], findings: readonly GitleaksFinding[]): { found: number; missedByKind: Record<string, number> } {
  let found = 0;
  const missedByKind: Record<string, number> = {};
  for (const leak of leaks) {
    const hit =
      leak.secret !== "" &&
      findings.some(
        (f) =>
          (f.Secret ?? "").includes(leak.secret) ||
          (f.Match ?? "").includes(leak.secret) ||
          (f.Secret !== undefined && f.Secret.length >= 8 && leak.secret.includes(f.Secret)),
      );
    if (hit) found++;
    else missedByKind[leak.name] = (missedByKind[leak.name] ?? 0) + 1;
  }
  return { found, missedByKind };
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
}

async function main(): Promise<void> {
  const sizeMb = numberArg("--size-mb", 100);
  const batches = numberArg("--batches", 10);
  const runs = Math.max(1, numberArg("--runs", 3));
  const keep = process.argv.includes("--keep");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-audit-"));
  fs.chmodSync(work, 0o700);
  try {
    process.stderr.write(`bench: generating a ${sizeMb} MB export with ${batches} batches of seeded leaks in ${work}\n`);
    const corpus = writeCorpus(path.join(work, "export.json"), sizeMb * 1e6, batches);
    const mb = corpus.bytes / 1e6;
    // The stored secret, for --against-store matches.
    const store = new FileStore({ kind: "file", path: "./.secrets/bench-client" }, { cwd: work });
    await store.write({
      schema: CREDENTIAL_SCHEMA,
      clientId: "b3d9c8e2-5f1a-4c7b-9e2d-0a1b2c3d4e5f",
      clientSecret: corpus.storedSecret,
      rotationId: "bench",
      rotatedAt: "2026-11-01T00:00:00.000Z",
    });

    // Ours: the real CLI, best of `runs`.
    const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");
    const report = path.join(work, "ours.json");
    let best: Measured | undefined;
    for (let i = 0; i < runs; i++) {
      const m = measure(
        process.execPath,
        [
          bin,
          "audit",
          corpus.file,
          "--format",
          "json",
          "--output",
          report,
          "--no-progress",
          "--no-summary",
          "--against-store",
          "file://./.secrets/bench-client",
        ],
        work,
      );
      if (m.code !== 1) throw new Error(`our audit exited ${m.code} (expected 1: findings): ${m.stderr}`);
      if (!best || m.seconds < best.seconds) best = m;
    }
    const ourMeasure = best!;
    const ourFindings = (JSON.parse(fs.readFileSync(report, "utf8")) as { findings: OurFinding[] }).findings;
    const ourScore = ours(corpus.leaks, ourFindings);

    // Bounded memory: the same audit on an export 3x as large (ours only); peak RSS should stay flat.
    let scaling: { megabytes: number; peakRssMb: number | null; mbPerSecond: number } | undefined;
    if (!process.argv.includes("--no-scaling")) {
      const big = writeCorpus(path.join(work, "export-3x.json"), sizeMb * 3e6, batches * 3, 4242);
      const m = measure(
        process.execPath,
        [bin, "audit", big.file, "--format", "json", "--output", path.join(work, "ours-3x.json"), "--no-progress", "--no-summary"],
        work,
      );
      scaling = { megabytes: Math.round(big.bytes / 1e5) / 10, peakRssMb: m.peakRssMb, mbPerSecond: Math.round((big.bytes / 1e6 / m.seconds) * 10) / 10 };
      fs.rmSync(big.file, { force: true });
    }

    // gitleaks on the same file.
    const gl = ensureGitleaks();
    let glMeasure: Measured | undefined;
    let glFindings: GitleaksFinding[] = [];
    let glReason = gl.reason;
    if (gl.path) {
      const glReport = path.join(work, "gitleaks.json");
      glMeasure = measure(
        gl.path,
        ["dir", corpus.file, "--no-banner", "--exit-code", "0", "--log-level", "error", "--report-format", "json", "--report-path", glReport],
        work,
      );
      if (glMeasure.code !== 0) glReason = `gitleaks exited ${glMeasure.code}: ${glMeasure.stderr.trim().split("\n").slice(-1)[0]}`;
      else glFindings = JSON.parse(fs.readFileSync(glReport, "utf8")) as GitleaksFinding[];
      fs.rmSync(glReport, { force: true }); // holds the seeded secrets in clear
    }
    const glScore = glMeasure && !glReason ? theirs(corpus.leaks, glFindings) : undefined;

    const ourMbps = Math.round((mb / ourMeasure.seconds) * 10) / 10;
    const glMbps = glMeasure && !glReason ? Math.round((mb / glMeasure.seconds) * 100) / 100 : null;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
      corpus: { megabytes: Math.round(mb * 10) / 10, resources: corpus.resources, seededLeaks: corpus.leaks.length, batches },
      ours: {
        seconds: Math.round(ourMeasure.seconds * 1000) / 1000,
        mbPerSecond: ourMbps,
        peakRssMb: ourMeasure.peakRssMb,
        runs,
        findings: ourFindings.length,
        seededFound: ourScore.found,
        seededMissed: ourScore.missed,
        findingsOutsideSeededResources: ourScore.outsideSeeded,
      },
      gitleaks: glReason
        ? { available: false, reason: glReason }
        : {
            available: true,
            version: "v8.30.1",
            seconds: Math.round(glMeasure!.seconds * 1000) / 1000,
            mbPerSecond: glMbps,
            peakRssMb: glMeasure!.peakRssMb,
            findings: glFindings.length,
            seededFound: glScore?.found,
            seededMissedByKind: glScore?.missedByKind,
          },
      memoryScaling: scaling ? { ...scaling, peakRssOver1x: ratio(scaling.peakRssMb, ourMeasure.peakRssMb) } : null,
      ratios: {
        throughputOursOverGitleaks: ratio(ourMbps, glMbps),
        peakRssOursOverGitleaks: glReason ? null : ratio(ourMeasure.peakRssMb, glMeasure?.peakRssMb),
        seededFoundOursOverGitleaks: glReason ? null : ratio(ourScore.found, glScore?.found),
      },
      goals: { fasterThanGitleaks: glMbps === null ? null : ourMbps > glMbps, noSeededLeakMissed: ourScore.missed.length === 0 },
    };
    const outDir = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "audit.json"), JSON.stringify(result, null, 2) + "\n");

    const rows: [string, string, string, string][] = [
      ["", "genesys-oauth-guard", "gitleaks", "ours/gitleaks"],
      ["throughput (MB/s)", String(ourMbps), glMbps === null ? "n/a" : String(glMbps), String(result.ratios.throughputOursOverGitleaks ?? "n/a")],
      [
        "wall time (s)",
        result.ours.seconds.toFixed(2),
        glMeasure && !glReason ? glMeasure.seconds.toFixed(2) : "n/a",
        glMeasure && !glReason ? String(ratio(ourMeasure.seconds, glMeasure.seconds)) : "n/a",
      ],
      ["peak RSS (MB)", String(ourMeasure.peakRssMb ?? "n/a"), String(glMeasure?.peakRssMb ?? "n/a"), String(result.ratios.peakRssOursOverGitleaks ?? "n/a")],
      [
        `seeded leaks found (of ${corpus.leaks.length})`,
        String(ourScore.found),
        glScore ? String(glScore.found) : "n/a",
        String(result.ratios.seededFoundOursOverGitleaks ?? "n/a"),
      ],
      ["findings reported", String(ourFindings.length), glReason ? "n/a" : String(glFindings.length), ""],
    ];
    if (scaling)
      rows.push([
        `peak RSS on a ${scaling.megabytes} MB export (MB)`,
        String(scaling.peakRssMb ?? "n/a"),
        "",
        `x${ratio(scaling.peakRssMb, ourMeasure.peakRssMb) ?? "n/a"} for 3x the size`,
      ]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(`\naudit benchmark: ${result.corpus.megabytes} MB export, ${corpus.resources} resources, ${corpus.leaks.length} seeded leaks\n\n`);
    for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ") + "\n");
    if (glReason) process.stdout.write(`\ngitleaks not measured: ${glReason}\n`);
    if (glScore && Object.keys(glScore.missedByKind).length > 0)
      process.stdout.write(
        `\ngitleaks missed (by kind): ${Object.entries(glScore.missedByKind)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}\n`,
      );
    if (ourScore.missed.length > 0) process.stdout.write(`\nWE MISSED ${ourScore.missed.length} seeded leak(s): ${ourScore.missed.slice(0, 10).join("; ")}\n`);
    process.stdout.write(`\nresults: ${path.relative(process.cwd(), path.join(outDir, "audit.json"))}\n`);
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`bench: kept ${work}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
