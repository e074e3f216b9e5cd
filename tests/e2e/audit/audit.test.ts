/**
 * The audit against state written by the real Pulumi engine: a local backend with a clean stack and a leaky
 * one (history and backups after several updates), audited as a directory, as exports and through
 * `--stack` with the installed CLI. Asserts the findings and that no secret reaches the output.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../support/pulumi";

interface JsonReport {
  findings: { rule: string; stack: string; urn: string; path: string; evidence: string; input: string }[];
  inputs: { input: string; kind: string; error?: string }[];
}

describe("e2e: audit of state written by the real Pulumi CLI", function () {
  this.timeout(600_000);
  let ws: PulumiWorkspace;
  const capturedSecret = "Rk7Vq2XzLp9WmN4bTc6Hsd";
  const configSecret = "Jf3Pw8QxZr5LnK2vYb7Tgm";
  const outputSecret = "Mb6Xn2QzRw8KpL4tVc9Hjf";
  const secrets = [capturedSecret, configSecret, outputSecret];

  const audit = (args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", ...args], {
      cwd: ws.root,
      env: ws.env(),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    ws.transcript.push(`$ audit ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    ws = new PulumiWorkspace("audit-target", path.join(repoRoot, "tests", "e2e", "audit", "programs"));
    await ws.initStack("clean");
    await ws.ok(["up", "--yes", "--skip-preview"]);
    await ws.initStack("leaky");
    await ws.ok(["config", "set", "mode", "leaky"]);
    await ws.ok(["config", "set", "--secret", "capturedSecret", capturedSecret]);
    await ws.ok(["config", "set", "--secret", "outputSecret", outputSecret]);
    await ws.ok(["config", "set", "--plaintext", "genesysClientSecret", configSecret]); // plain: the mistake
    await ws.ok(["up", "--yes", "--skip-preview"]);
    await ws.ok(["config", "set", "label", "two"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
  });
  after(() => ws?.dispose());

  it("finds the engine-written leaks in the backend directory, with history and backups, and nothing in the clean stack", () => {
    const r = audit([ws.backendDir, "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(
      report.inputs.every((i) => i.error === undefined),
      JSON.stringify(report.inputs),
    );
    assert.ok(
      report.inputs.some((i) => i.kind === "history"),
      "history files were read",
    );
    const byRule = (rule: string): JsonReport["findings"] => report.findings.filter((f) => f.rule === rule);
    assert.ok(byRule("genesys-provider-captured-credential").some((f) => f.path === "inputs.__provider" && f.urn.endsWith("::leaky")));
    assert.ok(byRule("genesys-encrypted-value").some((f) => f.path === "outputs.pipelineSettings"));
    assert.ok(report.findings.some((f) => f.rule === "genesys-secret-key-plaintext" && f.path.includes("genesysClientSecret")));
    assert.ok(
      report.findings.every((f) => f.stack.endsWith("/leaky")),
      "nothing in the clean stack",
    );
    for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s));
  });

  it("reads stacks through the installed CLI with --stack (also --show-secrets) and exports", () => {
    const r = audit(["--stack", "organization/audit-target/leaky", "--show-secrets", "--format", "sarif"]);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean }[] }[] };
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, true, r.stderr);
    const rules = new Set(sarif.runs[0].results.map((x) => x.ruleId));
    assert.ok(rules.has("genesys-provider-captured-credential"));
    for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s));
    // On a local backend, --stack also reads the stack's history and backups (what the export does not show).
    const withHistory = audit(["--stack", "organization/audit-target/leaky", "--format", "json"]);
    const report = JSON.parse(withHistory.stdout) as JsonReport;
    assert.ok(report.inputs.some((i) => i.kind === "history") && report.inputs.some((i) => i.kind === "backup"), JSON.stringify(report.inputs));
    assert.ok(
      report.inputs.every((i) => i.error === undefined),
      JSON.stringify(report.inputs),
    );
    for (const s of secrets) assert.ok(!withHistory.stdout.includes(s) && !withHistory.stderr.includes(s));
    const clean = audit(["--stack", "organization/audit-target/clean"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    // A stack that does not exist is a usage error with the CLI's reason, never "No findings.".
    const missing = audit(["--stack", "organization/audit-target/does-not-exist"]);
    assert.equal(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /cannot audit .*does-not-exist/);
    assert.doesNotMatch(missing.stdout, /^No findings\./m);
  });
});
