/**
 * `audit --stack NAME` on a local backend also reads that stack's history and backups: which backend the CLI
 * uses, and which files belong to the stack.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localBackendDir, resolveSources, stackHistorySources } from "../../../audit/sources";

describe("audit sources: --stack on a local backend", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-stack-history-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const touch = (rel: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), "{}");
  };

  it("finds the backend from PULUMI_BACKEND_URL, else from $PULUMI_HOME/credentials.json; none for other backends", () => {
    assert.strictEqual(localBackendDir({ PULUMI_BACKEND_URL: `file://${dir}` }), dir);
    assert.strictEqual(localBackendDir({ PULUMI_BACKEND_URL: "file://~/state", HOME: "/home/u" }), "/home/u/state");
    assert.strictEqual(localBackendDir({ PULUMI_BACKEND_URL: "s3://bucket" }), undefined);
    fs.writeFileSync(path.join(dir, "credentials.json"), JSON.stringify({ current: `file://${dir}/b` }));
    assert.strictEqual(localBackendDir({ PULUMI_HOME: dir }), `${dir}/b`);
    assert.strictEqual(localBackendDir({ PULUMI_HOME: path.join(dir, "nowhere") }), undefined);
  });

  it("lists the stack's history and backups, project from the name or from Pulumi.yaml, nothing of other stacks", () => {
    touch(".pulumi/history/proj/dev/dev-1.checkpoint.json");
    touch(".pulumi/history/proj/dev/dev-1.history.json");
    touch(".pulumi/backups/proj/dev/dev.1700000000.json.gz");
    touch(".pulumi/history/proj/prod/prod-1.checkpoint.json");
    touch(".pulumi/history/other/dev/dev-1.checkpoint.json");
    const names = (xs: { file?: string; kind: string }[]) => xs.map((x) => `${x.kind}:${path.relative(dir, x.file ?? "")}`).sort();
    const expected = [
      "backup:.pulumi/backups/proj/dev/dev.1700000000.json.gz",
      "history:.pulumi/history/proj/dev/dev-1.checkpoint.json",
      "history:.pulumi/history/proj/dev/dev-1.history.json",
    ];
    assert.deepStrictEqual(names(stackHistorySources(dir, "organization/proj/dev")), expected);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
    assert.deepStrictEqual(names(stackHistorySources(dir, "dev", dir)), expected);
    assert.deepStrictEqual(stackHistorySources(dir, "organization/proj/missing"), []);
  });

  it("resolveSources adds them after the stack's export", () => {
    touch(".pulumi/history/proj/dev/dev-1.checkpoint.json");
    const sources = resolveSources({ stacks: ["organization/proj/dev"], env: { PULUMI_BACKEND_URL: `file://${dir}`, PATH: "" } });
    assert.deepStrictEqual(
      sources.map((s) => s.kind),
      ["stack", "history"],
    );
    assert.strictEqual(sources[1].stack, "proj/dev");
  });
});
