/** CLI conventions: --version, no arguments, an audit where nothing could be read, CI-safe names. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as sinon from "sinon";
import { formatTable } from "../../../audit/report";
import type { AuditReport } from "../../../audit/types";
import { workflowCommandSafe } from "../../../cli/commands/rotate";
import { main } from "../../../cli/main";
import { packageVersion } from "../../../core/package-info";

describe("CLI conventions", () => {
  afterEach(() => sinon.restore());

  it("--version prints the package's version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "..", "package.json"), "utf8")) as { version: string };
    assert.equal(packageVersion(), pkg.version);
    const out = sinon.stub(process.stdout, "write").returns(true);
    const code = await main(["node", "genesys-oauth-guard", "--version"]);
    out.restore();
    assert.equal(code, 0);
    assert.deepEqual(out.args.map((a) => String(a[0])).join(""), `${pkg.version}\n`);
  });

  it("no arguments: help on stderr, nothing on stdout, exit 2", async () => {
    const out = sinon.stub(process.stdout, "write").returns(true);
    const err = sinon.stub(process.stderr, "write").returns(true);
    const code = await main(["node", "genesys-oauth-guard"]);
    sinon.restore();
    assert.equal(code, 2);
    assert.equal(out.callCount, 0);
    assert.match(err.args.map((a) => String(a[0])).join(""), /Usage: genesys-oauth-guard.*\n[\s\S]*audit/);
  });

  it("an audit whose inputs could not be read never says just 'No findings.'", () => {
    const base = { findings: [], summary: { inputs: 1, inputErrors: 1 } } as unknown as AuditReport;
    const none = formatTable({
      ...base,
      inputs: [{ input: "pulumi stack export --stack nope", error: "no stack named 'nope' found" }],
    } as unknown as AuditReport);
    assert.match(none, /^Nothing was audited/);
    assert.match(none, /no stack named 'nope'/);
    const some = formatTable({ ...base, inputs: [{ input: "a.json" }, { input: "b.json", error: "not a checkpoint" }] } as unknown as AuditReport);
    assert.match(some, /^No findings in the 1 input\(s\) that could be read\./);
  });

  it("audit --stack that cannot be read is exit 2 with the reason, not a clean audit", async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = "/nonexistent-goag-path";
    const out = sinon.stub(process.stdout, "write").returns(true);
    const err = sinon.stub(process.stderr, "write").returns(true);
    let code: number;
    try {
      code = await main(["node", "genesys-oauth-guard", "audit", "--stack", "org/proj/missing"]);
    } finally {
      process.env.PATH = savedPath;
      sinon.restore();
    }
    assert.equal(code, 2);
    assert.doesNotMatch(out.args.map((a) => String(a[0])).join(""), /^No findings\./m);
    assert.match(err.args.map((a) => String(a[0])).join(""), /cannot audit .*org\/proj\/missing.*no pulumi executable/);
  });

  it("names printed for GitHub Actions cannot start a workflow command", () => {
    const hostile = "x\r\n::set-env name=NODE_OPTIONS::--require /tmp/p\n::add-mask::y\u2028z";
    const safe = workflowCommandSafe(`rotated ${hostile} (id)`);
    assert.doesNotMatch(safe, /[\r\n\u2028]/);
    assert.doesNotMatch(safe, /::/);
    assert.match(safe, /set-env/); // still readable, just inert
  });
});
