import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deriveForms, fragmentForms } from "../../../detection/known-secrets";
import { FileStore } from "../../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";
import {
  checkpointText,
  cleanStack,
  exportText,
  genesysSecret,
  leakyCheckpointConfig,
  prng,
  seedLeaks,
  writeBackend,
  type SeededLeak,
} from "../../support/fixtures/state-builder";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every form in which a seeded secret could leak into printed text. */
function forms(secret: string): string[] {
  return [secret, ...[...deriveForms(secret), ...fragmentForms(secret)].map((f) => f.text)];
}

describe("genesys-oauth-guard audit (CLI)", function () {
  this.timeout(60_000);
  let dir: string;
  let leaks: SeededLeak[];
  let storedSecret: string;
  let exportFile: string;
  let backend: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-audit-cli-"));
    storedSecret = genesysSecret(prng(901));
    const resources = cleanStack({ seed: 900 });
    leaks = seedLeaks(resources, { seed: 902, showSecrets: true, storedSecret });
    exportFile = path.join(dir, "leaky.json");
    fs.writeFileSync(exportFile, exportText(resources, 4));
    backend = path.join(dir, "backend");
    const prod = cleanStack({ stack: "prod", seed: 903 });
    leaks.push(...seedLeaks(prod, { stack: "prod", seed: 904 }));
    const cfg = leakyCheckpointConfig("genesys-clients", prng(905));
    leaks.push(cfg.leak);
    writeBackend(
      backend,
      "genesys-clients",
      [
        {
          stack: "prod",
          current: checkpointText("genesys-clients", "prod", prod, cfg.config),
          history: checkpointText("genesys-clients", "prod", prod),
          backup: checkpointText("genesys-clients", "prod", prod),
        },
      ],
      true,
    );
    fs.writeFileSync(path.join(dir, "clean.json"), exportText(cleanStack({ seed: 906, filler: 5 })));
    // The stored secret, in a file store (mode 0700 directory, 0600 file).
    const store = new FileStore({ kind: "file", path: "./.secrets/ci-client" }, { cwd: dir });
    await store.write({
      schema: CREDENTIAL_SCHEMA,
      clientId: "9f1c2e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
      clientSecret: storedSecret,
      rotationId: "r1",
      rotatedAt: "2026-11-01T00:00:00.000Z",
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("never prints a secret: table, JSON and SARIF output, files and stderr", () => {
    const secrets = [...new Set([...leaks.map((l) => l.secret).filter((s) => s !== ""), storedSecret])];
    assert.ok(secrets.length >= 8);
    const outputs: string[] = [];
    for (const format of ["table", "json", "sarif"]) {
      const stdoutRun = run(["audit", exportFile, backend, "--format", format, "--against-store", "file://./.secrets/ci-client"], dir);
      assert.strictEqual(stdoutRun.code, 1, stdoutRun.stderr);
      const out = path.join(dir, `report.${format}`);
      const fileRun = run(["audit", exportFile, backend, "--format", format, "--output", out, "--against-store", "file://./.secrets/ci-client"], dir);
      assert.strictEqual(fileRun.code, 1, fileRun.stderr);
      outputs.push(stdoutRun.stdout, stdoutRun.stderr, fileRun.stdout, fileRun.stderr, fs.readFileSync(out, "utf8"));
    }
    const all = outputs.join("\n");
    assert.ok(all.includes("genesys-stored-secret-match"), "the store was used");
    for (const secret of secrets)
      for (const form of forms(secret)) assert.ok(!all.includes(form), `a seeded secret leaked into the output (form of length ${form.length})`);
  });

  it("prints the stable JSON schema and exits 1 on findings", () => {
    const r = run(["audit", exportFile, "--format", "json", "--against-store", "file://./.secrets/ci-client"], dir);
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.stdout) as { findings: Record<string, unknown>[]; summary: Record<string, unknown>; inputs: Record<string, unknown>[] };
    assert.ok(report.findings.length > 0);
    for (const f of report.findings) {
      for (const key of ["rule", "severity", "stack", "urn", "path", "evidence"]) assert.strictEqual(typeof f[key], "string", key);
    }
    assert.strictEqual(report.summary.findings, report.findings.length);
    assert.strictEqual(report.inputs.length, 1);
    const found = new Set(report.findings.map((f) => `${f.rule as string} ${f.urn as string} ${f.path as string}`));
    const devLeaks = leaks.filter((l) => l.urn.startsWith("urn:pulumi:dev::"));
    assert.ok(devLeaks.length >= 10);
    for (const leak of devLeaks) {
      assert.ok(
        [...found].some((k) => leak.rules.some((rule) => k.startsWith(`${rule} ${leak.urn} ${leak.path}`))),
        leak.name,
      );
    }
  });

  it("writes SARIF 2.1.0 with rules, help and locations in the input file", () => {
    const out = path.join(dir, "audit.sarif");
    const r = run(["audit", exportFile, "--format", "sarif", "--output", out], dir);
    assert.strictEqual(r.code, 1);
    const sarif = JSON.parse(fs.readFileSync(out, "utf8")) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string }; shortDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            logicalLocations: { fullyQualifiedName: string }[];
          }[];
        }[];
      }[];
    };
    assert.strictEqual(sarif.version, "2.1.0");
    const run0 = sarif.runs[0];
    const ids = run0.tool.driver.rules.map((x) => x.id);
    assert.ok(run0.tool.driver.rules.every((x) => x.help.text.length > 0 && x.shortDescription.text.length > 0));
    assert.ok(run0.results.length > 0);
    for (const res of run0.results) {
      assert.strictEqual(ids[res.ruleIndex], res.ruleId);
      assert.ok(["error", "warning", "note"].includes(res.level));
      assert.strictEqual(res.locations[0].physicalLocation.artifactLocation.uri, "leaky.json");
      assert.ok(res.locations[0].physicalLocation.region.startLine > 1);
      assert.match(res.locations[0].logicalLocations[0].fullyQualifiedName, /^urn:pulumi:.+#.+/);
    }
  });

  it("exits 0 on a clean export and prints a summary on stderr", () => {
    const r = run(["audit", "clean.json"], dir);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No findings/);
    assert.match(r.stderr, /audit: 1 input, \d+ resources, .* MB\/s\): no findings/);
  });

  it("exits 2 on usage errors", () => {
    assert.strictEqual(run(["audit"], dir).code, 2);
    assert.strictEqual(run(["audit", "missing.json"], dir).code, 2);
    assert.strictEqual(run(["audit", "clean.json", "--format", "xml"], dir).code, 2);
    assert.strictEqual(run(["audit", "clean.json", "--entropy-threshold", "lots"], dir).code, 2);
    fs.mkdirSync(path.join(dir, "not-a-backend"), { recursive: true });
    assert.strictEqual(run(["audit", "not-a-backend"], dir).code, 2);
  });

  it("fails clearly for --stack when no pulumi is on PATH", () => {
    const r = run(["audit", "--stack", "org/proj/dev"], dir, { ...process.env, PATH: path.dirname(process.execPath) });
    assert.strictEqual(r.code, 2); // nothing could be read: a usage error, never a clean audit
    assert.match(r.stderr, /no pulumi executable on PATH/);
  });

  it("reads --stack through the pulumi CLI (a stand-in pulumi on PATH)", () => {
    const fakeBin = path.join(dir, "fake-bin");
    fs.mkdirSync(fakeBin, { recursive: true });
    const script = path.join(fakeBin, "pulumi");
    fs.writeFileSync(
      script,
      `#!/bin/sh\n[ "$1 $2 $3 $4" = "stack export --stack org/genesys-clients/dev" ] || { echo "unexpected args $*" >&2; exit 3; }\ncat ${JSON.stringify(exportFile)}\n`,
      { mode: 0o755 },
    );
    const r = run(["audit", "--stack", "org/genesys-clients/dev", "--format", "json"], dir, {
      ...process.env,
      PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ""}`,
    });
    assert.strictEqual(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { input: string }[]; inputs: { kind: string; error?: string }[] };
    assert.strictEqual(report.inputs[0].kind, "stack");
    assert.strictEqual(report.inputs[0].error, undefined);
    assert.ok(report.findings.length > 0 && report.findings.every((f) => f.input === "pulumi stack export --stack org/genesys-clients/dev"));
  });

  it("explains inputs, rules, formats and exit codes in --help", () => {
    const r = run(["audit", "--help"], dir);
    assert.strictEqual(r.code, 0);
    for (const text of [
      "Inputs",
      "--stack",
      "history",
      "backups",
      "--against-store",
      "--entropy-threshold",
      "sarif",
      "Exit codes",
      "Examples",
      "genesys-provider-captured-credential",
      "genesys-secret-cross-reference",
    ]) {
      assert.ok(r.stdout.includes(text), text);
    }
  });
});
