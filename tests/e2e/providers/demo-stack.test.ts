/**
 * The example stack (Pulumi.yaml + index.ts at the repository root, run as compiled dist/index.js) with the
 * real CLI and the policy pack, against the emulator: up → outputs are only the safe ones → the stored
 * secret gets a token → no-op up → destroy. Runs in the repository root with a throw-away backend, home
 * and config file, and a store outside the repository, so nothing of the developer's demo is touched.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openStore } from "../../../stores";
import { pulumiAvailable, repoRoot } from "../../support/pulumi";
import { startEmulator, Emulator, leakForms, tokenStatus } from "./helpers";

describe("e2e: the example stack (index.ts) with the policy pack", function () {
  this.timeout(600_000);
  const adminId = `demo-admin-${randomBytes(4).toString("hex")}`;
  const adminSecret = randomBytes(18).toString("base64url");
  const stack = `e2e-demo-${randomBytes(3).toString("hex")}`;
  const storeDir = `.demo/${stack}`;
  let root: string;
  let emulator: Emulator;
  const transcript: string[] = [];

  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      // The stack's config lives outside the repository (only these commands take --config-file).
      const configFile = ["up", "preview", "refresh", "destroy", "config"].includes(args[0]) ? ["--config-file", path.join(root, "Pulumi.demo.yaml")] : [];
      const child = spawn("pulumi", [...args, "--non-interactive", ...configFile], {
        cwd: repoRoot,
        env: {
          ...process.env,
          PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
          PULUMI_HOME: path.join(root, "home"),
          PULUMI_CONFIG_PASSPHRASE: "e2e-demo",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          PULUMI_SKIP_CONFIRMATIONS: "true",
          GENESYS_CLOUD_CLIENT_ID: adminId,
          GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
          GENESYS_CLOUD_API_URL: emulator.baseUrl,
          GENESYS_CLOUD_LOGIN_URL: emulator.baseUrl,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        transcript.push(`${stdout}\n${stderr}`);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  async function ok(args: string[]): Promise<string> {
    const result = await run(args);
    assert.equal(result.code, 0, `pulumi ${args.join(" ")} failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    return result.stdout;
  }

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "index.js")), "the example stack is built (npx tsc -p .)");
    root = fs.mkdtempSync(path.join(os.tmpdir(), "goag-e2e-demo-"));
    fs.mkdirSync(path.join(root, "backend"));
    fs.mkdirSync(path.join(root, "home"));
    emulator = await startEmulator(adminId, adminSecret);
    await ok(["stack", "init", stack]);
    // Relative, as in the demo: it must resolve next to Pulumi.yaml, not under dist/ (the directory of main).
    await ok(["config", "set", "--plaintext", "secretStore", `file://./${storeDir}/ci-client`]);
  });

  after(async () => {
    if (root && emulator) await run(["stack", "rm", stack, "--yes", "--force"]);
    await emulator?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.join(repoRoot, storeDir), { recursive: true, force: true });
    fs.rmSync(path.join(repoRoot, "dist", storeDir), { recursive: true, force: true });
  });

  it("up with the policy pack, safe outputs only, a working stored secret; a second up is a no-op; destroy", async () => {
    const up = await ok(["up", "--yes", "--skip-preview", "--policy-pack", path.join(repoRoot, "policies")]);
    assert.match(up, /\+ 3 created/);
    const outputs = JSON.parse(await ok(["stack", "output", "--json"])) as Record<string, string>;
    assert.deepEqual(Object.keys(outputs).sort(), ["clientId", "rotatedAt", "storeReference"]);

    assert.ok(fs.existsSync(path.join(repoRoot, storeDir, "ci-client")), "the relative store path resolved against the project directory");
    assert.ok(!fs.existsSync(path.join(repoRoot, "dist", storeDir)), "not against dist/");
    const record = (await openStore(outputs.storeReference, { cwd: repoRoot }).read())!.record;
    assert.equal(record.clientId, outputs.clientId);
    assert.equal(await tokenStatus(emulator.baseUrl, record.clientId, record.clientSecret), 200);

    const again = await ok(["up", "--yes", "--skip-preview"]);
    assert.doesNotMatch(again, /created|updated|replaced|deleted/);

    const exported = await ok(["stack", "export", "--show-secrets"]);
    for (const form of [...leakForms(record.clientSecret, record.clientId), ...leakForms(adminSecret, adminId)]) {
      assert.ok(!exported.includes(form), "no secret in state");
      assert.ok(!transcript.some((t) => t.includes(form)), "no secret in CLI output");
    }

    const destroy = await ok(["destroy", "--yes", "--skip-preview"]);
    assert.match(destroy, /- 3 deleted/);
  });
});
