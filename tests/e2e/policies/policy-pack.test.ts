/**
 * End-to-end: the real Pulumi CLI runs the policy pack against small leaking programs (each must fail
 * preview with the right rule), a clean program (must pass), and `pulumi policy analyze --file` on an
 * exported stack. Skipped when no `pulumi` is on PATH.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { copyPackSources, packDir, packEntry } from "../../support/policy-packs";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../support/pulumi";

const programsDir = path.join(repoRoot, "tests", "e2e", "policies", "programs");

const cases: [program: string, policy: string, detail: RegExp][] = [
  ["output-innocent-name", "genesys-no-secret-in-stack-outputs", /at 'outputs\.buildInfo' \[genesys-secret-shape/],
  ["nested-output", "genesys-no-secret-in-stack-outputs", /at 'outputs\.deployment\.clients\[0\]\.auth'/],
  ["secret-wrapped-output", "genesys-no-secret-in-stack-outputs", /at 'outputs\.result'/],
  ["command-secrets-file", "genesys-no-secret-in-resource-state", /text under key 'create' contains a 22-char/],
  ["copy-into-tag", "genesys-no-secret-in-resource-state", /at 'inputs\.tags\.note'/],
  ["secret-named-unknown-output", "genesys-no-secret-in-stack-outputs", /secret-bearing key 'clientSecret' receives a value unknown during preview/],
];

describe("e2e: policy pack with the real Pulumi CLI", function () {
  this.timeout(600_000);
  const workspaces: PulumiWorkspace[] = [];
  before(function () {
    if (!pulumiAvailable()) this.skip();
  });
  after(() => workspaces.forEach((w) => w.dispose()));

  function workspace(program: string): PulumiWorkspace {
    const w = new PulumiWorkspace(program, programsDir);
    workspaces.push(w);
    return w;
  }

  for (const [program, policy, detail] of cases) {
    it(`${program}: preview fails with ${policy}`, async () => {
      const w = workspace(program);
      await w.initStack();
      const r = await w.run(["preview", "--policy-pack", packDir]);
      const out = r.stdout + r.stderr;
      assert.notStrictEqual(r.code, 0, out);
      assert.match(out, new RegExp(`\\[mandatory\\].*${policy}`));
      assert.match(out, detail);
    });
  }

  it("the pack runs from its compiled bin/ (what npm run build produces)", () => {
    const e = packEntry(packDir);
    assert.ok(e.compiled, `policies/ would start from its TypeScript sources: ${e.reason}; run bash scripts/lib/ensure-policy-pack.sh`);
  });

  it("a pack without bin/ starts from its TypeScript sources and catches the same leak", async () => {
    const sources = copyPackSources();
    try {
      assert.strictEqual(packEntry(sources).compiled, false);
      const w = workspace("copy-into-tag");
      await w.initStack();
      const r = await w.run(["preview", "--policy-pack", sources]);
      const out = r.stdout + r.stderr;
      assert.notStrictEqual(r.code, 0, out);
      assert.match(out, /\[mandatory\].*genesys-no-secret-in-resource-state/);
      assert.match(out, /at 'inputs\.tags\.note'/);
    } finally {
      fs.rmSync(path.dirname(sources), { recursive: true, force: true });
    }
  });

  it("clean: preview passes", async () => {
    const w = workspace("clean");
    await w.initStack();
    const r = await w.run(["preview", "--policy-pack", packDir]);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
  });

  it("enforcement levels come from --policy-pack-config", async () => {
    const w = workspace("copy-into-tag");
    await w.initStack();
    const advisory = await w.run(["preview", "--policy-pack", packDir, "--policy-pack-config", path.join(packDir, "examples", "advisory.json")]);
    assert.strictEqual(advisory.code, 0, advisory.stdout + advisory.stderr);
    assert.match(advisory.stdout + advisory.stderr, /\[advisory\].*genesys-no-secret-in-resource-state/);
    const strict = await w.run(["preview", "--policy-pack", packDir, "--policy-pack-config", path.join(packDir, "examples", "strict.json")]);
    assert.notStrictEqual(strict.code, 0);
    assert.match(strict.stdout + strict.stderr, /\[mandatory\].*genesys-no-credentials-in-dynamic-provider/);
  });

  it("credentials in stack config captured by the pulumi-nodejs provider: advisory, silenced by allowedConfigKeys", async () => {
    const w = workspace("command-secrets-file");
    await w.initStack();
    await w.ok(["config", "set", "--secret", "genesysClientSecret", "e2e-admin-secret-value"]);
    await w.ok(["config", "set", "value", "hello world"]);
    const r = await w.run(["preview", "--policy-pack", packDir]);
    const out = r.stdout + r.stderr;
    assert.strictEqual(r.code, 0, out);
    assert.match(out, /\[advisory\].*genesys-no-credentials-in-dynamic-provider[\s\S]*credential-named key 'leak-command-secrets-file:genesysClientSecret'/);
    assert.ok(!out.includes("e2e-admin-secret-value"));
    const configFile = path.join(w.root, "policy-config.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({ "genesys-no-credentials-in-dynamic-provider": { allowedConfigKeys: ["leak-command-secrets-file:genesysClientSecret"] } }),
    );
    const allowed = await w.run(["preview", "--policy-pack", packDir, "--policy-pack-config", configFile]);
    assert.strictEqual(allowed.code, 0);
    assert.doesNotMatch(allowed.stdout + allowed.stderr, /genesys-no-credentials-in-dynamic-provider/);
  });

  it("the example stack (repository root) passes preview", async function () {
    if (!fs.existsSync(path.join(repoRoot, "dist", "index.js")) || !fs.existsSync(path.join(repoRoot, "Pulumi.yaml"))) this.skip();
    const w = workspace("clean");
    fs.rmSync(w.programDir, { recursive: true, force: true });
    fs.mkdirSync(w.programDir);
    for (const f of ["Pulumi.yaml", "package.json"]) fs.copyFileSync(path.join(repoRoot, f), path.join(w.programDir, f));
    fs.symlinkSync(path.join(repoRoot, "dist"), path.join(w.programDir, "dist"), "dir");
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(w.programDir, "node_modules"), "dir");
    await w.initStack();
    const env = { GENESYS_CLOUD_CLIENT_ID: "e2e-admin", GENESYS_CLOUD_CLIENT_SECRET: "e2e-admin-secret", GENESYS_CLOUD_REGION: "mypurecloud.com" };
    const r = await w.run(["preview", "--policy-pack", packDir], { env });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /genesys-no-|genesys-oauth-client-configured-safely/);
  });

  it("policy analyze --file flags leaky exports (plain and pulumi.secret) and passes a clean one", async () => {
    for (const [program, expectFail] of [
      ["output-innocent-name", true],
      ["secret-wrapped-output", true],
      ["clean", false],
    ] as const) {
      const w = workspace(program);
      await w.initStack();
      // The state is what this test needs; the pack's preview of these programs is tested above.
      const up = await w.run(["up", "--yes", "--skip-preview"]);
      assert.strictEqual(up.code, 0, up.stdout + up.stderr);
      const file = path.join(w.root, "export.json");
      const exp = await w.run(["stack", "export", "--file", file]);
      assert.strictEqual(exp.code, 0, exp.stderr);
      const r = await w.run(["policy", "analyze", "--policy-pack", packDir, "--file", file]);
      if (expectFail) {
        assert.notStrictEqual(r.code, 0);
        assert.match(r.stdout + r.stderr, /genesys-no-secret-in-stack-outputs/);
      } else {
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
      }
    }
  });
});
