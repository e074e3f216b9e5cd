/**
 * The audit CLI in known-secret mode (spawns the CLI, so an integration test): the store named in state is
 * read by default and not with --no-store-read; an unreachable store is a note on stderr, not a failure.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { AuditReport } from "../../../audit";
import { CREDENTIAL_SCHEMA, type StoredCredential } from "../../../stores/store";
import { FileStore } from "../../../stores/file-store";
import { buildExport } from "../../leaks/exports/generator";
import { assertNoFragment, fakeSecret } from "../../unit/detection/fixtures";

const KNOWN_RULE = "genesys-stored-secret-match";
const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");

function stored(secret: string, clientId = "client-1"): StoredCredential {
  return { version: "1", record: { schema: CREDENTIAL_SCHEMA, clientId, clientSecret: secret, rotationId: "r1", rotatedAt: "2026-11-01T00:00:00.000Z" } };
}

describe("audit CLI: known secrets from the stores the stack names", function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let secret: string;
  let storeFile: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-known-cli-"));
    secret = fakeSecret();
    storeFile = path.join(dir, "cli-store", "ci");
    await new FileStore({ kind: "file", path: storeFile }, {}).write(stored(secret).record);
    const ctx = { secret, clientId: "client-1", storeReference: `file://${storeFile}` };
    file = path.join(dir, "cli.json");
    fs.writeFileSync(
      file,
      buildExport(
        {
          name: "b64",
          category: "b64",
          apply: (d) => void (d.resources[0].outputs!.blob = Buffer.from(Buffer.from(secret).toString("base64")).toString("base64")),
        },
        ctx,
      ),
    );
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), ...args], { cwd: dir, encoding: "utf8" });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  it("reads the store named in state by default, and not with --no-store-read", () => {
    const on = run(["audit", file, "--format", "json"]);
    const report = JSON.parse(on.stdout) as AuditReport;
    assert.ok(
      report.findings.some((f) => f.rule === KNOWN_RULE && f.path === "outputs.blob" && f.evidence.includes("of base64")),
      on.stdout,
    );
    assert.strictEqual(on.code, 1);
    const off = run(["audit", file, "--format", "json", "--no-store-read"]);
    assert.ok(!(JSON.parse(off.stdout) as AuditReport).findings.some((f) => f.rule === KNOWN_RULE), off.stdout);
    assertNoFragment([on.stdout, on.stderr, off.stdout, off.stderr], [secret]);
  });

  it("an unreachable store named in state: a note on stderr, exit by findings only", () => {
    const other = path.join(dir, "unreachable.json");
    fs.writeFileSync(other, buildExport(undefined, { secret, clientId: "client-1", storeReference: "vault://secret/genesys/none?addr=https://127.0.0.1:1" }));
    const r = run(["audit", other, "--format", "json", "--no-progress", "--no-summary"]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^genesys-oauth-guard: note: cannot read the store at vault:\/\/secret\/genesys\/none\?addr=https:\/\/127\.0\.0\.1:1 \(.+\); the audit goes on without its secret\n$/,
    );
  });
});
