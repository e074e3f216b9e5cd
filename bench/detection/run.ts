/**
 * Detection benchmark (issue 10): in one run, as ratios and rates against goals —
 *   1. catch rate on the leak corpora (tests/leaks/exports, tests/leaks/shape) over `--draws` random secrets,
 *      audit and pack, with known secrets (stores read) and in shape mode (no store read);
 *   2. false positives on the clean corpus (tests/leaks/clean) over `--clean-instances` instances per case;
 *   3. audit throughput on a `--size-mb` export, stores read and `--no-store-read`, vs gitleaks;
 *   4. preview of a 500-resource stack with the pack (its stores readable) vs a no-op pack (real Pulumi CLI).
 *
 *   node dist/bench/detection/run.js [--draws 20] [--clean-instances 25] [--seed N] [--size-mb 100] [--runs 2]
 *                                    [--preview-runs 3] [--no-throughput] [--no-preview] [--keep]
 *
 * Prints a table; writes bench/results/detection.json (git-ignored). No secret is printed: secrets are
 * generated here, and only variant names, counts and rule names are reported. No timing assertion anywhere.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { measureCatchRates } from "./catch-rate";
import { measureFalsePositives } from "./false-positives";
import { measurePreview, type PreviewResult } from "./preview";
import { measureThroughput, type Throughput } from "./throughput";
import { numberArg } from "../support/args";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** Goals of issue 10. */
const GOALS = { knownCatch: 0.99, shapeCatch: 0.9, falsePositives: 0, throughputOverGitleaks: 10, packOverNoop: 1.05 };

const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const met = (ok: boolean | null): string => (ok === null ? "n/a" : ok ? "met" : "NOT met");

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ")).join("\n") + "\n";
}

async function main(): Promise<void> {
  const draws = Math.max(1, Math.round(numberArg("--draws", 20)));
  const instances = Math.max(1, Math.round(numberArg("--clean-instances", 25)));
  const seed = Math.round(numberArg("--seed", Math.floor(Math.random() * 2 ** 31)));
  const sizeMb = numberArg("--size-mb", 100);
  const runs = Math.max(1, Math.round(numberArg("--runs", 2)));
  const previewRuns = Math.max(1, Math.round(numberArg("--preview-runs", 3)));
  const keep = process.argv.includes("--keep");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-detection-"));
  fs.chmodSync(work, 0o700);
  const load = [os.loadavg().map((n) => Math.round(n * 100) / 100)];
  try {
    progress(`seed ${seed} (--seed ${seed} replays the corpora), ${draws} draws, ${instances} clean instances per case, in ${work}`);
    const started = Date.now();
    const catchRates = await measureCatchRates(seed, draws, work, progress);
    const falsePositives = await measureFalsePositives(seed, instances, work, progress);
    const corporaSeconds = Math.round((Date.now() - started) / 100) / 10;
    load.push(os.loadavg().map((n) => Math.round(n * 100) / 100));
    const throughput: Throughput | null = process.argv.includes("--no-throughput") ? null : await measureThroughput(sizeMb, runs, work, progress);
    load.push(os.loadavg().map((n) => Math.round(n * 100) / 100));
    const preview: PreviewResult | null = process.argv.includes("--no-preview") ? null : measurePreview(500, previewRuns);
    if (preview) load.push(preview.loadAverage);

    const cell = (corpus: string, consumer: string, mode: string) =>
      catchRates.cells.find((c) => c.corpus === corpus && c.consumer === consumer && c.mode === mode);
    const knownRates = catchRates.cells.filter((c) => c.mode === "known").map((c) => c.rate);
    const shapeRates = catchRates.cells.filter((c) => c.mode === "shape").map((c) => c.rate);
    const fpTotal = falsePositives.reduce((n, c) => n + c.findings, 0) + catchRates.base.known.findings + catchRates.base.shape.findings;
    const goals = {
      knownCatchAtLeast99: Math.min(...knownRates) >= GOALS.knownCatch,
      shapeCatchAtLeast90: Math.min(...shapeRates) >= GOALS.shapeCatch,
      zeroFalsePositives: fpTotal === GOALS.falsePositives,
      throughputAtLeast10xGitleaks:
        throughput?.ratios.storesReadOverGitleaks == null ? null : throughput.ratios.storesReadOverGitleaks >= GOALS.throughputOverGitleaks,
      previewPackOverNoopAtMost1_05: preview ? preview.ratios.packOverNoop <= GOALS.packOverNoop : null,
      noValuePrinted: catchRates.cells.every((c) => c.printedValue === 0),
    };
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverages: load },
      parameters: { seed, draws, cleanInstancesPerCase: instances, sizeMb, runs, previewRuns },
      corporaSeconds,
      catchRates: catchRates.cells,
      falsePositives: { clean: falsePositives, exportsBaseStack: catchRates.base },
      throughput,
      preview,
      goals: { targets: GOALS, met: goals },
    };
    const outDir = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "detection.json"), JSON.stringify(result, null, 2) + "\n");

    let out = `\ndetection benchmark (seed ${seed}; ${draws} secrets per variant; ${instances} instances per clean case)\n\n`;
    const rows = [["catch rate", "audit", "pack", "goal", ""]];
    for (const corpus of ["exports", "shape"]) {
      for (const mode of ["known", "shape"]) {
        const a = cell(corpus, "audit", mode);
        const p = cell(corpus, "pack", mode);
        const goal = mode === "known" ? GOALS.knownCatch : GOALS.shapeCatch;
        const label = `${corpus === "exports" ? "exports (48 variants)" : "shape (24 variants)"}, ${mode === "known" ? "known secrets" : "shape mode"}`;
        rows.push([
          label,
          a ? `${pct(a.rate)} (${a.caught}/${a.total})` : "n/a",
          p ? `${pct(p.rate)} (${p.caught}/${p.total})` : "n/a",
          `≥ ${pct(goal)}`,
          met(!!a && !!p && a.rate >= goal && p.rate >= goal),
        ]);
      }
    }
    out += table(rows);
    for (const c of catchRates.cells) {
      if (c.missed.length > 0) out += `  missed (${c.corpus}, ${c.consumer}, ${c.mode}): ${c.missed.join("; ")}\n`;
      if (c.notVisible.length > 0) out += `  not visible to the pack (${c.corpus}, ${c.mode}; not counted): ${c.notVisible.join(", ")}\n`;
      if (c.storeNotRead > 0) out += `  WARNING (${c.corpus}, ${c.consumer}, ${c.mode}): a store was not read on ${c.storeNotRead} stacks\n`;
      if (c.printedValue > 0) out += `  DEFECT (${c.corpus}, ${c.consumer}, ${c.mode}): ${c.printedValue} finding(s) held the value\n`;
    }
    const fpRows = [["false positives", "stacks", "findings", "goal", ""]];
    for (const c of falsePositives)
      fpRows.push([
        `clean corpus, ${c.consumer}, ${c.mode === "known" ? "known secrets" : "shape mode"}`,
        String(c.stacks),
        String(c.findings),
        "0",
        met(c.findings === 0),
      ]);
    for (const mode of ["known", "shape"] as const) {
      const b = catchRates.base[mode];
      fpRows.push([
        `exports base stack, audit+pack, ${mode === "known" ? "known secrets" : "shape mode"}`,
        String(b.stacks),
        String(b.findings),
        "0",
        met(b.findings === 0),
      ]);
    }
    out += "\n" + table(fpRows);
    for (const c of falsePositives) for (const line of c.cases) out += `  ${c.consumer}, ${c.mode}: ${line}\n`;
    for (const mode of ["known", "shape"] as const)
      if (catchRates.base[mode].rules.length > 0) out += `  exports base stack (${mode}): ${catchRates.base[mode].rules.join(", ")}\n`;
    if (throughput) {
      const t = throughput.rows;
      const tRows = [[`audit throughput, ${throughput.megabytes} MB export (best of ${throughput.runs})`, "s", "MB/s", "peak RSS (MB)", "/ gitleaks"]];
      for (const [key, r] of Object.entries(t)) {
        const over = key === "storesRead" ? throughput.ratios.storesReadOverGitleaks : key === "noStoreRead" ? throughput.ratios.noStoreReadOverGitleaks : null;
        tRows.push([
          r.label,
          r.seconds?.toFixed(2) ?? "n/a",
          r.mbPerSecond?.toFixed(2) ?? "n/a",
          String(r.peakRssMb ?? "n/a"),
          over === null ? "" : `${over}×`,
        ]);
      }
      out += "\n" + table(tRows);
      out += `  goal ≥ ${GOALS.throughputOverGitleaks}× gitleaks with stores read: ${met(goals.throughputAtLeast10xGitleaks)}; known-secret matching costs ${throughput.ratios.storesReadOverNoStoreRead ?? "n/a"}× the time of --no-store-read\n`;
      out += `  known-secret findings: ${t.storesRead.knownSecretFindings ?? "n/a"} with stores read, ${t.noStoreRead.knownSecretFindings ?? "n/a"} with --no-store-read\n`;
      if (throughput.gitleaksUnavailable) out += `  gitleaks not measured: ${throughput.gitleaksUnavailable}\n`;
      if (throughput.storeNotes.length > 0) out += `  WARNING: the CLI could not read a store: ${throughput.storeNotes.join(" | ")}\n`;
    }
    if (preview) {
      const pRows = [
        [
          `pulumi preview, ${preview.resources} resources (${preview.oauthClients} OAuthClients, stores readable), median of ${preview.runs}`,
          "s",
          "/ without",
          "/ no-op pack",
        ],
      ];
      pRows.push(["without a pack", preview.medians.without.toFixed(2), "", ""]);
      pRows.push([
        "--policy-pack policies",
        preview.medians.pack.toFixed(2),
        preview.ratios.packOverWithout.toFixed(3),
        preview.ratios.packOverNoop.toFixed(3),
      ]);
      pRows.push(["--policy-pack <no-op pack>", preview.medians.noop.toFixed(2), preview.ratios.noopOverWithout.toFixed(3), ""]);
      out += "\n" + table(pRows);
      out += `  goal pack / no-op pack ≤ ${GOALS.packOverNoop}: ${met(goals.previewPackOverNoopAtMost1_05)}\n`;
      if (preview.breakdown) {
        for (const key of ["pack", "noop"] as const) {
          const b = preview.breakdown[key];
          out += `  ${key === "pack" ? "the pack" : "no-op pack"} over no pack: fixed ${b.fixedSeconds.toFixed(2)} s per preview, then ${b.perResourceMs.toFixed(2)} ms per resource\n`;
        }
        const { pack, noop } = preview.breakdown;
        out += `  the pack over the no-op pack: fixed ${(pack.fixedSeconds - noop.fixedSeconds).toFixed(2)} s per preview, then ${(pack.perResourceMs - noop.perResourceMs).toFixed(2)} ms per resource\n`;
      }
    }
    out += `\nload average (1/5/15 min) during the run: ${load.map((l) => l.join("/")).join(" → ")}\nresults: ${path.relative(process.cwd(), path.join(outDir, "detection.json"))}\n`;
    process.stdout.write(out);
  } finally {
    if (keep) progress(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
