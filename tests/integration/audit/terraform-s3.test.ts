/**
 * Terraform state in an S3 bucket, as Terraform's s3 backend writes it (`<key>` for the default workspace,
 * `env:/<workspace>/<key>` for the others), audited from the real moto server next to a Pulumi DIY backend in
 * the same bucket: Terraform objects are found by name and by content (a backend key can be any name), the
 * findings equal those of the same files on disk, and the CLI prints neither a secret nor a credential.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runAudit, resolveSources, type AuditReport } from "../../../audit";
import { backendSources } from "../../../audit/backends";
import { checkpointText, cleanStack, writeBackend } from "../../support/fixtures/state-builder";
import { nullResource, oauthClientResource, showJson, stateText, terraformState } from "../../support/fixtures/terraform-state";
import { type MotoServer, requireBinary, startMoto } from "../../support/moto";
import { repoRoot } from "../../support/pulumi";

const CREDS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
const SECRET = "Mv4Qz8Tc2Lw6Ry9Bn3Kd7f";
const STAGING_SECRET = "Pf6Hj1Vx9Cq4Ze7Ws2Ab5n";

function leaky(secret: string, id: string) {
  return terraformState(
    [
      oauthClientResource("ci", { id, name: "ci", secret, roles: [{ role_id: "r", division_id: "*" }] }),
      nullResource("hook", "1", { url: `https://hooks.example.com/?s=${Buffer.from(secret).toString("hex")}` }),
    ],
    { ci_secret: { value: secret, type: "string", sensitive: true } },
  );
}

/** Findings without the input label, sorted: comparable between files and objects. */
function comparable(report: AuditReport): string[] {
  return report.findings.map((f) => JSON.stringify([f.rule, f.urn, f.path, f.evidence, f.line])).sort();
}

describe("audit: Terraform state in an S3 bucket (moto)", function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let s3: S3Client;
  let dir: string;
  const url = (bucket: string, extra = ""): string => `s3://${bucket}${extra}?endpoint=${moto.endpoint}&s3ForcePathStyle=true&region=us-east-1`;
  const put = (bucket: string, key: string, body: string): Promise<unknown> => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  before(async function () {
    requireBinary(this, "moto_server");
    moto = await startMoto();
    s3 = new S3Client({
      region: "us-east-1",
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-tf-s3-"));
    await s3.send(new CreateBucketCommand({ Bucket: "tf-state" }));
    await s3.send(new CreateBucketCommand({ Bucket: "pulumi-only" }));
    // Terraform's s3 backend: key "genesys/terraform.tfstate", workspace "staging" under env:/, and a key with no
    // extension holding `terraform show -json` output; a lock file and unrelated objects beside them.
    await put("tf-state", "genesys/terraform.tfstate", stateText(leaky(SECRET, "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f")));
    await put("tf-state", "env:/staging/genesys/terraform.tfstate", stateText(leaky(STAGING_SECRET, "1c8f3dae-2e3b-4d4c-8f9a-8b7c6d5e4f3a")));
    await put("tf-state", "exports/genesys-show", JSON.stringify(showJson(leaky(SECRET, "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"))));
    await put(
      "tf-state",
      "genesys/terraform.tfstate.tflock",
      JSON.stringify({ ID: "a", Operation: "OperationTypeApply", Who: "ci@runner", Version: "1.9.8", Path: "tf/genesys/terraform.tfstate" }),
    );
    await put("tf-state", "docs/readme.json", JSON.stringify({ title: "not state" }));
    await put("tf-state", "network/terraform.tfstate", stateText(terraformState([nullResource("vpc", "1", { cidr: "10.0.0.0/16" })])));
    // A Pulumi backend in the same bucket.
    const backend = path.join(dir, "pulumi");
    writeBackend(backend, "genesys-clients", [
      { stack: "dev", current: checkpointText("genesys-clients", "dev", cleanStack({ project: "genesys-clients", stack: "dev", seed: 1 })) },
    ]);
    await put(
      "tf-state",
      ".pulumi/stacks/genesys-clients/dev.json",
      fs.readFileSync(path.join(backend, ".pulumi", "stacks", "genesys-clients", "dev.json"), "utf8"),
    );
    await put(
      "pulumi-only",
      ".pulumi/stacks/genesys-clients/dev.json",
      fs.readFileSync(path.join(backend, ".pulumi", "stacks", "genesys-clients", "dev.json"), "utf8"),
    );
    // The same Terraform files on disk.
    fs.mkdirSync(path.join(dir, "local"));
    fs.writeFileSync(path.join(dir, "local", "default.tfstate"), stateText(leaky(SECRET, "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f")));
    fs.writeFileSync(path.join(dir, "local", "staging.tfstate"), stateText(leaky(STAGING_SECRET, "1c8f3dae-2e3b-4d4c-8f9a-8b7c6d5e4f3a")));
  });
  after(async () => {
    s3?.destroy();
    await moto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists Pulumi objects, then Terraform state by name and by content (workspaces included); lock files and other JSON are left out", async () => {
    const sources = await backendSources(url("tf-state"), { env: { ...process.env, ...CREDS } });
    assert.deepEqual(
      sources.map((s) => [s.label.replace(/\?.*$/, ""), s.kind]),
      [
        ["s3://tf-state/.pulumi/stacks/genesys-clients/dev.json", "checkpoint"],
        ["s3://tf-state/env:/staging/genesys/terraform.tfstate", "terraform"],
        ["s3://tf-state/exports/genesys-show", "terraform"],
        ["s3://tf-state/genesys/terraform.tfstate", "terraform"],
        ["s3://tf-state/network/terraform.tfstate", "terraform"],
      ],
    );
    const pulumiOnly = await backendSources(url("pulumi-only"), { env: { ...process.env, ...CREDS } });
    assert.deepEqual(
      pulumiOnly.map((s) => s.kind),
      ["checkpoint"],
    );
  });

  it("finds the same as the same files on disk, by address; the state without Genesys resources is said to have none", async () => {
    const remote = await runAudit(await backendSources(url("tf-state"), { env: { ...process.env, ...CREDS } }));
    assert.equal(remote.summary.inputErrors, 0);
    const byInput = (key: string) => ({ ...remote, findings: remote.findings.filter((f) => f.input.replace(/\?.*$/, "") === `s3://tf-state/${key}`) });
    const local = (file: string) => runAudit(resolveSources({ paths: [path.join(dir, "local", file)] }));
    assert.deepEqual(comparable(byInput("genesys/terraform.tfstate")), comparable(await local("default.tfstate")));
    assert.deepEqual(comparable(byInput("env:/staging/genesys/terraform.tfstate")), comparable(await local("staging.tfstate")));
    const rules = byInput("genesys/terraform.tfstate")
      .findings.map((f) => `${f.urn} ${f.path} ${f.rule}`)
      .sort();
    assert.deepEqual(rules, [
      "genesyscloud_oauth_client.ci attributes.client_secret genesys-secret-key-plaintext",
      "genesyscloud_oauth_client.ci attributes.expose_client_secret genesys-exposed-secret-setting",
      "null_resource.hook attributes.triggers.url genesys-stored-secret-match",
      "output.ci_secret outputs.ci_secret genesys-secret-cross-reference",
    ]);
    assert.ok(byInput("exports/genesys-show").findings.length >= 4);
    assert.equal(remote.findings.filter((f) => f.input.includes(".pulumi/")).length, 0);
    assert.equal(remote.inputs.find((i) => i.input.startsWith("s3://tf-state/network/"))?.terraform?.genesysResources, 0);
  });

  it("the CLI: exit 1, the table names the addresses and the state without Genesys resources; no secret, no credential printed", () => {
    const secretKey = "moto-secret-key-never-printed";
    const r = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", url("tf-state"), "--no-allowlist"], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: secretKey },
      encoding: "utf8",
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /genesyscloud_oauth_client\.ci +attributes\.client_secret/);
    assert.match(r.stdout, /Terraform state s3:\/\/tf-state\/network\/terraform\.tfstate has no Genesys resources/);
    for (const text of [r.stdout, r.stderr]) {
      for (const s of [SECRET, STAGING_SECRET, Buffer.from(SECRET).toString("hex"), secretKey]) assert.ok(!text.includes(s));
    }
    const empty = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", url("tf-state", "/nothing-here")], {
      env: { ...process.env, ...CREDS },
      encoding: "utf8",
    });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no Pulumi or Terraform state under s3:\/\/tf-state\/nothing-here\//);
  });
});
