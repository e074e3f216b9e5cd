/**
 * Audit inputs: export files, local backend directories (every stack with history and backups) and
 * stacks read through the installed Pulumi CLI. Each becomes a {@link Source} that can be opened (more
 * than once: the audit may read an input twice) as a byte stream; gzip is detected by its magic bytes.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PassThrough, Readable } from "stream";
import { createGunzip } from "zlib";
import { GuardError } from "../core/errors";
import { SNIFF_BYTES, isTerraformStateName, looksLikeTerraformState } from "../terraform/format";
import type { InputKind } from "./types";

/** One readable input. */
export interface Source {
  /** Label printed in reports (a file path, or `pulumi stack export --stack NAME`). */
  label: string;
  /** What the input is expected to be (refined once read). */
  kind: InputKind;
  /** File path, for SARIF locations (absent for `--stack`). */
  file?: string;
  /** `<project>/<stack>` when the input's location says it (local backend layout), used until the content says otherwise. */
  stack?: string;
  /** Opens a fresh stream of the (decompressed) JSON bytes. */
  open(): Readable;
}

/** What the user asked to audit. */
export interface InputSpec {
  /** Export files, checkpoint files (`.json`, `.json.gz`) or backend directories (or `file://` URLs). */
  paths?: readonly string[];
  /** Stack names read with `pulumi stack export --stack NAME`. */
  stacks?: readonly string[];
  /** Pass `--show-secrets` to `pulumi stack export` (secret values are then scanned as plain text). */
  showSecrets?: boolean;
  /** Environment of the `pulumi` process. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** True when `buf` starts with the gzip magic bytes. */
function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Opens a file, transparently gunzipping it when it is gzip-compressed. */
export function openFile(file: string): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const fd = fs.openSync(file, "r");
  const head = Buffer.alloc(2);
  const n = fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const fail = (e: Error): void => {
    out.destroy(e);
  };
  raw.on("error", fail);
  if (isGzip(head.subarray(0, n))) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    gunzip.on("error", fail);
    return raw.pipe(gunzip).pipe(out);
  }
  return raw.pipe(out);
}

/** `<project>/<stack>` from a path inside a local backend: `stacks/<p>/<s>.json`, `history|backups/<p>/<s>/...`. */
export function stackFromBackendPath(rel: string): string | undefined {
  const parts = rel.split(path.sep);
  const i = parts.findIndex((p) => p === "stacks" || p === "history" || p === "backups");
  if (i < 0) return undefined;
  if (parts[i] === "stacks" && parts.length === i + 3) return `${parts[i + 1]}/${parts[i + 2].replace(/\.json(\.gz)?(\.bak)?$/, "")}`;
  if (parts[i] !== "stacks" && parts.length >= i + 4) return `${parts[i + 1]}/${parts[i + 2]}`;
  return undefined;
}

function classifyBackendFile(rel: string): InputKind {
  const parts = rel.split(path.sep);
  if (parts.includes("history")) return "history";
  if (parts.includes("backups")) return "backup";
  return "checkpoint";
}

/** True when `dir` holds a local Pulumi backend (a `.pulumi` folder, or is one). */
function isBackendDir(dir: string): boolean {
  const root = path.basename(dir) === ".pulumi" ? dir : path.join(dir, ".pulumi");
  return fs.existsSync(root) && fs.statSync(root).isDirectory();
}

/** Files of a local backend: `.pulumi/stacks/**`, `.pulumi/history/**`, `.pulumi/backups/**` (JSON, maybe gzipped). */
export function backendFiles(dir: string): string[] {
  const root = path.basename(dir) === ".pulumi" ? dir : path.join(dir, ".pulumi");
  if (!isBackendDir(dir)) {
    throw new GuardError("cli.usage", `${dir} is neither a state file nor a local backend directory (no .pulumi folder)`, {
      hint: "Give `pulumi stack export` files, or the directory of a `pulumi login file://<dir>` backend.",
    });
  }
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && /\.json(\.gz)?(\.bak)?$/.test(entry.name)) out.push(p);
    }
  };
  for (const sub of ["stacks", "history", "backups"]) {
    const d = path.join(root, sub);
    if (fs.existsSync(d)) walk(d);
  }
  return out;
}

/** Folders never searched for Terraform state: tool folders (`.terraform` holds the backend config, `.pulumi` is read as a backend) and dependencies. */
const SKIPPED_FOLDERS = new Set(["node_modules"]);
/** How deep a directory is searched for Terraform state (`terraform.tfstate.d/<workspace>/` is two levels). */
const MAX_TERRAFORM_DEPTH = 8;

/** The first bytes of a file (decompressed when gzipped), for content sniffing. */
function headOf(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Terraform state files under `dir`, sorted: by name (`*.tfstate`, `*.tfstate.backup`, local workspaces'
 * `terraform.tfstate.d/<ws>/terraform.tfstate`) and `*.json` files whose content is Terraform state (`terraform
 * state pull` / `terraform show -json` output). Hidden folders and node_modules are not searched.
 */
export function terraformStateFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name) && depth < MAX_TERRAFORM_DEPTH) walk(p, depth + 1);
      } else if (entry.isFile()) {
        if (isTerraformStateName(entry.name)) out.push(p);
        else if (entry.name.endsWith(".json") && looksLikeTerraformState(headOf(p))) out.push(p);
      }
    }
  };
  walk(dir, 0);
  return out;
}

/** The `pulumi` executable on PATH, or undefined. */
export function findPulumi(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A source that runs `pulumi stack export --stack NAME` and streams its standard output. */
export function stackSource(name: string, options: { showSecrets?: boolean; env?: NodeJS.ProcessEnv } = {}): Source {
  const env = options.env ?? process.env;
  const label = `pulumi stack export --stack ${name}`;
  return {
    label,
    kind: "stack",
    open(): Readable {
      const pulumi = findPulumi(env);
      if (!pulumi) {
        throw new GuardError("input.invalid", `cannot read stack ${name}: no pulumi executable on PATH`, {
          hint: "Install the Pulumi CLI, or export the stack elsewhere (`pulumi stack export --file x.json`) and audit the file.",
        });
      }
      const args = ["stack", "export", "--stack", name, "--non-interactive"];
      if (options.showSecrets) args.push("--show-secrets");
      const child = spawn(pulumi, args, { env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...env }, stdio: ["ignore", "pipe", "pipe"] });
      const out = new PassThrough({ highWaterMark: 1 << 20 });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString("utf8");
      });
      child.stdout.pipe(out, { end: false });
      child.on("error", (e) => out.destroy(new GuardError("input.invalid", `cannot run pulumi: ${e.message}`)));
      child.on("close", (code) => {
        if (code === 0) out.end();
        else {
          // stderr of `pulumi stack export` holds no secret values; keep only the first line.
          const first = stderr.split("\n").find((l) => l.trim() !== "") ?? `exit code ${code}`;
          out.destroy(new GuardError("input.invalid", `pulumi stack export --stack ${name} failed: ${first.trim().slice(0, 300)}`));
        }
      });
      return out;
    },
  };
}

/**
 * The directory of the local backend the Pulumi CLI is logged in to (`PULUMI_BACKEND_URL`, else the `current`
 * backend of `$PULUMI_HOME/credentials.json`), or undefined for any other backend.
 */
export function localBackendDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  let url = env.PULUMI_BACKEND_URL;
  if (!url) {
    const home = env.PULUMI_HOME ?? path.join(env.HOME ?? "", ".pulumi");
    try {
      url = (JSON.parse(fs.readFileSync(path.join(home, "credentials.json"), "utf8")) as { current?: string }).current;
    } catch {
      return undefined;
    }
  }
  if (!url?.startsWith("file://")) return undefined;
  const dir = url.slice("file://".length).replace(/\?.*$/, "");
  return dir.startsWith("~") ? path.join(env.HOME ?? "", dir.slice(1)) : dir;
}

/** The project name of the Pulumi project in `cwd` (its Pulumi.yaml `name:`), or undefined. */
function projectName(cwd: string): string | undefined {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    try {
      const m = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(path.join(cwd, file), "utf8"));
      if (m) return m[1];
    } catch {
      // not this file
    }
  }
  return undefined;
}

/**
 * History and backup checkpoints of stack `name` in a local backend (`org/project/stack`, `project/stack` or
 * `stack` with the project of the Pulumi.yaml in `cwd`): what `pulumi stack export` does not show.
 */
export function stackHistorySources(backendDir: string, name: string, cwd: string = process.cwd()): Source[] {
  const parts = name.split("/");
  const stack = parts[parts.length - 1];
  const project = parts.length >= 2 ? parts[parts.length - 2] : projectName(cwd);
  const root = path.join(backendDir, ".pulumi");
  const out: Source[] = [];
  for (const sub of ["history", "backups"] as const) {
    // Project-scoped layout (<sub>/<project>/<stack>/) and the legacy one (<sub>/<stack>/).
    const dirs = project ? [path.join(root, sub, project, stack)] : [];
    if (parts.length === 1) dirs.push(path.join(root, sub, stack));
    for (const dir of dirs) {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
      for (const entry of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, entry);
        if (!/\.json(\.gz)?(\.bak)?$/.test(entry) || !fs.statSync(file).isFile()) continue;
        // As for a backend directory: checkpoints and the `*.history.json` update summaries (config values) alike.
        out.push({ label: file, file, kind: sub === "history" ? "history" : "backup", stack: `${project ?? "?"}/${stack}`, open: () => openFile(file) });
      }
    }
  }
  return out;
}

/** Expands what the user asked for into sources, in order: paths (backend directories expanded), then stacks. */
export function resolveSources(spec: InputSpec): Source[] {
  const sources: Source[] = [];
  for (const given of spec.paths ?? []) {
    const p = given.startsWith("file://") ? given.slice("file://".length) : given;
    if (!fs.existsSync(p)) throw new GuardError("cli.usage", `no such file or directory: ${given}`);
    if (fs.statSync(p).isDirectory()) {
      const root = path.basename(p) === ".pulumi" ? path.dirname(p) : p;
      const terraform = path.basename(p) === ".pulumi" ? [] : terraformStateFiles(p);
      if (terraform.length === 0 && !isBackendDir(p)) {
        throw new GuardError(
          "cli.usage",
          `${given} is neither a state file nor a directory holding state: no .pulumi folder (local Pulumi backend) and no Terraform state (*.tfstate, *.tfstate.backup, Terraform state *.json)`,
          {
            hint: "Give `pulumi stack export` files, the directory of a `pulumi login file://<dir>` backend, or Terraform state files or their directory.",
          },
        );
      }
      if (isBackendDir(p)) {
        for (const file of backendFiles(p)) {
          const rel = path.relative(root, file);
          sources.push({ label: file, file, kind: classifyBackendFile(rel), stack: stackFromBackendPath(rel), open: () => openFile(file) });
        }
      }
      for (const file of terraform) sources.push({ label: file, file, kind: "terraform", open: () => openFile(file) });
    } else {
      sources.push({ label: p, file: p, kind: "unknown", open: () => openFile(p) });
    }
  }
  // `--stack` on a local backend: the stack's history and backups too (everything that was ever written).
  const backend = (spec.stacks ?? []).length > 0 ? localBackendDir(spec.env ?? process.env) : undefined;
  for (const name of spec.stacks ?? []) {
    sources.push(stackSource(name, { showSecrets: spec.showSecrets, env: spec.env }));
    if (backend) sources.push(...stackHistorySources(backend, name));
  }
  return sources;
}
