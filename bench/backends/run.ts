/**
 * Backend benchmark: `genesys-oauth-guard audit` of one generated DIY backend (N stacks × R resources, every
 * 10th stack with a history checkpoint, every 100th with seeded leaks) read from a local directory and from
 * moto's S3, in the same run:
 *   - throughput (MB/s) S3 vs local;
 *   - peak RSS of the whole CLI process at N stacks vs at N/10 stacks (flat memory: the read-ahead is bounded);
 *   - wall time of `--shard i/4` × 4 processes in parallel vs one process, and that `audit merge` of the four
 *     reports has the single run's findings.
 *
 *   node dist/bench/backends/run.js [--stacks 2000] [--resources 50] [--shards 4] [--keep]
 *
 * Needs moto_server on PATH (scripts/lib/ensure-store-servers.sh). No timing assertion: this is a report;
 * compare ratios within one run (the machine is shared).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { checkpointText, cleanStack, seedLeaks } from "../../tests/support/fixtures/state-builder";
import { startMoto, type MotoServer } from "../../tests/support/moto";
import { numberArg } from "../support/args";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(repoRoot, "bin", "genesys-oauth-guard");

interface Run {
  seconds: number;
  peakRssMb: number;
  /** CPU seconds of the CLI process (user + system, every thread). */
  cpuSeconds: number;
  code: number;
  report?: { findings: unknown[]; summary: { inputs: number; bytes: number; inputErrors: number; findings: number } };
}

/** Runs the CLI under GNU time (wall seconds, peak RSS, CPU); the JSON report is read back from `out`. */
function timed(args: string[], env: NodeJS.ProcessEnv, out: string): Promise<Run> {
  const timeFile = `${out}.time`;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      "/usr/bin/time",
      ["-f", "%e %M %U %S", "-o", timeFile, process.execPath, cli, "audit", ...args, "--format", "json", "--output", out, "--no-progress", "--no-summary"],
      { env, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const parts = fs.readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-4);
      const run: Run = { seconds, peakRssMb: Math.round(Number(parts[1]) / 1024), cpuSeconds: Number(parts[2]) + Number(parts[3]), code: code ?? -1 };
      try {
        run.report = JSON.parse(fs.readFileSync(out, "utf8")) as Run["report"];
      } catch {
        process.stderr.write(`audit ${args.join(" ")} wrote no report (exit ${code}):\n${stderr}\n`);
      }
      resolve(run);
    });
  });
}

/** Writes the backend: returns every file's key relative to the backend root. */
function generate(root: string, stacks: number, resources: number): string[] {
  const keys: string[] = [];
  const write = (rel: string, text: string): void => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    keys.push(rel.split(path.sep).join("/"));
  };
  for (let i = 0; i < stacks; i++) {
    const project = `team-${i % 20}`;
    const stack = `stack-${i}`;
    const base = cleanStack({ project, stack, seed: i + 1 });
    const rs = cleanStack({ project, stack, seed: i + 1, filler: Math.max(0, resources - base.length) });
    if (i % 100 === 0) seedLeaks(rs, { project, stack, seed: 1000 + i });
    write(path.join(".pulumi", "stacks", project, `${stack}.json`), checkpointText(project, stack, rs));
    if (i % 10 === 0)
      write(path.join(".pulumi", "history", project, stack, `${stack}-1732525200000000000.checkpoint.json`), checkpointText(project, stack, rs));
  }
  return keys;
}

async function upload(s3: S3Client, bucket: string, root: string, keys: string[], prefix: string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++];
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${key}`, Body: fs.readFileSync(path.join(root, key)) }));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** CPU seconds (user + system) process `pid` has used so far, from /proc (NaN elsewhere). */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** What moto did during one measured step: its CPU seconds and requests by kind. */
interface MotoUse {
  cpuSeconds: number;
  requests: Record<string, number>;
}

/** Runs `step`, measuring moto's CPU and requests meanwhile. */
async function withMoto<T>(moto: MotoServer, step: () => Promise<T>): Promise<[T, MotoUse]> {
  const cpu0 = processCpuSeconds(moto.pid);
  const before = moto.requests();
  const result = await step();
  // The request log line is written after the response: let the last ones arrive.
  await new Promise((r) => setTimeout(r, 300));
  const after = moto.requests();
  const requests: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) requests[k] = v - (before[k] ?? 0);
  return [result, { cpuSeconds: processCpuSeconds(moto.pid) - cpu0, requests }];
}

const total = (u: MotoUse): number => Object.values(u.requests).reduce((a, b) => a + b, 0);
const describeRequests = (u: MotoUse): string =>
  Object.entries(u.requests)
    .map(([k, v]) => `${v} ${k}`)
    .join(" + ");

async function main(): Promise<void> {
  const stacks = numberArg("--stacks", 2000);
  const resources = numberArg("--resources", 50);
  const shards = numberArg("--shards", 4);
  const small = Math.max(1, Math.round(stacks / 10));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bench-backends-"));
  const log = (t: string): void => void process.stderr.write(`[bench backends] ${t}\n`);
  const moto = await startMoto();
  // moto runs in its own process group: stop it when the benchmark is interrupted too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void moto.stop().finally(() => process.exit(130)));
  }
  try {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
    const s3 = new S3Client({
      region: "us-east-1",
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "bench" }));
    log(`generating ${stacks} and ${small} stacks × ${resources} resources`);
    const bigDir = path.join(work, "big");
    const smallDir = path.join(work, "small");
    const bigKeys = generate(bigDir, stacks, resources);
    const smallKeys = generate(smallDir, small, resources);
    log(`uploading ${bigKeys.length + smallKeys.length} objects to moto S3`);
    await upload(s3, "bench", bigDir, bigKeys, "big/");
    await upload(s3, "bench", smallDir, smallKeys, "small/");
    s3.destroy();
    const url = (p: string): string => `s3://bench/${p}?endpoint=${moto.endpoint}&s3ForcePathStyle=true&region=us-east-1`;
    const out = (name: string): string => path.join(work, `${name}.json`);

    log("local, big");
    const localBig = await timed([bigDir], env, out("local-big"));
    log("local, small");
    const localSmall = await timed([smallDir], env, out("local-small"));
    log("s3, big");
    const [s3Big, motoBig] = await withMoto(moto, () => timed([url("big")], env, out("s3-big")));
    log("s3, small");
    const s3Small = await timed([url("small")], env, out("s3-small"));
    log(`s3, ${shards} shards in parallel`);
    const started = process.hrtime.bigint();
    const [shardRuns, motoShards] = await withMoto(moto, () =>
      Promise.all(Array.from({ length: shards }, (_, i) => timed([url("big"), "--shard", `${i + 1}/${shards}`], env, out(`shard-${i + 1}`)))),
    );
    const shardWall = Number(process.hrtime.bigint() - started) / 1e9;
    const merged = spawnSync(process.execPath, [cli, "audit", "merge", ...shardRuns.map((_, i) => out(`shard-${i + 1}`)), "--format", "json", "--no-summary"], {
      encoding: "utf8",
      maxBuffer: 256 << 20,
    });
    if (merged.status !== 0 && merged.status !== 1)
      throw new Error(`audit merge failed (exit ${merged.status}): ${merged.stderr}; shard exits ${shardRuns.map((r) => r.code).join(",")}`);
    const mergedReport = JSON.parse(merged.stdout) as NonNullable<Run["report"]>;

    const mb = (r: Run): number => (r.report?.summary.bytes ?? 0) / 1e6;
    const rate = (r: Run): number => mb(r) / r.seconds;
    const rows: [string, string][] = [
      [
        "backend",
        `${stacks} stacks × ${resources} resources, ${bigKeys.length} objects, ${mb(localBig).toFixed(1)} MB (small: ${small} stacks, ${mb(localSmall).toFixed(1)} MB)`,
      ],
      [
        "local directory",
        `${localBig.seconds.toFixed(1)} s, ${rate(localBig).toFixed(1)} MB/s, peak RSS ${localBig.peakRssMb} MB (small: ${localSmall.peakRssMb} MB)`,
      ],
      ["moto S3", `${s3Big.seconds.toFixed(1)} s, ${rate(s3Big).toFixed(1)} MB/s, peak RSS ${s3Big.peakRssMb} MB (small: ${s3Small.peakRssMb} MB)`],
      ["S3 / local throughput", (rate(s3Big) / rate(localBig)).toFixed(2)],
      [
        `peak RSS ${stacks} / ${small} stacks`,
        `local ${(localBig.peakRssMb / localSmall.peakRssMb).toFixed(2)}, S3 ${(s3Big.peakRssMb / s3Small.peakRssMb).toFixed(2)}`,
      ],
      [
        `${shards} shards in parallel (S3)`,
        `${shardWall.toFixed(1)} s wall vs ${s3Big.seconds.toFixed(1)} s for one process: ${(s3Big.seconds / shardWall).toFixed(2)}× faster; shard RSS ≤ ${Math.max(...shardRuns.map((r) => r.peakRssMb))} MB`,
      ],
      [
        "CPU, big (s)",
        `local audit ${localBig.cpuSeconds.toFixed(1)}; S3 audit ${s3Big.cpuSeconds.toFixed(1)} + moto ${motoBig.cpuSeconds.toFixed(1)}; ` +
          `${shards} shards ${shardRuns.reduce((a, r) => a + r.cpuSeconds, 0).toFixed(1)} + moto ${motoShards.cpuSeconds.toFixed(1)}`,
      ],
      [
        "moto requests, big",
        `one process: ${describeRequests(motoBig)}, ${((1000 * motoBig.cpuSeconds) / total(motoBig)).toFixed(1)} ms moto CPU each; ` +
          `${shards} shards: ${describeRequests(motoShards)}`,
      ],
      [
        "findings",
        `local ${localBig.report?.summary.findings}, S3 ${s3Big.report?.summary.findings}, ${shards} shards merged ${mergedReport.summary.findings} (exit ${merged.status}); input errors ${s3Big.report?.summary.inputErrors}`,
      ],
      ["cores", String(os.cpus().length)],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n") + "\n");
    const results = path.join(repoRoot, "bench", "results");
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(
      path.join(results, "backends.json"),
      JSON.stringify(
        {
          stacks,
          resources,
          small,
          shards,
          objects: bigKeys.length,
          mb: mb(localBig),
          local: { big: { ...localBig, report: undefined }, small: { ...localSmall, report: undefined } },
          s3: { big: { ...s3Big, report: undefined }, small: { ...s3Small, report: undefined }, moto: motoBig },
          shardsParallel: { wallSeconds: shardWall, runs: shardRuns.map((r) => ({ ...r, report: undefined })), moto: motoShards },
          findings: { local: localBig.report?.summary.findings, s3: s3Big.report?.summary.findings, merged: mergedReport.summary.findings },
        },
        null,
        2,
      ),
    );
  } finally {
    await moto.stop();
    if (!process.argv.includes("--keep")) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
