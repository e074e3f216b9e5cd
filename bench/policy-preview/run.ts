/**
 * Policy-pack overhead benchmark (issue 4): `pulumi preview` of a generated 500-resource program, timed
 * without and with `--policy-pack policies` in the same run, as a ratio of medians (goal < 1.15).
 *
 *   node dist/bench/policy-preview/run.js [--resources 500] [--oauth-clients 10] [--runs 5] [--no-breakdown] [--no-sources] [--readable-stores] [--keep]
 *
 * The program (bench/policy-preview/program) holds `--resources` resources: `--oauth-clients` OAuthClients
 * of ours with rotation (two resources each; preview only runs check(), no API call) and dynamic resources of
 * a trivial provider that needs no network. One warm-up preview of each series is not counted; then the series
 * take turns, in an order rotated every run, so that drift on the machine hits all alike. Series:
 *   - without a pack (the baseline);
 *   - with the pack as it ships (policies/, started from its compiled bin/; the run fails if bin/ is stale);
 *   - with a no-op pack (one policy that does nothing): the floor any pack costs, i.e. the engine starting an
 *     analyzer and calling Remediate and Analyze once per resource (tests/support/policy-packs.ts);
 *   - with the pack started from its TypeScript sources (a copy without bin/; skip with --no-sources).
 * Breakdown (skip with --no-breakdown): the same series on a 10-resource stack separate the fixed cost per
 * preview (starting the analyzer) from the cost per resource.
 * `--readable-stores` writes a file-store record at each OAuthClient's `secretStore` (`file://./.secrets/client-N`,
 * relative to the program directory) before the first preview, so the pack's known-secret matching reads
 * every store (without it the reads fail and the pack only notes that).
 * Results: bench/results/policy-preview.json (git-ignored) and a table. No timing assertion anywhere.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FileStore } from "../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../stores/store";
import { copyPackSources, noopPack, packDir, packEntry } from "../../tests/support/policy-packs";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../tests/support/pulumi";
import { numberArg } from "../support/args";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** One kind of preview: no pack, or `--policy-pack <dir>`. */
interface Series {
  key: "without" | "pack" | "noop" | "sources";
  label: string;
  pack: string | undefined;
  seconds: number[];
}

/** Set with `--readable-stores`: a pack preview that notes an unreadable store is then an error. */
let storesMustBeRead = false;

async function preview(ws: PulumiWorkspace, pack: string | undefined): Promise<number> {
  const args = ["preview", "--diff=false", ...(pack ? ["--policy-pack", pack] : [])];
  const started = process.hrtime.bigint();
  const r = await ws.run(args, { timeoutMs: 20 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  if (pack && !/Policies:|genesys-oauth-guard|noop/i.test(r.stdout + r.stderr)) {
    throw new Error(`preview with ${pack} did not report the pack:\n${r.stdout.slice(-2000)}`);
  }
  if (pack && storesMustBeRead && /cannot read the store|could not be read|known-secret matching is off/.test(r.stdout + r.stderr)) {
    throw new Error(`preview with ${pack}: a store was not read although --readable-stores wrote them:\n${r.stdout.slice(-2000)}`);
  }
  return seconds;
}

/** Warm up once, then `runs` rounds over all series, rotating their order each round. */
async function measure(ws: PulumiWorkspace, series: Series[], runs: number, tag: string): Promise<void> {
  for (const sr of series) await preview(ws, sr.pack);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < series.length; k++) {
      const sr = series[(i + k) % series.length];
      const s = await preview(ws, sr.pack);
      sr.seconds.push(s);
      process.stderr.write(`bench: ${tag} run ${i + 1}/${runs} ${sr.label.padEnd(34)} ${s.toFixed(2)} s\n`);
    }
  }
}

function newSeries(packs: { pack: string; noop: string; sources: string | undefined }): Series[] {
  return [
    { key: "without", label: "pulumi preview", pack: undefined, seconds: [] },
    { key: "pack", label: "--policy-pack policies", pack: packs.pack, seconds: [] },
    { key: "noop", label: "--policy-pack <no-op pack>", pack: packs.noop, seconds: [] },
    ...(packs.sources ? [{ key: "sources" as const, label: "--policy-pack <pack from TS sources>", pack: packs.sources, seconds: [] }] : []),
  ];
}

/** Writes a credential record (a random secret, never printed) at `file://./.secrets/client-N` for N < `count`. */
async function writeStores(programDir: string, count: number): Promise<void> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < count; i++) {
    const secret = [...crypto.randomBytes(22)].map((b) => alphabet[b % 64]).join("");
    const store = new FileStore({ kind: "file", path: `./.secrets/client-${i}` }, { cwd: programDir });
    await store.write({
      schema: CREDENTIAL_SCHEMA,
      clientId: crypto.randomUUID(),
      clientSecret: secret,
      rotationId: "bench",
      rotatedAt: new Date().toISOString(),
    });
  }
}

async function main(): Promise<void> {
  const resources = Math.round(numberArg("--resources", 500));
  const oauthClients = Math.round(numberArg("--oauth-clients", 10));
  const runs = Math.max(1, Math.round(numberArg("--runs", 5)));
  const keep = process.argv.includes("--keep");
  if (!pulumiAvailable()) throw new Error("pulumi is not on PATH: export PATH=$(bash scripts/toolchain/ensure-pulumi.sh):$PATH");
  if (!fs.existsSync(path.join(repoRoot, "node_modules", "@pulumi", "policy"))) throw new Error("node_modules/@pulumi/policy is missing: npm ci");
  const entry = packEntry(packDir);
  if (!entry.compiled) throw new Error(`the pack would start from its TypeScript sources: ${entry.reason}; run bash scripts/lib/ensure-policy-pack.sh`);

  const ws = new PulumiWorkspace("program", path.join(repoRoot, "bench", "policy-preview"));
  // OAuthClient's check() makes no API call; these only satisfy settings resolution should anything ask.
  ws.extraEnv = {
    GENESYS_CLOUD_CLIENT_ID: "bench-preview",
    GENESYS_CLOUD_CLIENT_SECRET: "bench-preview-not-a-secret",
    GENESYS_CLOUD_API_URL: "http://127.0.0.1:9",
  };
  const noop = noopPack();
  const sources = process.argv.includes("--no-sources") ? undefined : copyPackSources();
  const packs = { pack: packDir, noop, sources };
  try {
    const readableStores = process.argv.includes("--readable-stores");
    if (readableStores) await writeStores(ws.programDir, oauthClients);
    storesMustBeRead = readableStores;
    await ws.initStack("bench");
    await ws.ok(["config", "set", "resources", String(resources)]);
    await ws.ok(["config", "set", "oauthClients", String(oauthClients)]);
    process.stderr.write(`bench: ${resources} resources (${oauthClients} OAuthClients with rotation); warm-up previews first\n`);
    const big = newSeries(packs);
    await measure(ws, big, runs, `${resources}-resource`);

    const small = 10;
    const smallSeries = process.argv.includes("--no-breakdown") ? undefined : newSeries({ ...packs, sources: undefined });
    if (smallSeries) {
      await ws.ok(["config", "set", "resources", String(small)]);
      await ws.ok(["config", "set", "oauthClients", "2"]);
      await measure(ws, smallSeries, 3, `${small}-resource`);
    }

    const m = (list: Series[], key: Series["key"]): number | undefined => {
      const sr = list.find((x) => x.key === key);
      return sr?.seconds.length ? median(sr.seconds) : undefined;
    };
    const base = m(big, "without")!;
    const ratio = (key: Series["key"]): number | null => {
      const v = m(big, key);
      return v === undefined ? null : round3(v / base);
    };
    /** Fixed cost (10-resource difference) and cost per resource of the rest, for one pack series. */
    const split = (key: Series["key"]) => {
      if (!smallSeries) return null;
      const fixed = m(smallSeries, key)! - m(smallSeries, "without")!;
      const total = m(big, key)! - base;
      return { fixedSeconds: round3(fixed), perResourceMs: round3(((total - fixed) / (resources - small)) * 1000) };
    };
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage: os.loadavg().map(round3) },
      program: { resources, oauthClients, readableStores, dynamicResources: resources - 2 * Math.min(Math.floor(resources / 2), oauthClients) },
      runs,
      packEntry: { compiled: entry.compiled, reason: entry.reason },
      series: Object.fromEntries(big.map((sr) => [sr.key, { label: sr.label, medianSeconds: round3(median(sr.seconds)), seconds: sr.seconds.map(round3) }])),
      ratios: { pack: ratio("pack"), noop: ratio("noop"), sources: ratio("sources") },
      breakdown: smallSeries
        ? {
            smallResources: small,
            series: Object.fromEntries(smallSeries.map((sr) => [sr.key, { medianSeconds: round3(median(sr.seconds)), seconds: sr.seconds.map(round3) }])),
            pack: split("pack"),
            noop: split("noop"),
          }
        : null,
      goals: { ratioUnder1_15: (ratio("pack") ?? Infinity) < 1.15 },
    };
    const outDir = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "policy-preview.json"), JSON.stringify(result, null, 2) + "\n");

    const rows: string[][] = [["", "median (s)", "/ without", "runs (s)"]];
    for (const sr of big) {
      const r = sr.key === "without" ? "" : String(ratio(sr.key));
      rows.push([sr.label, median(sr.seconds).toFixed(2), r, sr.seconds.map((s) => s.toFixed(2)).join(" ")]);
    }
    const goal = result.goals.ratioUnder1_15 ? "met" : "NOT met";
    const notes = [`goal: --policy-pack policies / without < 1.15: ${goal} (${ratio("pack")})`];
    if (smallSeries) {
      for (const key of ["pack", "noop"] as const) {
        const sp = split(key);
        const label = big.find((x) => x.key === key)?.label;
        if (sp)
          notes.push(
            `${label}: fixed cost per preview ${sp.fixedSeconds.toFixed(2)} s (${small}-resource stack), then ${sp.perResourceMs.toFixed(2)} ms per resource`,
          );
      }
    }
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(
      `\npolicy-preview benchmark: ${resources} resources (${oauthClients} OAuthClients with rotation${readableStores ? ", their stores readable" : ""}), median of ${runs} runs each\n\n`,
    );
    for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ") + "\n");
    process.stdout.write("\n" + notes.join("\n") + "\n");
    process.stdout.write(`\nresults: ${path.relative(process.cwd(), path.join(outDir, "policy-preview.json"))}\n`);
  } finally {
    if (keep) process.stderr.write(`bench: kept ${ws.root}, ${noop}${sources ? `, ${sources}` : ""}\n`);
    else {
      ws.dispose();
      fs.rmSync(noop, { recursive: true, force: true });
      if (sources) fs.rmSync(path.dirname(sources), { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
