/**
 * A large report written to a pipe reaches the reader whole: the CLI exits only once stdout is flushed
 * (process.exit right after a big write to a pipe used to cut it at ~200 KB). Driven through `audit merge`.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const bin = path.resolve(__dirname, "..", "..", "..", "..", "bin", "genesys-oauth-guard");

describe("cli: large output to a pipe", () => {
  it("prints a 4 MB merged report whole before exiting", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-large-"));
    try {
      const files = [1, 2].map((s) => {
        const inputs = Array.from({ length: 8000 }, (_, i) => ({
          input: `/b/.pulumi/stacks/team-${i % 20}/stack-${s}-${i}.json`,
          kind: "checkpoint",
          stack: `team-${i % 20}/stack-${s}-${i}`,
          version: 3,
          resources: 50,
          bytes: 200000,
          findings: 0,
        }));
        const file = path.join(dir, `shard-${s}.json`);
        fs.writeFileSync(
          file,
          JSON.stringify({
            findings: [],
            summary: {
              inputs: inputs.length,
              inputErrors: 0,
              resources: 400000,
              bytes: 1.6e9,
              findings: 0,
              bySeverity: {},
              byRule: {},
              secretsSharedAcrossStacks: 0,
              seconds: 1,
              mbPerSecond: 1,
            },
            inputs,
          }),
        );
        return file;
      });
      const r = spawnSync(process.execPath, [bin, "audit", "merge", ...files, "--format", "json", "--no-summary"], { encoding: "utf8", maxBuffer: 256 << 20 });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.length > 3_000_000, `only ${r.stdout.length} bytes`);
      const merged = JSON.parse(r.stdout) as { inputs: unknown[] };
      assert.equal(merged.inputs.length, 16000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
