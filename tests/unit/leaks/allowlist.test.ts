/**
 * The allowlist (.genesys-oauth-guard-ignore): fingerprints are stable, never made of the value, the same
 * in the pack and the audit; accepted findings disappear from both and are counted in the audit summary;
 * the CLI reads the default file from the working directory, --allowlist FILE, and --no-allowlist.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyAllowlist, formatJson, formatSarif, formatSummary, formatTable, resolveSources, runAudit } from "../../../audit";
import { ALLOWLIST_FILE, findingFingerprint, parseAllowlist } from "../../../detection/allowlist";
import { noSecretInResourceState, noSecretInStackOutputs } from "../../../policies/rules";
import { cleanStack, exportText, seedLeaks } from "../../support/fixtures/state-builder";
import { fakeSecret } from "../detection/fixtures";
import { runStack, stackResource } from "../policies/harness";
import { corpusUrn } from "../../leaks/run";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");

describe("allowlist of accepted findings", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-allow-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fingerprints: 32 hex, stable, depend on rule, URN and path only", () => {
    const a = findingFingerprint("genesys-secret-shape", "urn:pulumi:dev::p::t::n", "outputs.x");
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.strictEqual(findingFingerprint("genesys-secret-shape", "urn:pulumi:dev::p::t::n", "outputs.x"), a);
    assert.notStrictEqual(findingFingerprint("genesys-secret-in-text", "urn:pulumi:dev::p::t::n", "outputs.x"), a);
    assert.notStrictEqual(findingFingerprint("genesys-secret-shape", "urn:pulumi:dev::p::t::m", "outputs.x"), a);
    assert.notStrictEqual(findingFingerprint("genesys-secret-shape", "urn:pulumi:dev::p::t::n", "outputs.y"), a);
    // A secret-shaped URN part is masked first: the raw URN (pack) and the masked one (audit) agree.
    const s = fakeSecret();
    assert.strictEqual(findingFingerprint("r", `urn:pulumi:dev::p::t::${s}`, "(urn)"), findingFingerprint("r", "urn:pulumi:dev::p::t::<masked>", "(urn)"));
  });

  it("parses fingerprints, # comments and blanks; reports other lines by number only", () => {
    const fp = findingFingerprint("r", "u", "p");
    const list = parseAllowlist(`# accepted 2026-11-25 by ops\n\n${fp}   # demo stack, rotated\n${fp.toUpperCase()}\nnot-a-fingerprint\n`, "f");
    assert.deepStrictEqual([...list.fingerprints], [fp]);
    assert.deepStrictEqual(list.invalidLines, [5]);
  });

  it("audit: accepted findings leave the report and are counted; every format prints fingerprints", async () => {
    const resources = cleanStack({ seed: 71 });
    seedLeaks(resources, { seed: 72 });
    const file = path.join(dir, "leaky.json");
    fs.writeFileSync(file, exportText(resources));
    const report = await runAudit(resolveSources({ paths: [file] }));
    assert.ok(report.findings.length >= 4);
    for (const f of report.findings) assert.strictEqual(f.fingerprint, findingFingerprint(f.rule, f.urn, f.path));
    const accepted = report.findings.slice(0, 3).map((f) => f.fingerprint);
    const allowed = applyAllowlist(report, parseAllowlist(accepted.join("\n"), ALLOWLIST_FILE));
    assert.strictEqual(allowed.findings.length, report.findings.length - 3);
    assert.ok(allowed.findings.every((f) => !accepted.includes(f.fingerprint)));
    assert.strictEqual(allowed.summary.suppressed, 3);
    assert.strictEqual(allowed.summary.findings, allowed.findings.length);
    assert.strictEqual(Object.values(allowed.summary.byRule).reduce((a, b) => a + b, 0), allowed.findings.length);
    assert.match(formatSummary(allowed), /3 suppressed by \.genesys-oauth-guard-ignore/);
    assert.match(formatTable(allowed), /FINGERPRINT/);
    assert.match(formatTable(allowed), /3 suppressed by/);
    const json = JSON.parse(formatJson(allowed)) as { findings: { fingerprint: string }[]; summary: { suppressed: number } };
    assert.ok(json.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint)));
    assert.strictEqual(json.summary.suppressed, 3);
    const sarif = JSON.parse(formatSarif(allowed)) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    assert.deepStrictEqual(sarif.runs[0].results.map((r) => r.partialFingerprints["genesysOauthGuardAllowlist/v1"]), allowed.findings.map((f) => f.fingerprint));
  });

  it("pack: the fingerprint in the violation is the audit's; inline allowlist and allowlistFile accept it", async () => {
    const s = fakeSecret();
    const leak = { type: "custom:index:Integration", name: "leak", props: { endpoint: `https://id:${s}@api.example.com/` } };
    const stack = [stackResource({ buildInfo: fakeSecret() }), leak];
    const outputs = await runStack(noSecretInStackOutputs, stack);
    const state = await runStack(noSecretInResourceState, stack);
    assert.strictEqual(outputs.length, 1);
    assert.strictEqual(state.length, 1);
    const fps = [...outputs, ...state].map((v) => /fingerprint ([0-9a-f]{32})/.exec(v.message)?.[1]);
    assert.ok(fps.every((f) => f !== undefined), "every violation names its fingerprint");
    // The audit computes the same fingerprints for the same resources.
    assert.strictEqual(fps[0], findingFingerprint("genesys-secret-shape", corpusUrn("pulumi:pulumi:Stack", "proj-dev"), "outputs.buildInfo"));
    assert.strictEqual(fps[1], findingFingerprint("genesys-secret-in-text", corpusUrn(leak.type, "leak"), "outputs.endpoint"));
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, stack, { allowlist: [fps[0]] }), []);
    const file = path.join(dir, "pack-ignore");
    fs.writeFileSync(file, `# accepted\n${fps[1]}\n`);
    assert.deepStrictEqual(await runStack(noSecretInResourceState, stack, { allowlistFile: file }), []);
    assert.strictEqual((await runStack(noSecretInResourceState, stack, { allowlist: [fps[0]] })).length, 1, "another finding's fingerprint accepts nothing here");
  });

  it("CLI: ./.genesys-oauth-guard-ignore by default, --allowlist FILE, --no-allowlist; exit 0 when everything is accepted", () => {
    const resources = cleanStack({ seed: 73 });
    resources.push({ urn: corpusUrn("custom:index:Integration", "leak"), custom: true, type: "custom:index:Integration", inputs: {}, outputs: { notes: `deployed with ${fakeSecret()}` } });
    const work = fs.mkdtempSync(path.join(dir, "cwd-"));
    fs.writeFileSync(path.join(work, "state.json"), exportText(resources));
    const run = (args: string[]): { code: number; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [bin, "audit", "state.json", "--no-progress", ...args], { cwd: work, encoding: "utf8" });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const first = run(["--format", "json"]);
    assert.strictEqual(first.code, 1, first.stderr);
    const fps = (JSON.parse(first.stdout) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint);
    assert.strictEqual(fps.length, 1);
    fs.writeFileSync(path.join(work, ALLOWLIST_FILE), `# accepted: test fixture\n${fps[0]}\n`);
    const accepted = run([]);
    assert.strictEqual(accepted.code, 0, accepted.stdout + accepted.stderr);
    assert.match(accepted.stderr, /1 suppressed by .*\.genesys-oauth-guard-ignore/);
    assert.strictEqual(run(["--no-allowlist"]).code, 1);
    fs.renameSync(path.join(work, ALLOWLIST_FILE), path.join(work, "other-ignore"));
    assert.strictEqual(run([]).code, 1);
    assert.strictEqual(run(["--allowlist", "other-ignore"]).code, 0);
    assert.strictEqual(run(["--allowlist", "missing-file"]).code, 2);
  });
});
