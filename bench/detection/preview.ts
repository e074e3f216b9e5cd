/**
 * Preview with the pack, store reads included: runs the policy-preview benchmark (bench/policy-preview,
 * real Pulumi CLI) with `--readable-stores` — each OAuthClient of its program names a file store that holds a
 * secret, so the pack reads every store — and reads back its result. The ratio that matters here is the
 * pack over a no-op pack (the floor any Node.js policy pack costs) at the same 500 resources, and its split
 * into a fixed cost per preview and a cost per resource (the benchmark's 10-resource breakdown).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** What the policy-preview benchmark measured, as used here. */
export interface PreviewResult {
  resources: number;
  oauthClients: number;
  runs: number;
  medians: { without: number; pack: number; noop: number };
  ratios: { packOverNoop: number; packOverWithout: number; noopOverWithout: number };
  breakdown: { pack: { fixedSeconds: number; perResourceMs: number }; noop: { fixedSeconds: number; perResourceMs: number } } | null;
  loadAverage: number[];
}

interface PolicyPreviewJson {
  program: { resources: number; oauthClients: number; readableStores?: boolean };
  runs: number;
  machine: { loadAverage: number[] };
  series: Record<string, { medianSeconds: number }>;
  breakdown: { pack: { fixedSeconds: number; perResourceMs: number } | null; noop: { fixedSeconds: number; perResourceMs: number } | null } | null;
}

/** Runs `node dist/bench/policy-preview/run.js` (needs pulumi on PATH and the pack's bin/ built); its progress goes to stderr. */
export function measurePreview(resources: number, runs: number): PreviewResult {
  const script = path.join(repoRoot, "dist", "bench", "policy-preview", "run.js");
  const args = [script, "--resources", String(resources), "--runs", String(runs), "--no-sources", "--readable-stores"];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"], timeout: 90 * 60_000 });
  if (r.status !== 0) throw new Error(`the policy-preview benchmark exited ${r.status ?? r.signal}`);
  const json = JSON.parse(fs.readFileSync(path.join(repoRoot, "bench", "results", "policy-preview.json"), "utf8")) as PolicyPreviewJson;
  if (json.program.readableStores !== true) throw new Error("the policy-preview result is not of a run with --readable-stores");
  const median = (key: string): number => json.series[key].medianSeconds;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  const b = json.breakdown;
  return {
    resources: json.program.resources,
    oauthClients: json.program.oauthClients,
    runs: json.runs,
    medians: { without: median("without"), pack: median("pack"), noop: median("noop") },
    ratios: {
      packOverNoop: round(median("pack") / median("noop")),
      packOverWithout: round(median("pack") / median("without")),
      noopOverWithout: round(median("noop") / median("without")),
    },
    breakdown: b?.pack && b.noop ? { pack: b.pack, noop: b.noop } : null,
    loadAverage: json.machine.loadAverage,
  };
}
