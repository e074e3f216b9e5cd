/**
 * The end-to-end scenario shared by the object-store backends: the real Pulumi CLI runs `up` then `destroy` of
 * a clean stack with PULUMI_BACKEND_URL pointing at the store, the audit reads the store and finds nothing;
 * then a leaky stack is deployed into the same store and the audit finds its leaks (checkpoint and history)
 * without printing a secret or a credential.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PulumiWorkspace, repoRoot } from "../../support/pulumi";

interface JsonReport {
  findings: { rule: string; stack: string; path: string; input: string }[];
  inputs: { input: string; kind: string; stack?: string; error?: string }[];
}

/** What a backend brings to the scenario. */
export interface BackendScenario {
  /** The backend URL, for the Pulumi CLI and the audit alike. */
  url: () => string;
  /** Label prefix of the objects in reports, e.g. `azblob://state/`. */
  objectPrefix: string;
  /** Environment of both (credentials, emulator host). */
  env: () => Record<string, string>;
  /** Values that must never be printed (credentials). */
  credentials: () => string[];
}

/** Defines the scenario's tests in the calling `describe` (call from its body; `ready` gates them). */
export function defineBackendScenario(s: BackendScenario): void {
  let ws: PulumiWorkspace | undefined;
  const secrets = ["Jf3Pw8QxZr5LnK2vYb7Tgm", "Rk7Vq2XzLp9WmN4bTc6Hsd", "Mb6Xn2QzRw8KpL4tVc9Hjf"];
  const workspace = (): PulumiWorkspace => {
    if (!ws) {
      ws = new PulumiWorkspace("audit-target", path.join(repoRoot, "tests", "e2e", "audit", "programs"));
      ws.extraEnv = { PULUMI_BACKEND_URL: s.url(), ...s.env() };
    }
    return ws;
  };
  const audit = (args: string[]): { code: number; stdout: string; stderr: string } => {
    const w = workspace();
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", ...args], {
      cwd: w.root,
      env: w.env(),
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    w.transcript.push(`$ audit ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
    for (const v of [...secrets, ...s.credentials()]) assert.ok(!r.stdout.includes(v) && !r.stderr.includes(v), "a secret or credential was printed");
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  after(() => ws?.dispose());

  it("the Pulumi CLI writes its state there (up, then destroy); the audit reads it and finds nothing", async () => {
    const w = workspace();
    await w.initStack("clean");
    await w.ok(["up", "--yes", "--skip-preview"]);
    await w.ok(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(fs.readdirSync(w.backendDir), [], "nothing in the local backend directory");
    const r = audit([s.url(), "--format", "json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.findings.length, 0);
    assert.ok(
      report.inputs.some((i) => i.input === `${s.objectPrefix}.pulumi/stacks/audit-target/clean.json`),
      JSON.stringify(report.inputs),
    );
    assert.ok(
      report.inputs.some((i) => i.kind === "history") && report.inputs.every((i) => i.error === undefined && i.stack === "audit-target/clean"),
      JSON.stringify(report.inputs),
    );
  });

  it("finds the leaks of a stack the engine wrote there, in its checkpoint and history", async () => {
    const w = workspace();
    await w.initStack("leaky");
    await w.ok(["config", "set", "mode", "leaky"]);
    await w.ok(["config", "set", "--secret", "capturedSecret", secrets[1]]);
    await w.ok(["config", "set", "--secret", "outputSecret", secrets[2]]);
    await w.ok(["config", "set", "--plaintext", "genesysClientSecret", secrets[0]]);
    await w.ok(["up", "--yes", "--skip-preview"]);
    const r = audit([s.url(), "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(
      report.inputs.every((i) => i.error === undefined),
      JSON.stringify(report.inputs),
    );
    const leak = report.findings.filter((f) => f.rule === "genesys-provider-captured-credential" && f.path === "inputs.__provider");
    assert.ok(
      leak.some((f) => f.input === `${s.objectPrefix}.pulumi/stacks/audit-target/leaky.json`),
      JSON.stringify(report.findings.map((f) => [f.rule, f.input])),
    );
    assert.ok(leak.some((f) => f.input.startsWith(`${s.objectPrefix}.pulumi/history/audit-target/leaky/`)));
    assert.ok(report.findings.some((f) => f.rule === "genesys-secret-key-plaintext" && f.path.includes("genesysClientSecret")));
    assert.ok(
      report.findings.every((f) => f.stack === "audit-target/leaky"),
      "nothing in the clean stack",
    );
  });
}
