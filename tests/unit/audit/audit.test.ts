import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAudit, resolveSources, type AuditFinding, type AuditReport } from "../../../audit";
import {
  checkpointText,
  cleanStack,
  envelope,
  exportText,
  genesysSecret,
  leakyCheckpointConfig,
  prng,
  seedLeaks,
  writeBackend,
  type SeededLeak,
} from "../../support/fixtures/state-builder";

/** Asserts every seeded leak has a finding with one of its rules at its path, in `input` when given. */
export function assertAllFound(report: AuditReport, leaks: readonly SeededLeak[], input?: string): void {
  for (const leak of leaks) {
    const hit = report.findings.find(
      (f: AuditFinding) => f.urn === leak.urn && f.path.startsWith(leak.path) && leak.rules.includes(f.rule) && (input === undefined || f.input === input),
    );
    assert.ok(
      hit,
      `seeded leak "${leak.name}" (${leak.rules.join("|")} at ${leak.path}) not reported${input ? ` in ${input}` : ""}; got:\n${report.findings.map((f) => `  ${f.rule} ${f.urn} ${f.path}`).join("\n")}`,
    );
  }
}

async function audit(paths: string[], options: Parameters<typeof runAudit>[1] = {}): Promise<AuditReport> {
  return runAudit(resolveSources({ paths }), options);
}

describe("audit: seeded leaks and clean state", function () {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-audit-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const version of [3, 4] as const) {
    it(`finds every seeded leak in a version ${version} export`, async () => {
      const resources = cleanStack({ seed: version });
      const leaks = seedLeaks(resources, { seed: 10 + version });
      const file = path.join(dir, `leaky-v${version}.json`);
      fs.writeFileSync(file, exportText(resources, version));
      const report = await audit([file]);
      assertAllFound(report, leaks);
      assert.strictEqual(report.inputs[0].version, version);
      assert.strictEqual(report.inputs[0].kind, "export");
      assert.strictEqual(report.inputs[0].stack, "genesys-clients/dev");
      assert.ok(report.findings.every((f) => f.stack === "genesys-clients/dev" && f.input === file && typeof f.line === "number"));
    });

    it(`reports no finding on a clean version ${version} export of our own resources`, async () => {
      const file = path.join(dir, `clean-v${version}.json`);
      fs.writeFileSync(file, exportText(cleanStack({ seed: 100 + version, clients: 3, filler: 20 }), version));
      const report = await audit([file]);
      assert.deepStrictEqual(report.findings, []);
      assert.strictEqual(report.summary.inputErrors, 0);
    });
  }

  it("finds decrypted secrets in a --show-secrets export (plaintext envelopes)", async () => {
    const resources = cleanStack({ seed: 5 });
    const leaks = seedLeaks(resources, { seed: 55, showSecrets: true });
    const file = path.join(dir, "shown.json");
    fs.writeFileSync(file, exportText(resources, 4));
    assertAllFound(await audit([file]), leaks);
  });

  it("accepts an opted-in clientSecret encrypted via additionalSecretOutputs on our resources, but not a shown one", async () => {
    const resources = cleanStack({ seed: 6 });
    const client = resources.find((r) => r.type.endsWith(":OAuthClient"))!;
    client.inputs!.exposeSecretAsOutput = true;
    client.outputs = { ...client.outputs, exposeSecretAsOutput: true, clientSecret: envelope("S3cr3tValueXyzAbc12345") };
    const file = path.join(dir, "opted-in.json");
    fs.writeFileSync(file, exportText(resources));
    assert.deepStrictEqual((await audit([file])).findings, []);
    client.outputs.clientSecret = envelope(genesysSecret(prng(3)), true);
    fs.writeFileSync(file, exportText(resources));
    const report = await audit([file]);
    assert.ok(report.findings.some((f) => f.urn === client.urn && f.path === "outputs.clientSecret" && f.rule === "genesys-secret-key-plaintext"));
  });

  for (const gzip of [false, true]) {
    it(`audits a local backend directory: every stack, history and backups${gzip ? " (gzipped)" : ""}`, async () => {
      const backend = path.join(dir, gzip ? "backend-gz" : "backend");
      const project = "genesys-clients";
      // prod: leaky now; dev: clean now but a leak in history and in a backup (what was ever written).
      const prod = cleanStack({ stack: "prod", seed: 21 });
      const prodLeaks = seedLeaks(prod, { stack: "prod", seed: 22 });
      const cfg = leakyCheckpointConfig(project, prng(23));
      const devClean = cleanStack({ stack: "dev", seed: 24 });
      const devOld = cleanStack({ stack: "dev", seed: 24 });
      const devLeaks = seedLeaks(devOld, { stack: "dev", seed: 25 });
      const files = writeBackend(
        backend,
        project,
        [
          { stack: "prod", current: checkpointText(project, "prod", prod, cfg.config) },
          {
            stack: "dev",
            current: checkpointText(project, "dev", devClean, { [`${project}:region`]: "mypurecloud.ie" }, 4),
            history: checkpointText(project, "dev", devOld),
            backup: checkpointText(project, "dev", devOld, {}, 4),
          },
        ],
        gzip,
      );
      const report = await audit([backend]);
      assert.strictEqual(report.inputs.length, 4);
      assert.deepStrictEqual(report.inputs.map((i) => i.kind).sort(), ["backup", "checkpoint", "checkpoint", "history"]);
      assert.strictEqual(report.summary.inputErrors, 0);
      const prodFile = files.find((f) => f.includes(`stacks${path.sep}${project}${path.sep}prod`))!;
      const devFile = files.find((f) => f.includes(`stacks${path.sep}${project}${path.sep}dev`))!;
      assertAllFound(report, [...prodLeaks, cfg.leak], prodFile);
      assert.ok(
        report.findings.every((f) => f.input !== devFile),
        "the clean current dev checkpoint has no finding",
      );
      for (const f of files.filter((x) => x.includes("history") || x.includes("backups"))) assertAllFound(report, devLeaks, f);
      assert.ok(report.findings.filter((f) => f.input === prodFile).every((f) => f.stack === "genesys-clients/prod"));
    });
  }

  it("reads the config of update history files (*.history.json) of a local backend", async () => {
    const backend = path.join(dir, "backend-history");
    const hist = path.join(backend, ".pulumi", "history", "proj", "prod");
    fs.mkdirSync(hist, { recursive: true });
    const secret = genesysSecret(prng(71));
    fs.writeFileSync(
      path.join(hist, "prod-1795601674729712566.history.json"),
      JSON.stringify({
        kind: "update",
        startTime: 1795601672,
        environment: { "exec.kind": "cli" },
        config: { "proj:region": "mypurecloud.ie", "proj:clientSecret": secret, "proj:token": { secure: "v1:abc:def" } },
        result: "succeeded",
      }),
    );
    const report = await audit([backend]);
    assert.strictEqual(report.inputs[0].kind, "history");
    assert.deepStrictEqual(
      report.findings.map((f) => [f.stack, f.urn, f.path, f.rule]),
      [
        ["proj/prod", "", 'config["proj:clientSecret"]', "genesys-secret-key-plaintext"],
        ["proj/prod", "", 'config["proj:token"]', "genesys-encrypted-value"],
      ],
    );
  });

  it("masks a secret used as a property name in paths and evidence", async () => {
    const resources = cleanStack({ seed: 81 });
    const keySecret = genesysSecret(prng(82));
    const stored = genesysSecret(prng(83));
    resources.push({
      urn: "urn:pulumi:dev::genesys-clients::aws:ssm/parameter:Parameter::keyed",
      custom: true,
      type: "aws:ssm/parameter:Parameter",
      inputs: { clientSecret: { [keySecret]: "some-readable-value" }, tags: { [`x-${stored}`]: genesysSecret(prng(84)) } },
    });
    const file = path.join(dir, "keyed.json");
    fs.writeFileSync(file, exportText(resources));
    const report = await audit([file], { knownSecrets: [{ source: "file://./s", value: stored }] });
    assert.ok(report.findings.length >= 2);
    const text = JSON.stringify(report);
    assert.ok(!text.includes(keySecret) && !text.includes(stored));
    assert.ok(
      report.findings.some((f) => f.path === 'inputs.clientSecret["<redacted key>"]'),
      "the detection layer redacts a secret-shaped key in paths",
    );
  });

  it("reports a secret shared by two stacks in the summary", async () => {
    const a = cleanStack({ stack: "a", seed: 31 });
    const b = cleanStack({ stack: "b", seed: 32 });
    seedLeaks(a, { stack: "a", seed: 33 });
    seedLeaks(b, { stack: "b", seed: 33 });
    const fa = path.join(dir, "a.json");
    const fb = path.join(dir, "b.json");
    fs.writeFileSync(fa, exportText(a));
    fs.writeFileSync(fb, exportText(b));
    const report = await audit([fa, fb]);
    assert.ok(report.summary.secretsSharedAcrossStacks >= 1);
  });

  it("finds the stored secret in any encoding given store access, and only then", async () => {
    const stored = genesysSecret(prng(41));
    const resources = cleanStack({ seed: 42 });
    const leaks = seedLeaks(resources, { seed: 43, storedSecret: stored }).filter((l) => l.rules.includes("genesys-stored-secret-match"));
    const file = path.join(dir, "stored.json");
    fs.writeFileSync(file, exportText(resources));
    const without = await audit([file]);
    // Without the store, shape mode still sees both copies (decoded base64, URL query), as shape findings only.
    for (const leak of leaks)
      assert.ok(
        without.findings.some((f) => f.urn === leak.urn && f.path === leak.path && f.rule === "genesys-secret-in-text"),
        `shape mode misses ${leak.name}`,
      );
    assert.ok(!without.findings.some((f) => f.rule === "genesys-stored-secret-match"), "no stored-secret match without the store");
    const report = await audit([file], { knownSecrets: [{ source: "file://./.secrets/ci", value: stored }] });
    assertAllFound(report, leaks);
    const evidence = report.findings
      .filter((f) => f.rule === "genesys-stored-secret-match")
      .map((f) => f.evidence)
      .join("\n");
    assert.match(evidence, /base64/);
  });

  it("tunes the shape rule with the entropy threshold", async () => {
    const resources = cleanStack({ seed: 51 });
    const leaks = seedLeaks(resources, { seed: 52 });
    const file = path.join(dir, "entropy.json");
    fs.writeFileSync(file, exportText(resources));
    const shape = leaks.find((l) => l.name === "shape")!;
    const strict = await audit([file], { detection: { entropyThreshold: 7.5 } });
    assert.ok(!strict.findings.some((f) => f.urn === shape.urn && f.rule === "genesys-secret-shape"));
    assert.ok((await audit([file])).findings.some((f) => f.urn === shape.urn && f.rule === "genesys-secret-shape"));
  });

  it("reports an unreadable input without losing the others' findings", async () => {
    const resources = cleanStack({ seed: 61 });
    const leaks = seedLeaks(resources, { seed: 62 });
    const good = path.join(dir, "good.json");
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(good, exportText(resources));
    fs.writeFileSync(bad, exportText(resources).slice(0, 500));
    const report = await audit([bad, good]);
    assert.strictEqual(report.summary.inputErrors, 1);
    assert.match(report.inputs[0].error ?? "", /not a Pulumi state file/);
    assertAllFound(report, leaks, good);
  });
});
