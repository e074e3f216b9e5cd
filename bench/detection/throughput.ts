/**
 * Audit throughput with known-secret matching: the real CLI on the audit benchmark's export
 * (bench/audit/corpus.ts, about `sizeMb` MB) whose OAuthClients name a file store holding the seeded secret,
 * read as the CLI does by default, then the same with `--no-store-read` (shape rules only), and gitleaks
 * (`gitleaks dir`, default rules) on the same file — each `runs` times, best kept, in alternating order.
 * Ratios: ours/gitleaks for both, and the cost of known-secret matching (stores read / --no-store-read).
 */
import * as fs from "fs";
import * as path from "path";
import { writeCorpus } from "../audit/corpus";
import { ensureGitleaks, measure, type Measured } from "../audit/tools";
import { writeFileStore } from "./stacks";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const KNOWN_RULE = "genesys-stored-secret-match";

/** One measured tool configuration. */
export interface ThroughputRow {
  label: string;
  seconds: number | null;
  mbPerSecond: number | null;
  peakRssMb: number | null;
  /** Findings of the known-secret rule (ours): > 0 only when the store was read. */
  knownSecretFindings?: number;
  /** Findings in all. */
  findings?: number;
}

/** The throughput measurement. */
export interface Throughput {
  megabytes: number;
  resources: number;
  runs: number;
  rows: { storesRead: ThroughputRow; noStoreRead: ThroughputRow; gitleaks: ThroughputRow };
  gitleaksUnavailable?: string;
  /** Notes the CLI printed about a store it could not read (must be empty). */
  storeNotes: string[];
  ratios: { storesReadOverGitleaks: number | null; noStoreReadOverGitleaks: number | null; storesReadOverNoStoreRead: number | null };
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : round(a / b));

/** Measures in `work` (the corpus, the store and the reports are written there). */
export async function measureThroughput(sizeMb: number, runs: number, work: string, progress: (line: string) => void): Promise<Throughput> {
  const store = path.join(work, "stores", "bench-client");
  progress(`throughput: generating a ${sizeMb} MB export`);
  // The reference first: the corpus names it; the record (with the corpus' seeded secret) is written after.
  const reference = `file://${store}`;
  const corpus = writeCorpus(path.join(work, "export.json"), sizeMb * 1e6, 10, 2026, reference);
  await writeFileStore(work, "bench-client", "b3d9c8e2-5f1a-4c7b-9e2d-0a1b2c3d4e5f", corpus.storedSecret);
  const mb = corpus.bytes / 1e6;
  const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");
  const gl = ensureGitleaks();
  const report = path.join(work, "ours.json");
  const glReport = path.join(work, "gitleaks.json");
  const configs: { key: keyof Throughput["rows"]; label: string; run: () => Measured }[] = [
    {
      key: "storesRead",
      label: "genesys-oauth-guard audit (stores read)",
      run: () => measure(process.execPath, [bin, "audit", corpus.file, "--format", "json", "--output", report, "--no-progress", "--no-summary"], work),
    },
    {
      key: "noStoreRead",
      label: "genesys-oauth-guard audit --no-store-read",
      run: () =>
        measure(
          process.execPath,
          [bin, "audit", corpus.file, "--format", "json", "--output", report, "--no-progress", "--no-summary", "--no-store-read"],
          work,
        ),
    },
  ];
  if (gl.path) {
    const glPath = gl.path;
    configs.push({
      key: "gitleaks",
      label: "gitleaks dir (v8.30.1)",
      run: () =>
        measure(
          glPath,
          ["dir", corpus.file, "--no-banner", "--exit-code", "0", "--log-level", "error", "--report-format", "json", "--report-path", glReport],
          work,
        ),
    });
  }
  const best = new Map<string, Measured>();
  const storeNotes: string[] = [];
  const counts = new Map<string, { known: number; all: number }>();
  let gitleaksUnavailable = gl.reason;
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < configs.length; k++) {
      const c = configs[(i + k) % configs.length];
      const m = c.run();
      progress(`throughput: run ${i + 1}/${runs} ${c.label}: ${m.seconds.toFixed(2)} s`);
      if (c.key === "gitleaks") {
        fs.rmSync(glReport, { force: true }); // holds the seeded secrets in clear
        if (m.code !== 0) {
          gitleaksUnavailable = `gitleaks exited ${m.code}: ${m.stderr.trim().split("\n").slice(-1)[0]}`;
          continue;
        }
      } else {
        if (m.code !== 1) throw new Error(`our audit exited ${m.code} (expected 1: findings): ${m.stderr.slice(-500)}`);
        for (const line of m.stderr.split("\n")) if (/cannot read the store|nothing is stored/.test(line) && !storeNotes.includes(line)) storeNotes.push(line);
        const findings = (JSON.parse(fs.readFileSync(report, "utf8")) as { findings: { rule: string }[] }).findings;
        counts.set(c.key, { known: findings.filter((f) => f.rule === KNOWN_RULE).length, all: findings.length });
        fs.rmSync(report, { force: true });
      }
      const prev = best.get(c.key);
      if (!prev || m.seconds < prev.seconds) best.set(c.key, m);
    }
  }
  const row = (key: keyof Throughput["rows"], label: string): ThroughputRow => {
    const m = best.get(key);
    const n = counts.get(key);
    return {
      label,
      seconds: m ? round(m.seconds, 3) : null,
      mbPerSecond: m ? round(mb / m.seconds) : null,
      peakRssMb: m?.peakRssMb ?? null,
      ...(n ? { knownSecretFindings: n.known, findings: n.all } : {}),
    };
  };
  const rows = {
    storesRead: row("storesRead", configs[0].label),
    noStoreRead: row("noStoreRead", configs[1].label),
    gitleaks: row("gitleaks", "gitleaks dir (v8.30.1)"),
  };
  fs.rmSync(corpus.file, { force: true });
  return {
    megabytes: round(mb, 1),
    resources: corpus.resources,
    runs,
    rows,
    ...(gitleaksUnavailable ? { gitleaksUnavailable } : {}),
    storeNotes,
    ratios: {
      storesReadOverGitleaks: ratio(rows.storesRead.mbPerSecond, rows.gitleaks.mbPerSecond),
      noStoreReadOverGitleaks: ratio(rows.noStoreRead.mbPerSecond, rows.gitleaks.mbPerSecond),
      storesReadOverNoStoreRead: ratio(rows.storesRead.seconds, rows.noStoreRead.seconds),
    },
  };
}
