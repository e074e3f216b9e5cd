/**
 * The audit of a GCS DIY backend against the real fake-gcs-server (built from its Go module): the same findings
 * as the same backend in a local directory, gzip by magic bytes, a bucket that does not exist as an input
 * error while the rest is audited.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAudit, resolveSources, type AuditReport } from "../../../audit";
import { backendSources, resolveAllSources } from "../../../audit/backends";
import { type FakeGcsServer, requireFakeGcs, startFakeGcs } from "../../support/fake-gcs";
import { checkpointText, cleanStack, seedLeaks, writeBackend } from "../../support/fixtures/state-builder";

function comparable(report: AuditReport): string[] {
  return report.findings.map((f) => JSON.stringify([f.rule, f.severity, f.stack, f.urn, f.path, f.evidence, f.kind, f.line])).sort();
}

describe("audit: GCS backend on the real fake-gcs-server", function () {
  this.timeout(900_000); // the first run builds fake-gcs-server
  let gcs: FakeGcsServer;
  let dir: string;
  const project = "genesys-clients";
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, STORAGE_EMULATOR_HOST: gcs.host });

  before(async function () {
    const bin = requireFakeGcs(this);
    this.timeout(120_000);
    gcs = await startFakeGcs(bin);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-gcs-"));
    const leaky = cleanStack({ project, stack: "prod", seed: 2 });
    seedLeaks(leaky, { project, stack: "prod", seed: 3 });
    writeBackend(path.join(dir, "plain"), project, [
      { stack: "dev", current: checkpointText(project, "dev", cleanStack({ project, stack: "dev", seed: 1 })) },
      {
        stack: "prod",
        current: checkpointText(project, "prod", leaky),
        history: checkpointText(project, "prod", leaky),
        backup: checkpointText(project, "prod", leaky),
      },
    ]);
    writeBackend(path.join(dir, "gzip"), project, [{ stack: "prod", current: checkpointText(project, "prod", leaky) }], true);
    // Buckets and objects through fake-gcs-server's JSON API (the same the client libraries use).
    const api = `http://${gcs.host}`;
    for (const [bucket, root] of [
      ["state", "plain"],
      ["zipped", "gzip"],
    ] as const) {
      const made = await fetch(`${api}/storage/v1/b?project=test`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: bucket }),
      });
      assert.equal(made.status, 200, await made.text());
      const walk = async (d: string): Promise<void> => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else {
            const name = path.relative(path.join(dir, root), p).split(path.sep).join("/");
            const up = await fetch(`${api}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}`, {
              method: "POST",
              body: fs.readFileSync(p),
            });
            assert.equal(up.status, 200, await up.text());
          }
        }
      };
      await walk(path.join(dir, root));
    }
  });
  after(async () => {
    await gcs?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds exactly what the same backend in a local directory holds; gzip by magic bytes", async () => {
    const local = await runAudit(resolveSources({ paths: [path.join(dir, "plain")] }));
    const remote = await runAudit(await backendSources("gs://state", { env: env() }));
    assert.ok(local.findings.length > 0);
    assert.deepEqual(comparable(remote), comparable(local));
    assert.deepEqual(new Set(remote.inputs.map((i) => i.kind)), new Set(["checkpoint", "history", "backup"]));
    assert.ok(
      remote.inputs.every((i) => i.error === undefined && i.input.startsWith("gs://state/.pulumi/")),
      JSON.stringify(remote.inputs),
    );
    const zipped = await runAudit(await backendSources("gs://zipped", { env: env() }));
    assert.equal(zipped.inputs.length, 1);
    assert.equal(zipped.inputs[0].error, undefined);
    assert.ok(zipped.findings.length > 0);
  });

  it("reports a bucket that does not exist as an input error and audits the rest", async () => {
    const sources = await resolveAllSources({ paths: ["gs://no-such-bucket", "gs://zipped"] }, { env: env() });
    const r = await runAudit(sources);
    assert.match(r.inputs[0].error ?? "", /not found|does not exist/);
    assert.equal(r.inputs[0].input, "gs://no-such-bucket");
    assert.equal(r.inputs[1].error, undefined);
    assert.ok(r.findings.length > 0);
  });
});
