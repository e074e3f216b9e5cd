/**
 * Runs the real Pulumi CLI for end-to-end tests: a throw-away local file backend, PULUMI_HOME and
 * passphrase per workspace, programs copied from tests/e2e/programs/ with the project's node_modules
 * linked in. Everything the CLI printed is kept, so tests can search it for secrets.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";

/** The repository root (dist/tests/support → ../../..). */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** True when a `pulumi` executable is on PATH. */
export function pulumiAvailable(): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, "pulumi")));
}

let view: string | undefined;

/**
 * This checkout as an installed package looks: every top-level entry linked, except its own node_modules
 * (created once per test process). Code loaded through it resolves its dependencies from the repository's
 * node_modules, because Node.js follows the links to their real paths.
 */
function packageView(): string {
  if (view !== undefined) return view;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-package-view-"));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (entry === "node_modules" || entry === ".git") continue;
    fs.symlinkSync(path.join(repoRoot, entry), path.join(dir, entry));
  }
  // Unlink the links one by one (never a recursive remove that could reach through them), then the folder.
  process.once("exit", () => {
    for (const entry of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, entry));
    fs.rmdirSync(dir);
  });
  view = dir;
  return dir;
}

/**
 * Give a program what a user's project has in node_modules: `@pulumi/pulumi` and `genesys-oauth-guard`,
 * the latter resolving to THIS checkout (also from a worktree whose node_modules is another checkout's) and
 * the dynamic provider resolving the package from the program's directory alike. Not the repository's whole
 * node_modules: the Node.js language host walks every package of the program's node_modules looking for
 * plugins on every CLI run; over the ~970 development packages a trivial preview took 5.6 s instead of 3.0 s
 * on a quiet machine (wall time, not CPU: the CPU-bound parallel e2e run was not measurably faster).
 */
export function linkNodeModules(target: string): void {
  fs.mkdirSync(path.join(target, "@pulumi"), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi")), path.join(target, "@pulumi", "pulumi"), "dir");
  fs.symlinkSync(packageView(), path.join(target, "genesys-oauth-guard"), "dir");
}

/**
 * The Node.js the CLI's node processes run on (the program, the dynamic provider, the policy pack): scripts/test.sh
 * puts Node.js 24 there (GOAG_E2E_NODE_DIR; users run 22 and 24, Node.js 20 stays covered by the unit suites and
 * the package suite) with V8's on-disk compile cache (GOAG_E2E_NODE_COMPILE_CACHE), which Node.js 20 lacks: every
 * CLI run starts two or three node processes that each load @pulumi/pulumi, and the cache halves that load.
 * Unset: the `node` on PATH, as a user has it.
 */
function cliNodeEnv(): NodeJS.ProcessEnv {
  const dir = process.env.GOAG_E2E_NODE_DIR;
  if (!dir) return {};
  const cache = process.env.GOAG_E2E_NODE_COMPILE_CACHE;
  return { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}`, ...(cache ? { NODE_COMPILE_CACHE: cache } : {}) };
}

/** A temporary Pulumi workspace: backend, home, passphrase, and one program directory. */
export class PulumiWorkspace {
  readonly root: string;
  readonly backendDir: string;
  readonly homeDir: string;
  readonly programDir: string;
  readonly passphrase = `e2e-${Math.random().toString(36).slice(2)}`;
  /** Every byte the CLI printed in this workspace, in order. */
  readonly transcript: string[] = [];
  extraEnv: Record<string, string> = {};

  /** Copy `tests/e2e/programs/<program>` into a new temporary workspace. */
  constructor(program: string, programsDir = path.join(repoRoot, "tests", "e2e", "programs")) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `goag-e2e-${program}-`));
    this.backendDir = path.join(this.root, "backend");
    this.homeDir = path.join(this.root, "pulumi-home");
    this.programDir = path.join(this.root, "program");
    fs.mkdirSync(this.backendDir);
    fs.mkdirSync(this.homeDir);
    fs.cpSync(path.join(programsDir, program), this.programDir, { recursive: true });
    linkNodeModules(path.join(this.programDir, "node_modules"));
  }

  /** The environment of every CLI run: isolated from the developer's own Pulumi setup. */
  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_HOME: this.homeDir,
      PULUMI_CONFIG_PASSPHRASE: this.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_COPILOT: "false",
      NO_COLOR: "1",
      // ts-node type-checks a TypeScript program on every CLI run (3-4 s each here); these programs are type-checked
      // once by `npm run typecheck:programs` (tsconfig.programs.json, part of the lint step) instead. The demo-stack
      // and package suites keep the default a user gets.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      // What a shell sets when pulumi is started in the program directory (spawn with cwd does not).
      PWD: this.programDir,
      ...cliNodeEnv(),
      ...this.extraEnv,
    };
  }

  /** Run `pulumi <args>` in the program directory. */
  run(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: this.programDir,
        env: { ...this.env(), ...(options.env ?? {}) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        this.transcript.push(`$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}`);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** Run and throw with the output when the exit code is not 0. */
  async ok(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /** Create (or select) a stack. */
  async initStack(stack = "e2e"): Promise<void> {
    await this.ok(["stack", "init", stack]);
  }

  /** Every file under the backend directory (state, history, backups), as text. */
  backendFiles(): { file: string; text: string }[] {
    const out: { file: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else out.push({ file: p, text: readMaybeGzip(p) });
      }
    };
    walk(this.backendDir);
    return out;
  }

  /** Remove the workspace. */
  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Read a file, gunzipping `.gz` state files. */
function readMaybeGzip(file: string): string {
  const buf = fs.readFileSync(file);
  if (file.endsWith(".gz")) {
    return zlib.gunzipSync(buf).toString("utf8");
  }
  return buf.toString("utf8");
}
