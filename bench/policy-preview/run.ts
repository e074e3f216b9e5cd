/**
 * Policy-pack overhead benchmark (issue 4): `pulumi preview` of a generated 500-resource program, timed
 * without and with `--policy-pack policies` in the same run, as a ratio of medians (goal < 1.15).
 *
 *   node dist/bench/policy-preview/run.js [--resources 500] [--oauth-clients 10] [--runs 5] [--no-breakdown] [--no-compiled] [--keep]
 *
 * The program (bench/policy-preview/program) holds `--resources` resources: `--oauth-clients` OAuthClients
 * of ours with rotation (two resources each; preview only runs check(), no API call) and dynamic resources of
 * a trivial provider that needs no network. One warm-up preview of each kind is not counted; then the two
 * kinds alternate (without, with, with, without, ...) so that drift on the machine hits both alike.
 * A third series (skip with --no-compiled) runs the same pack compiled to JavaScript first (the pack's own
 * tsconfig, into a temporary directory; policies/ is not touched), to show what the pack's start-up costs.
 * Breakdown (skip with --no-breakdown): the same comparison on a 10-resource stack gives the pack's fixed
 * cost per preview (starting the analyzer); the rest of the difference, per resource, is the policies' work.
 * Results: bench/results/policy-preview.json (git-ignored) and a table. No timing assertion anywhere.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiWorkspace, pulumiAvailable } from "../../tests/support/pulumi";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const packDir = path.join(repoRoot, "policies");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number >= 0`);
  return v;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** The pack compiled to JavaScript in a temporary directory (its tsconfig, `main` = policies/index.js). */
function compilePack(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-pack-"));
  const r = spawnSync(path.join(packDir, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--outDir", out], { cwd: packDir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`compiling the pack failed: ${(r.stdout ?? "") + (r.stderr ?? "")}`);
  fs.copyFileSync(path.join(packDir, "PulumiPolicy.yaml"), path.join(out, "PulumiPolicy.yaml"));
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ name: "genesys-oauth-guard-policies", version: "0.0.0", private: true, main: "policies/index.js" }) + "\n");
  fs.symlinkSync(path.join(packDir, "node_modules"), path.join(out, "node_modules"), "dir");
  return out;
}

async function preview(ws: PulumiWorkspace, pack: string | false): Promise<number> {
  const withPack = pack !== false;
  const args = ["preview", "--diff=false", ...(pack ? ["--policy-pack", pack] : [])];
  const started = process.hrtime.bigint();
  const r = await ws.run(args, { timeoutMs: 20 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  if (withPack && !/Policies:|genesys-oauth-guard/i.test(r.stdout + r.stderr)) {
    throw new Error(`preview with the pack did not report the pack:\n${r.stdout.slice(-2000)}`);
  }
  return seconds;
}

async function main(): Promise<void> {
  const resources = Math.round(arg("--resources", 500));
  const oauthClients = Math.round(arg("--oauth-clients", 10));
  const runs = Math.max(1, Math.round(arg("--runs", 5)));
  const keep = process.argv.includes("--keep");
  if (!pulumiAvailable()) throw new Error("pulumi is not on PATH: export PATH=$(bash scripts/toolchain/ensure-pulumi.sh):$PATH");
  if (!fs.existsSync(path.join(packDir, "node_modules"))) throw new Error("policies/node_modules is missing: (cd policies && npm ci)");

  const ws = new PulumiWorkspace("program", path.join(repoRoot, "bench", "policy-preview"));
  // OAuthClient's check() makes no API call; these only satisfy settings resolution should anything ask.
  ws.extraEnv = { GENESYS_CLOUD_CLIENT_ID: "bench-preview", GENESYS_CLOUD_CLIENT_SECRET: "bench-preview-not-a-secret", GENESYS_CLOUD_API_URL: "http://127.0.0.1:9" };
  let compiledDir: string | undefined;
  try {
    await ws.initStack("bench");
    await ws.ok(["config", "set", "resources", String(resources)]);
    await ws.ok(["config", "set", "oauthClients", String(oauthClients)]);
    process.stderr.write(`bench: warm-up previews (${resources} resources, ${oauthClients} OAuthClients with rotation)\n`);
    compiledDir = process.argv.includes("--no-compiled") ? undefined : compilePack();
    const warmWithout = await preview(ws, false);
    const warmWith = await preview(ws, packDir);
    if (compiledDir) await preview(ws, compiledDir);
    const series: { name: string; pack: string | false; seconds: number[] }[] = [
      { name: "without the pack", pack: false, seconds: [] },
      { name: "with the pack", pack: packDir, seconds: [] },
      ...(compiledDir ? [{ name: "with the pack, compiled", pack: compiledDir, seconds: [] as number[] }] : []),
    ];
    for (let i = 0; i < runs; i++) {
      // Rotate the order each run so that drift hits every series alike.
      for (let k = 0; k < series.length; k++) {
        const sr = series[(i + k) % series.length];
        const s = await preview(ws, sr.pack);
        sr.seconds.push(s);
        process.stderr.write(`bench: run ${i + 1}/${runs} ${sr.name.padEnd(24)} ${s.toFixed(2)} s\n`);
      }
    }
    const without = series[0].seconds;
    const withPack = series[1].seconds;
    const compiled = compiledDir ? series[2].seconds : undefined;
    const mWithout = median(without);
    const mWith = median(withPack);
    const ratio = round3(mWith / mWithout);
    const compiledRatio = compiled ? round3(median(compiled) / mWithout) : null;

    let breakdown: { smallResources: number; smallWithoutMedianSeconds: number; smallWithMedianSeconds: number; fixedOverheadSeconds: number; perResourceOverheadMs: number } | null = null;
    if (!process.argv.includes("--no-breakdown")) {
      const small = 10;
      await ws.ok(["config", "set", "resources", String(small)]);
      await ws.ok(["config", "set", "oauthClients", "2"]);
      const sWithout: number[] = [];
      const sWith: number[] = [];
      for (let i = 0; i < 3; i++) {
        for (const pack of i % 2 === 0 ? [false, true] : [true, false]) (pack ? sWith : sWithout).push(await preview(ws, pack ? packDir : false));
      }
      const fixed = median(sWith) - median(sWithout);
      breakdown = {
        smallResources: small,
        smallWithoutMedianSeconds: round3(median(sWithout)),
        smallWithMedianSeconds: round3(median(sWith)),
        fixedOverheadSeconds: round3(fixed),
        perResourceOverheadMs: round3(((mWith - mWithout - fixed) / (resources - small)) * 1000),
      };
      process.stderr.write(`bench: ${small}-resource stack: without ${breakdown.smallWithoutMedianSeconds} s, with ${breakdown.smallWithMedianSeconds} s\n`);
    }
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
      program: { resources, oauthClients, dynamicResources: resources - 2 * Math.min(Math.floor(resources / 2), oauthClients) },
      runs,
      warmUp: { withoutSeconds: round3(warmWithout), withSeconds: round3(warmWith) },
      withoutPack: { medianSeconds: round3(mWithout), seconds: without.map(round3) },
      withPack: { medianSeconds: round3(mWith), seconds: withPack.map(round3) },
      withCompiledPack: compiled ? { medianSeconds: round3(median(compiled)), seconds: compiled.map(round3) } : null,
      ratioWithOverWithout: ratio,
      ratioCompiledOverWithout: compiledRatio,
      overheadSecondsPerResource: round3((mWith - mWithout) / resources),
      breakdown,
      goals: { ratioUnder1_15: ratio < 1.15 },
    };
    const outDir = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "policy-preview.json"), JSON.stringify(result, null, 2) + "\n");

    const rows = [
      ["", "median (s)", "runs (s)"],
      ["pulumi preview", mWithout.toFixed(2), without.map((s) => s.toFixed(2)).join(" ")],
      ["pulumi preview --policy-pack policies", mWith.toFixed(2), withPack.map((s) => s.toFixed(2)).join(" ")],
      ["with / without", String(ratio), `goal < 1.15: ${ratio < 1.15 ? "met" : "NOT met"}`],
    ];
    if (compiled) {
      rows.push(["pulumi preview --policy-pack <pack compiled to JS>", median(compiled).toFixed(2), compiled.map((s) => s.toFixed(2)).join(" ")]);
      rows.push(["compiled / without", String(compiledRatio), `goal < 1.15: ${(compiledRatio ?? Infinity) < 1.15 ? "met" : "NOT met"}`]);
    }
    if (breakdown) {
      rows.push([`pack's fixed cost per preview (${breakdown.smallResources}-resource stack)`, breakdown.fixedOverheadSeconds.toFixed(2), `${breakdown.smallWithoutMedianSeconds.toFixed(2)} -> ${breakdown.smallWithMedianSeconds.toFixed(2)}`]);
      rows.push(["pack's cost per resource (ms)", breakdown.perResourceOverheadMs.toFixed(1), breakdown.perResourceOverheadMs <= 0 ? "below the noise: the overhead is the fixed cost" : ""]);
    }
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(`\npolicy-preview benchmark: ${resources} resources (${oauthClients} OAuthClients with rotation), median of ${runs} runs each\n\n`);
    for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ") + "\n");
    process.stdout.write(`\nresults: ${path.relative(process.cwd(), path.join(outDir, "policy-preview.json"))}\n`);
  } finally {
    if (keep) process.stderr.write(`bench: kept ${ws.root}\n`);
    else ws.dispose();
    if (compiledDir && !keep) fs.rmSync(compiledDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
