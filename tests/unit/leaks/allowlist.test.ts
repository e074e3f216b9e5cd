/**
 * The allowlist (.genesys-oauth-guard-ignore): fingerprints are stable, never made of the value, the same
 * in the pack and the audit; accepted findings disappear from both and are counted in the audit summary;
 * the CLI part (default file, --allowlist FILE, --no-allowlist) is tests/integration/audit/allowlist-cli.test.ts.
 */
import * as assert from "assert";
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
    assert.strictEqual(
      Object.values(allowed.summary.byRule).reduce((a, b) => a + b, 0),
      allowed.findings.length,
    );
    assert.match(formatSummary(allowed), /3 suppressed by \.genesys-oauth-guard-ignore/);
    assert.match(formatTable(allowed), /FINGERPRINT/);
    assert.match(formatTable(allowed), /3 suppressed by/);
    const json = JSON.parse(formatJson(allowed)) as { findings: { fingerprint: string }[]; summary: { suppressed: number } };
    assert.ok(json.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint)));
    assert.strictEqual(json.summary.suppressed, 3);
    const sarif = JSON.parse(formatSarif(allowed)) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    assert.deepStrictEqual(
      sarif.runs[0].results.map((r) => r.partialFingerprints["genesysOauthGuardAllowlist/v1"]),
      allowed.findings.map((f) => f.fingerprint),
    );
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
    assert.ok(
      fps.every((f) => f !== undefined),
      "every violation names its fingerprint",
    );
    // The audit computes the same fingerprints for the same resources.
    assert.strictEqual(fps[0], findingFingerprint("genesys-secret-shape", corpusUrn("pulumi:pulumi:Stack", "proj-dev"), "outputs.buildInfo"));
    assert.strictEqual(fps[1], findingFingerprint("genesys-secret-in-text", corpusUrn(leak.type, "leak"), "outputs.endpoint"));
    assert.deepStrictEqual(await runStack(noSecretInStackOutputs, stack, { allowlist: [fps[0]] }), []);
    const file = path.join(dir, "pack-ignore");
    fs.writeFileSync(file, `# accepted\n${fps[1]}\n`);
    assert.deepStrictEqual(await runStack(noSecretInResourceState, stack, { allowlistFile: file }), []);
    assert.strictEqual(
      (await runStack(noSecretInResourceState, stack, { allowlist: [fps[0]] })).length,
      1,
      "another finding's fingerprint accepts nothing here",
    );
  });
});
