/**
 * The audit of an S3 DIY backend against the real moto server: the same findings as the same backend in a
 * local directory; each bad object or bad input fails alone with a clear error; read-ahead stays bounded;
 * the CLI exits 1 listing the failures and prints neither a secret nor a credential.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runAudit, resolveSources, type AuditReport } from "../../../audit";
import { backendSources, resolveAllSources } from "../../../audit/backends";
import type { PrefetchStats } from "../../../audit/backends";
import { checkpointText, cleanStack, genesysSecret, prng, seedLeaks, writeBackend } from "../../support/fixtures/state-builder";
import { type MotoServer, requireBinary, startMoto } from "../../support/moto";
import { repoRoot } from "../../support/pulumi";

const CREDS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };

/** Findings without the input label, sorted: comparable between a directory and a bucket. */
function comparable(report: AuditReport): string[] {
  return report.findings.map((f) => JSON.stringify([f.rule, f.severity, f.stack, f.urn, f.path, f.evidence, f.kind, f.line])).sort();
}

describe("audit: S3 backend on the real moto server", function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let s3: S3Client;
  let dir: string;
  const secrets: string[] = [];
  const project = "genesys-clients";

  const url = (bucket: string, extra = ""): string => `s3://${bucket}${extra}?endpoint=${moto.endpoint}&s3ForcePathStyle=true&region=us-east-1`;
  const put = (bucket: string, key: string, body: Buffer | string): Promise<unknown> => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const upload = async (bucket: string, root: string, prefix = ""): Promise<number> => {
    let n = 0;
    const walk = async (d: string): Promise<void> => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else {
          await put(bucket, prefix + path.relative(root, p).split(path.sep).join("/"), fs.readFileSync(p));
          n++;
        }
      }
    };
    await walk(root);
    return n;
  };

  before(async function () {
    requireBinary(this, "moto_server");
    moto = await startMoto();
    s3 = new S3Client({
      region: "us-east-1",
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-s3-"));
    // A backend with a clean stack and a leaky one (current, history, backup), plain and gzipped.
    const rand = prng(7);
    const clean = cleanStack({ project, stack: "dev", seed: 1 });
    const leaky = cleanStack({ project, stack: "prod", seed: 2 });
    const leaks = seedLeaks(leaky, { project, stack: "prod", seed: 3 });
    assert.ok(leaks.length > 3);
    const old = cleanStack({ project, stack: "prod", seed: 4 });
    seedLeaks(old, { project, stack: "prod", seed: 5 });
    writeBackend(path.join(dir, "plain"), project, [
      { stack: "dev", current: checkpointText(project, "dev", clean), history: checkpointText(project, "dev", clean) },
      {
        stack: "prod",
        current: checkpointText(project, "prod", leaky),
        history: checkpointText(project, "prod", old),
        backup: checkpointText(project, "prod", old, {}, 4),
      },
    ]);
    writeBackend(path.join(dir, "gzip"), project, [{ stack: "prod", current: checkpointText(project, "prod", leaky) }], true);
    secrets.push(genesysSecret(rand));
    await s3.send(new CreateBucketCommand({ Bucket: "state" }));
    await s3.send(new CreateBucketCommand({ Bucket: "gzipped" }));
    await s3.send(new CreateBucketCommand({ Bucket: "broken" }));
    assert.equal(await upload("state", path.join(dir, "plain"), "teams/a/"), 5);
    await upload("gzipped", path.join(dir, "gzip"));
  });
  after(async () => {
    s3?.destroy();
    await moto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds exactly what the same backend in a local directory holds (prefix in the URL path)", async () => {
    const local = await runAudit(resolveSources({ paths: [path.join(dir, "plain")] }));
    const remote = await runAudit(await backendSources(url("state", "/teams/a"), { env: { ...process.env, ...CREDS } }));
    assert.ok(local.findings.length > 0);
    assert.deepEqual(comparable(remote), comparable(local));
    assert.deepEqual(
      remote.inputs.map((i) => [i.kind, i.stack, i.resources, i.bytes, i.findings]),
      local.inputs.map((i) => [i.kind, i.stack, i.resources, i.bytes, i.findings]),
    );
    assert.ok(
      remote.inputs.every((i) => i.input.startsWith("s3://state/teams/a/.pulumi/") && i.error === undefined),
      JSON.stringify(remote.inputs),
    );
    assert.deepEqual(new Set(remote.inputs.map((i) => i.kind)), new Set(["checkpoint", "history", "backup"]));
    assert.ok(remote.findings.every((f) => f.stack === `${project}/prod`));
  });

  it("decompresses gzipped objects by their magic bytes", async () => {
    const r = await runAudit(await backendSources(url("gzipped"), { env: { ...process.env, ...CREDS } }));
    assert.equal(r.inputs.length, 1);
    assert.ok(r.inputs[0].input.endsWith(".json.gz") && r.inputs[0].error === undefined && r.inputs[0].resources > 0);
    assert.ok(r.findings.length > 0);
  });

  it("fails each bad object alone (not a checkpoint, truncated gzip, not JSON) and audits the rest", async () => {
    const good = checkpointText(project, "ok", cleanStack({ project, stack: "ok", seed: 9 }));
    const gz = gzipSync(good);
    await put("broken", `.pulumi/stacks/${project}/ok.json`, good);
    await put("broken", `.pulumi/stacks/${project}/truncated.json.gz`, gz.subarray(0, Math.floor(gz.length / 2)));
    await put("broken", `.pulumi/stacks/${project}/text.json`, "this is not JSON at all");
    await put("broken", `.pulumi/stacks/${project}/empty.json`, "");
    await put("broken", ".pulumi/meta.yaml", "version: 1\n"); // not state: not listed
    const r = await runAudit(await backendSources(url("broken"), { env: { ...process.env, ...CREDS } }));
    const by = (name: string): AuditReport["inputs"][number] | undefined => r.inputs.find((i) => i.input.endsWith(name));
    assert.equal(r.inputs.length, 4, JSON.stringify(r.inputs));
    assert.equal(by("ok.json")?.error, undefined);
    assert.ok((by("ok.json")?.resources ?? 0) > 0);
    assert.match(by("truncated.json.gz")?.error ?? "", /truncated|corrupt|unexpected end/i);
    assert.match(by("text.json")?.error ?? "", /not a Pulumi state file/);
    assert.ok(by("empty.json")?.error, "an empty object is an error, not a clean stack");
    assert.equal(r.summary.inputErrors, 3);
  });

  it("reports a bucket that does not exist, an empty prefix and wrong credentials as input errors", async () => {
    const env = { ...process.env, ...CREDS };
    const missing = await runAudit(await backendSources(url("no-such-bucket"), { env }));
    assert.equal(missing.inputs.length, 1);
    assert.match(missing.inputs[0].error ?? "", /bucket does not exist/);
    const empty = await runAudit(await backendSources(url("state", "/nothing/here"), { env }));
    assert.match(empty.inputs[0].error ?? "", /no Pulumi or Terraform state under s3:\/\/state\/nothing\/here\//);
    // A second moto that checks signatures: its first call (the bucket) is free, the audit's are checked.
    const authMoto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: "1" } });
    try {
      const c = new S3Client({
        region: "us-east-1",
        endpoint: authMoto.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      });
      await c.send(new CreateBucketCommand({ Bucket: "locked" }));
      c.destroy();
      const wrongSecret = "wrongSecretKeyValue1234567890abcdEFGH";
      const denied = await runAudit(
        await backendSources(`s3://locked?endpoint=${authMoto.endpoint}&use_path_style=true&region=us-east-1`, {
          env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIAWRONGWRONGWRONG1", AWS_SECRET_ACCESS_KEY: wrongSecret },
        }),
      );
      assert.match(denied.inputs[0].error ?? "", /access denied \((InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied)\)/);
      assert.ok(!JSON.stringify(denied).includes(wrongSecret));
    } finally {
      await authMoto.stop();
    }
  });

  it("reads ahead with bounded memory and concurrency", async () => {
    const stats: PrefetchStats = { peakHeldBytes: 0, peakInFlight: 0 };
    const sizes = fs
      .readdirSync(path.join(dir, "plain", ".pulumi", "stacks", project))
      .map((f) => fs.statSync(path.join(dir, "plain", ".pulumi", "stacks", project, f)).size);
    const maxBytes = Math.max(...sizes) * 3;
    const r = await runAudit(
      await backendSources(url("state", "/teams/a"), { env: { ...process.env, ...CREDS }, prefetch: { concurrency: 4, maxBytes }, stats }),
    );
    assert.equal(r.summary.inputErrors, 0);
    assert.ok(stats.peakInFlight >= 2, `read ahead: ${JSON.stringify(stats)}`);
    assert.ok(stats.peakInFlight <= 4 && stats.peakHeldBytes <= maxBytes, JSON.stringify(stats));
    // With no budget nothing is held: every object is streamed when the engine opens it, with the same result.
    const none: PrefetchStats = { peakHeldBytes: 0, peakInFlight: 0 };
    const streamed = await runAudit(
      await backendSources(url("state", "/teams/a"), { env: { ...process.env, ...CREDS }, prefetch: { concurrency: 4, maxBytes: 0 }, stats: none }),
    );
    assert.equal(none.peakInFlight, 0);
    assert.deepEqual(comparable(streamed), comparable(r));
  });

  it("CLI: s3:// URL mixed with a local file; JSON and SARIF; exit 1 listing the failure; no secret or credential printed", async () => {
    const secretKey = "s3cretAccessKeyForMoto-DoNotPrint-123";
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: secretKey };
    const cleanFile = path.join(dir, "clean.json");
    fs.writeFileSync(cleanFile, checkpointText(project, "dev", cleanStack({ project, stack: "dev", seed: 1 })));
    const cli = (args: string[]): { code: number; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", ...args], {
        env,
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const withSas = `${url("broken")}&sig=SAS-like-token-never-printed`;
    const bad = cli([withSas, "--format", "json"]);
    assert.equal(bad.code, 2, bad.stderr); // sig= is not an S3 parameter: a usage error, like the Pulumi CLI
    assert.ok(!bad.stderr.includes("SAS-like-token-never-printed"), bad.stderr);
    const r = cli([cleanFile, url("broken"), url("no-such-bucket"), "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as AuditReport;
    assert.ok(report.inputs.some((i) => i.input === cleanFile && i.error === undefined));
    assert.ok(report.inputs.some((i) => i.input.startsWith("s3://no-such-bucket?") && (i.error ?? "").includes("bucket does not exist")));
    assert.match(r.stderr, /could not be read/);
    assert.match(r.stderr, /truncated\.json\.gz/);
    const sarif = cli([url("state", "/teams/a"), "--format", "sarif"]);
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.ok(log.runs[0].results.length > 0);
    assert.ok(log.runs[0].results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri.startsWith("s3://state/teams/a/.pulumi/")));
    for (const out of [r.stdout, r.stderr, sarif.stdout, sarif.stderr]) {
      assert.ok(!out.includes(secretKey), "the AWS secret key is never printed");
    }
    // Mixed with resolveAllSources: local inputs and URLs keep their order.
    const mixed = await resolveAllSources({ paths: [cleanFile, url("gzipped")], env });
    assert.deepEqual(
      mixed.map((s) => s.label.slice(0, 5)),
      [cleanFile.slice(0, 5), "s3://"],
    );
  });
});
