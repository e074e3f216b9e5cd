/**
 * The audit CLI and the allowlist (spawns the CLI, so an integration test): ./.genesys-oauth-guard-ignore by
 * default, --allowlist FILE, --no-allowlist; exit 0 when every finding is accepted.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ALLOWLIST_FILE } from "../../../detection/allowlist";
import { cleanStack, exportText } from "../../support/fixtures/state-builder";
import { fakeSecret } from "../../unit/detection/fixtures";
import { corpusUrn } from "../../leaks/run";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const bin = path.join(repoRoot, "bin", "genesys-oauth-guard");

describe("audit CLI: allowlist of accepted findings", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-allow-cli-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("CLI: ./.genesys-oauth-guard-ignore by default, --allowlist FILE, --no-allowlist; exit 0 when everything is accepted", () => {
    const resources = cleanStack({ seed: 73 });
    resources.push({
      urn: corpusUrn("custom:index:Integration", "leak"),
      custom: true,
      type: "custom:index:Integration",
      inputs: {},
      outputs: { notes: `deployed with ${fakeSecret()}` },
    });
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
