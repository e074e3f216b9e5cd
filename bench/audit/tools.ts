/**
 * What the audit benchmarks share: timing a command (wall time and, with GNU time, peak RSS) and finding or
 * installing gitleaks (PATH, then ~/.cache/genesys-oauth-guard/bin, else `go install` into that directory).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The gitleaks release both benchmarks compare against. */
export const GITLEAKS_MODULE = "github.com/zricethezav/gitleaks/v8@v8.30.1";
/** Where gitleaks is installed when it is not on PATH. */
export const cacheBin = path.join(os.homedir(), ".cache", "genesys-oauth-guard", "bin");

/** One timed command. */
export interface Measured {
  seconds: number;
  peakRssMb: number | null;
  code: number;
  stderr: string;
}

/** The first `name` on PATH or in `extraDirs`. */
export function which(name: string, extraDirs: string[] = []): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs]) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Runs a command, measuring wall time and (with GNU time) peak RSS. */
export function measure(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Measured {
  const gnuTime = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const timeFile = path.join(os.tmpdir(), `goag-time-${process.pid}.txt`);
  const started = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ["-f", "%e %M", "-o", timeFile, cmd, ...args], { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakRssMb: number | null = null;
  if (gnuTime && fs.existsSync(timeFile)) {
    const parts = fs.readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2);
    peakRssMb = Math.round(Number(parts[1]) / 1024);
    fs.rmSync(timeFile, { force: true });
  }
  return { seconds, peakRssMb, code: r.status ?? -1, stderr: (r.stderr ?? "").slice(-2000) };
}

/** gitleaks' path, installing it into the cache directory when missing; or the reason it is unavailable. */
export function ensureGitleaks(): { path?: string; reason?: string } {
  const found = which("gitleaks", [cacheBin]);
  if (found) return { path: found };
  const go = which("go", ["/usr/local/go/bin"]);
  if (!go) return { reason: "gitleaks is not installed and there is no Go toolchain to install it" };
  fs.mkdirSync(cacheBin, { recursive: true });
  process.stderr.write(`bench: installing gitleaks (${GITLEAKS_MODULE}) into ${cacheBin}...\n`);
  const r = spawnSync(go, ["install", GITLEAKS_MODULE], { env: { ...process.env, GOBIN: cacheBin }, encoding: "utf8", timeout: 15 * 60_000 });
  const installed = path.join(cacheBin, "gitleaks");
  if (r.status === 0 && fs.existsSync(installed)) return { path: installed };
  return { reason: `go install ${GITLEAKS_MODULE} failed: ${(r.stderr ?? r.error?.message ?? "").trim().split("\n").slice(-1)[0]}` };
}
