/**
 * Helpers of the packaged-install suite: pack the project as npm would publish it (from a copy of the
 * working tree, so `prepack` builds from scratch), read the README's Quick start, run commands in a fresh
 * project outside the repository.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../support/pulumi";

/** Result of one command. */
export interface RunResult {
  code: number;
  output: string;
}

/** Run `command` through bash in `cwd` with exactly `env`; stdout and stderr interleaved into `output`. */
export function run(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/**
 * `npm pack` of a copy of the working tree (tracked and untracked, not ignored files; no dist/, no
 * policies/bin/), with the project's node_modules linked in: what `npm publish` from a fresh clone ships.
 * Returns the tarball's path.
 */
export async function packProject(into: string): Promise<string> {
  const src = path.join(into, "src");
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink()) continue;
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.copyFileSync(from, path.join(src, file));
  }
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(src, "node_modules"), "dir");
  const r = await run(`npm pack --pack-destination ${JSON.stringify(into)} --loglevel=error`, src, process.env);
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.output}`);
  const tarball = fs.readdirSync(into).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball:\n${r.output}`);
  return path.join(into, tarball);
}

/** The file names in a tarball (without the `package/` prefix). */
export function tarballFiles(tarball: string): string[] {
  const r = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
}

/** One fenced code block of the README's Quick start. */
export interface CodeBlock {
  language: string;
  text: string;
}

/** The fenced code blocks of the README section headed `heading`, in order. */
export function readmeBlocks(heading: string, readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8")): CodeBlock[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const rest = readme.slice(start + heading.length + 5);
  const next = rest.search(/\n## /);
  const section = next < 0 ? rest : rest.slice(0, next);
  const blocks: CodeBlock[] = [];
  const fence = /```(\w*)\n([\s\S]*?)```/g;
  for (let m = fence.exec(section); m; m = fence.exec(section)) blocks.push({ language: m[1], text: m[2] });
  return blocks;
}

/** The commands of a shell block: one per line, comments (whole-line and trailing `  # ...`) removed. */
export function shellCommands(block: CodeBlock): string[] {
  return block.text
    .split("\n")
    .map((line) => line.replace(/\s+#\s.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Relative links (`[x](path)`) of a markdown text, without anchors; absolute URLs and pure anchors left out. */
export function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    out.push(target.replace(/#.*$/, ""));
  }
  return out;
}

/** A new temporary directory outside the repository. */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `goag-package-${label}-`));
}

/** Every file under `dir` (skipping node_modules), for leak searches. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}
