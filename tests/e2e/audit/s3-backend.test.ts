/**
 * The audit of an S3 backend the real Pulumi CLI wrote: `pulumi up` then `pulumi destroy` of a clean stack
 * with PULUMI_BACKEND_URL=s3://…?endpoint=<moto>&s3ForcePathStyle=true, audited from the bucket (nothing
 * found), then a leaky stack in the same bucket (found, in its checkpoint and history), sharded and merged.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { type MotoServer, requireBinary, startMoto } from "../../support/moto";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../support/pulumi";

interface JsonReport {
  findings: { rule: string; stack: string; urn: string; path: string; input: string }[];
  inputs: { input: string; kind: string; stack?: string; error?: string }[];
}

describe("e2e: audit of an S3 backend written by the real Pulumi CLI (moto)", function () {
  this.timeout(600_000);
  let moto: MotoServer;
  let ws: PulumiWorkspace;
  let backendUrl = "";
  const awsSecret = "motoSecretAccessKey-never-printed-42";
  const configSecret = "Jf3Pw8QxZr5LnK2vYb7Tgm";
  const capturedSecret = "Rk7Vq2XzLp9WmN4bTc6Hsd";
  const outputSecret = "Mb6Xn2QzRw8KpL4tVc9Hjf";

  const audit = (args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", ...args], {
      cwd: ws.root,
      env: ws.env(),
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    ws.transcript.push(`$ audit ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const noSecrets = (text: string): void => {
    for (const s of [awsSecret, configSecret, capturedSecret, outputSecret]) assert.ok(!text.includes(s), "a secret or credential was printed");
  };

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    requireBinary(this, "moto_server");
    moto = await startMoto();
    const s3 = new S3Client({
      region: "us-east-1",
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: awsSecret },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "pulumi-state" }));
    s3.destroy();
    backendUrl = `s3://pulumi-state?endpoint=${moto.endpoint}&s3ForcePathStyle=true&region=us-east-1`;
    ws = new PulumiWorkspace("audit-target", path.join(repoRoot, "tests", "e2e", "audit", "programs"));
    ws.extraEnv = { PULUMI_BACKEND_URL: backendUrl, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: awsSecret, AWS_REGION: "us-east-1" };
  });
  after(async () => {
    ws?.dispose();
    await moto?.stop();
  });

  it("the Pulumi CLI writes its state to the bucket: up, then destroy; the audit reads it and finds nothing", async () => {
    await ws.initStack("clean");
    await ws.ok(["up", "--yes", "--skip-preview"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    // The state is in the bucket, not in the workspace's local backend directory.
    assert.deepEqual(fs.readdirSync(ws.backendDir), []);
    const s3 = new S3Client({
      region: "us-east-1",
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: awsSecret },
    });
    const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: "pulumi-state" }))).Contents ?? []).map((o) => o.Key ?? "");
    s3.destroy();
    assert.ok(keys.includes(".pulumi/stacks/audit-target/clean.json"), keys.join("\n"));
    assert.ok(
      keys.some((k) => k.startsWith(".pulumi/history/audit-target/clean/")),
      keys.join("\n"),
    );

    const r = audit([backendUrl, "--format", "json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.findings.length, 0);
    assert.ok(report.inputs.length >= 3 && report.inputs.every((i) => i.error === undefined), JSON.stringify(report.inputs));
    assert.ok(report.inputs.some((i) => i.kind === "history") && report.inputs.every((i) => i.stack === "audit-target/clean"));
    noSecrets(r.stdout + r.stderr);
  });

  it("finds a leak the engine wrote to the bucket (checkpoint and history), sharded and merged alike", async () => {
    await ws.initStack("leaky");
    await ws.ok(["config", "set", "mode", "leaky"]);
    await ws.ok(["config", "set", "--secret", "capturedSecret", capturedSecret]);
    await ws.ok(["config", "set", "--secret", "outputSecret", outputSecret]);
    await ws.ok(["config", "set", "--plaintext", "genesysClientSecret", configSecret]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const r = audit([backendUrl, "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(
      report.inputs.every((i) => i.error === undefined),
      JSON.stringify(report.inputs),
    );
    const leak = report.findings.filter((f) => f.rule === "genesys-provider-captured-credential" && f.path === "inputs.__provider");
    assert.ok(
      leak.some((f) => f.input === "s3://pulumi-state/.pulumi/stacks/audit-target/leaky.json"),
      JSON.stringify(report.findings.map((f) => [f.rule, f.input])),
    );
    assert.ok(leak.some((f) => f.input.startsWith("s3://pulumi-state/.pulumi/history/audit-target/leaky/")));
    assert.ok(report.findings.some((f) => f.rule === "genesys-secret-key-plaintext" && f.path.includes("genesysClientSecret")));
    assert.ok(
      report.findings.every((f) => f.stack === "audit-target/leaky"),
      "nothing in the clean stack",
    );
    noSecrets(r.stdout + r.stderr);

    // Two shards: every file of a stack in one shard; merged, the same findings as the single run.
    const files = [1, 2].map((i) => path.join(ws.root, `shard-${i}.json`));
    const shardStacks: string[][] = [];
    for (const [i, file] of files.entries()) {
      const s = audit([backendUrl, "--shard", `${i + 1}/2`, "--format", "json", "--output", file]);
      assert.ok(s.code === 0 || s.code === 1, s.stderr);
      shardStacks.push([...new Set((JSON.parse(fs.readFileSync(file, "utf8")) as JsonReport).inputs.map((x) => x.stack ?? "?"))]);
    }
    assert.equal(shardStacks.flat().length, 2, `each stack in exactly one shard: ${JSON.stringify(shardStacks)}`);
    const merged = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", "merge", ...files, "--format", "json"], {
      encoding: "utf8",
    });
    assert.equal(merged.status, 1, merged.stderr);
    const m = JSON.parse(merged.stdout) as JsonReport;
    const key = (f: JsonReport["findings"][number]): string => JSON.stringify(f);
    assert.deepEqual(m.findings.map(key).sort(), report.findings.map(key).sort());
    assert.equal(m.inputs.length, report.inputs.length);
  });
});
