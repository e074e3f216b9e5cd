/**
 * The audit of Terraform state: a state file, `terraform show -json`, a directory of them (by name and by
 * content), with the same rules, known-secret matching in every encoding, formats and exit codes as for Pulumi
 * state. Findings name the Terraform address and the attribute path, never the value.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sinon from "sinon";
import { formatJson, formatReport, formatSarif, formatTable, resolveSources, runAudit, type AuditReport } from "../../../audit";
import { main } from "../../../cli/main";
import { base64, hex, percentEveryByte, reverse, utf8Bytes } from "../../../detection/encodings";
import { exportText, cleanStack } from "../../support/fixtures/state-builder";
import {
  integrationCredentialResource,
  nullResource,
  oauthClientResource,
  showJson,
  stateText,
  terraformDataResource,
  terraformState,
  type TfResource,
  type TfState,
} from "../../support/fixtures/terraform-state";

const SECRET = "Kq3Vn8Lw2Pz5Xr7Tb4Hm9d";
const CRED_SECRET = "Wd7Rf2Gh5Jk8Lm3Np6Qs9t";
const CLIENT_ID = "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";

/** The tutorial's state, plus every place a copy of the secret ends up in real configurations. */
function leakyState(): TfState {
  return terraformState(
    [
      oauthClientResource(
        "ci_service_account",
        { id: CLIENT_ID, name: "Terraform-Managed-CI-Client", secret: SECRET, roles: [{ role_id: "role-1", division_id: "*" }] },
        { module: "module.genesys" },
      ),
      integrationCredentialResource("ci_cred", "cred-1", { clientId: CLIENT_ID, clientSecret: CRED_SECRET }),
      nullResource("fetch_secret", "5577006791947779410", {
        client_id: CLIENT_ID,
        // Encoded copies: hex, reversed, every byte percent-encoded inside a URL, base64 inside a command.
        secret_hex: hex(utf8Bytes(SECRET)),
        secret_reversed: reverse(SECRET),
        callback: `https://ci.example.com/hook?c=${percentEveryByte(utf8Bytes(`${CLIENT_ID}:${SECRET}`))}`,
        command: `echo ${base64(utf8Bytes(`${SECRET}\n`), false, true)} | base64 -d > secrets.txt`,
      }),
      terraformDataResource("env", "f4c1", `CLIENT_SECRET=${SECRET}`),
    ],
    {
      ci_secret: { value: SECRET, type: "string", sensitive: true },
      client_id: { value: CLIENT_ID, type: "string" },
    },
  );
}

function paths(report: AuditReport): string[] {
  return report.findings.map((f) => `${f.urn} ${f.path} ${f.rule}`).sort();
}

function assertNoSecret(text: string): void {
  for (const s of [SECRET, CRED_SECRET, hex(utf8Bytes(SECRET)), reverse(SECRET)]) assert.ok(!text.includes(s), "a secret was printed");
}

describe("audit: Terraform state", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-audit-tf-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => sinon.restore());

  const expected = [
    "module.genesys.genesyscloud_oauth_client.ci_service_account attributes.client_secret genesys-secret-key-plaintext",
    "module.genesys.genesyscloud_oauth_client.ci_service_account attributes.expose_client_secret genesys-exposed-secret-setting",
    "genesyscloud_integration_credential.ci_cred attributes.fields.clientSecret genesys-secret-key-plaintext",
    "null_resource.fetch_secret attributes.triggers.secret_hex genesys-stored-secret-match",
    "null_resource.fetch_secret attributes.triggers.secret_reversed genesys-stored-secret-match",
    "null_resource.fetch_secret attributes.triggers.callback genesys-stored-secret-match",
    "null_resource.fetch_secret attributes.triggers.command genesys-stored-secret-match",
    "terraform_data.env attributes.input.value genesys-secret-cross-reference",
    "terraform_data.env attributes.output.value genesys-secret-cross-reference",
    "output.ci_secret outputs.ci_secret genesys-secret-cross-reference",
  ].sort();

  for (const shape of ["state file", "terraform show -json"] as const) {
    it(`finds the secret, its copies in every encoding, and sensitive values, in a ${shape}, by address and attribute path`, async () => {
      const file = path.join(dir, shape === "state file" ? "terraform.tfstate" : "show.json");
      fs.writeFileSync(file, shape === "state file" ? stateText(leakyState()) : JSON.stringify(showJson(leakyState())));
      const report = await runAudit(resolveSources({ paths: [file] }));
      assert.deepEqual(paths(report), expected);
      assert.equal(report.summary.inputErrors, 0);
      assert.equal(report.inputs[0].kind, "terraform");
      assert.deepEqual(report.inputs[0].terraform, {
        shape: shape === "state file" ? "state" : "show-json",
        formatVersion: shape === "state file" ? "4" : "1.0",
        terraformVersion: "1.9.8",
        genesysResources: 2,
      });
      const byPath = (p: string) => report.findings.find((f) => f.path === p)!;
      assert.match(
        byPath("attributes.triggers.secret_hex").evidence,
        /^hex \(lower case\) of the secret stored at module\.genesys\.genesyscloud_oauth_client\.ci_service_account\.client_secret in Terraform state$/,
      );
      assert.match(byPath("attributes.triggers.callback").evidence, /percent-encoding .* of the clientId:secret pair/);
      assert.match(byPath("outputs.ci_secret").evidence, /marked sensitive in Terraform: hidden in its output, plain text in the state file/);
      assert.match(byPath("attributes.client_secret").evidence, /marked sensitive in Terraform/);
      for (const format of ["table", "json", "sarif"] as const) assertNoSecret(formatReport(report, format));
      if (shape === "state file") assert.ok(report.findings.every((f) => typeof f.line === "number" || f.urn.startsWith("output.")));
    });
  }

  it("gives a finding the same fingerprint in both shapes (an allowlist works for either)", async () => {
    fs.writeFileSync(path.join(dir, "a.tfstate"), stateText(leakyState()));
    fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify(showJson(leakyState())));
    const a = await runAudit(resolveSources({ paths: [path.join(dir, "a.tfstate")] }));
    const b = await runAudit(resolveSources({ paths: [path.join(dir, "b.json")] }));
    assert.deepEqual(a.findings.map((f) => f.fingerprint).sort(), b.findings.map((f) => f.fingerprint).sort());
  });

  it("a Terraform secret is found in Pulumi state audited in the same run (and the Pulumi state alone stays clean)", async () => {
    const resources = cleanStack({ seed: 3 });
    // Half of the secret: too short for any shape rule, so only the Terraform secret tells it apart.
    resources.push({
      urn: "urn:pulumi:dev::genesys-clients::command:local:Command::notify",
      custom: true,
      type: "command:local:Command",
      inputs: { create: `curl -H 'X-Token: ${SECRET.slice(0, 12)}' https://hooks.example.com` },
      outputs: {},
    });
    const exportFile = path.join(dir, "pulumi.json");
    fs.writeFileSync(exportFile, exportText(resources));
    const tf = path.join(dir, "mixed.tfstate");
    fs.writeFileSync(tf, stateText(leakyState()));
    assert.deepEqual((await runAudit(resolveSources({ paths: [exportFile] }))).findings, []);
    const report = await runAudit(resolveSources({ paths: [exportFile, tf] }));
    const hit = report.findings.find((f) => f.input === exportFile);
    assert.ok(hit, paths(report).join("\n"));
    assert.equal(hit.rule, "genesys-stored-secret-match");
    assert.match(
      hit.evidence,
      /11-character fragment of the secret stored at module\.genesys\.genesyscloud_oauth_client\.ci_service_account\.client_secret in Terraform state/,
    );
  });

  it("a clean state of common resources (Genesys client without exposed secret, AWS, random_id, roles) gives no finding", async () => {
    const aws = 'provider["registry.terraform.io/hashicorp/aws"]';
    const r = (type: string, name: string, attributes: Record<string, unknown>, provider = aws): TfResource => ({
      mode: "managed",
      type,
      name,
      provider,
      instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
    });
    const file = path.join(dir, "clean-mixed.tfstate");
    fs.writeFileSync(
      file,
      stateText(
        terraformState(
          [
            oauthClientResource("ci", { id: CLIENT_ID, name: "ci", roles: [{ role_id: "5e1b7a9c-3d2f-4e8a-9b1c-7d6e5f4a3b2c", division_id: "*" }] }),
            r("aws_s3_bucket", "state", {
              arn: "arn:aws:s3:::my-tf-state-bucket",
              bucket: "my-tf-state-bucket",
              hosted_zone_id: "Z3AQBSTGFYJSTF",
              id: "my-tf-state-bucket",
              tags: { Name: "state" },
            }),
            r("aws_instance", "web", {
              ami: "ami-0c55b159cbfafe1f0",
              id: "i-0abcd1234efgh5678",
              subnet_id: "subnet-0a1b2c3d4e5f67890",
              vpc_security_group_ids: ["sg-0123456789abcdef0"],
              user_data: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
            }),
            r("aws_iam_role", "ci", {
              arn: "arn:aws:iam::123456789012:role/ci",
              assume_role_policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
              }),
              unique_id: "AROA3XFRBF535PLBIFPI4",
            }),
            // 16 random bytes, base64url: 22 characters shaped like a secret, random by design (exempt as @pulumi/random's RandomId).
            r(
              "random_id",
              "suffix",
              { b64_std: "q7ZQ3m9JkW2vX8p1Lr4TnA==", b64_url: "q7ZQ3m9JkW2vX8p1Lr4TnA", byte_length: 16, hex: "abb650de6f4991", id: "q7ZQ3m9JkW2vX8p1Lr4TnA" },
              'provider["registry.terraform.io/hashicorp/random"]',
            ),
          ],
          { bucket: { value: "my-tf-state-bucket", type: "string" } },
        ),
      ),
    );
    const report = await runAudit(resolveSources({ paths: [file] }));
    assert.deepEqual(paths(report), []);
    assert.equal(report.inputs[0].terraform?.genesysResources, 1);
  });

  it("a state without Genesys resources is audited all the same, and the table says it holds none", async () => {
    const file = path.join(dir, "network.tfstate");
    fs.writeFileSync(file, stateText(terraformState([nullResource("deploy", "1", { cmd: `deploy --client-secret ${SECRET}` })])));
    const report = await runAudit(resolveSources({ paths: [file] }));
    assert.deepEqual(report.inputs[0].terraform?.genesysResources, 0);
    assert.deepEqual(paths(report), ["null_resource.deploy attributes.triggers.cmd genesys-secret-in-text"]);
    assert.match(formatTable(report), /Terraform state .*network\.tfstate has no Genesys resources/);
    fs.writeFileSync(file, stateText(terraformState([nullResource("deploy", "1", { cmd: "make deploy" })])));
    const clean = await runAudit(resolveSources({ paths: [file] }));
    assert.match(formatTable(clean), /^No findings\.\nTerraform state .*network\.tfstate has no Genesys resources/);
    assert.equal((JSON.parse(formatJson(clean)) as { inputs: { terraform: { genesysResources: number } }[] }).inputs[0].terraform.genesysResources, 0);
  });

  it("a state of another format version is an input error naming the version found and the one supported, with nothing half-read", async () => {
    const file = path.join(dir, "old.tfstate");
    fs.writeFileSync(file, JSON.stringify({ ...leakyState(), version: 3 }));
    const show = path.join(dir, "show2.json");
    fs.writeFileSync(show, JSON.stringify({ ...showJson(leakyState()), format_version: "2.0" }));
    const report = await runAudit(resolveSources({ paths: [file, show] }));
    assert.deepEqual(report.findings, []);
    assert.match(report.inputs[0].error!, /^Terraform state format version 3 is not supported \(written by Terraform 1\.9\.8\): only format version 4/);
    assert.match(report.inputs[1].error!, /format_version 2\.0 is not supported.*only 1\.x/);
    const sarif = JSON.parse(formatSarif(report)) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications.length, 2);
  });

  it("a directory: *.tfstate, backups, local workspaces and Terraform *.json by content; other JSON and hidden folders left alone", async () => {
    const root = path.join(dir, "tree");
    fs.mkdirSync(path.join(root, "terraform.tfstate.d", "staging"), { recursive: true });
    fs.mkdirSync(path.join(root, ".terraform"), { recursive: true });
    fs.writeFileSync(path.join(root, "terraform.tfstate"), stateText(terraformState([nullResource("x", "1", { a: "b" })])));
    fs.writeFileSync(path.join(root, "terraform.tfstate.backup"), stateText(leakyState()));
    fs.writeFileSync(path.join(root, "terraform.tfstate.d", "staging", "terraform.tfstate"), stateText(leakyState()));
    fs.writeFileSync(path.join(root, "pulled.json"), JSON.stringify(showJson(leakyState())));
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "x", version: "1.0.0" }));
    // .terraform/terraform.tfstate is Terraform's backend configuration (format 3): not state to audit.
    fs.writeFileSync(path.join(root, ".terraform", "terraform.tfstate"), JSON.stringify({ version: 3, serial: 1, lineage: "x", backend: { type: "s3" } }));
    const sources = resolveSources({ paths: [root] });
    assert.deepEqual(
      sources.map((s) => path.relative(root, s.label)),
      ["pulled.json", "terraform.tfstate", "terraform.tfstate.backup", path.join("terraform.tfstate.d", "staging", "terraform.tfstate")],
    );
    const report = await runAudit(sources);
    assert.equal(report.summary.inputErrors, 0);
    assert.equal(new Set(report.findings.map((f) => f.input)).size, 3);
    fs.mkdirSync(path.join(root, "empty"));
    assert.throws(() => resolveSources({ paths: [path.join(root, "empty")] }), /neither a state file nor a directory holding state/);
  });

  it("the CLI: exit 1 with findings, 0 when clean, 2 when nothing could be read; JSON names the address, never the value", async () => {
    const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const out = sinon.stub(process.stdout, "write").returns(true);
      const err = sinon.stub(process.stderr, "write").returns(true);
      try {
        const code = await main(["node", "genesys-oauth-guard", "audit", "--no-progress", "--no-allowlist", ...args]);
        return { code, out: out.args.map((a) => String(a[0])).join(""), err: err.args.map((a) => String(a[0])).join("") };
      } finally {
        sinon.restore();
        process.exitCode = undefined;
      }
    };
    const leaky = path.join(dir, "cli.tfstate");
    fs.writeFileSync(leaky, stateText(leakyState()));
    const clean = path.join(dir, "clean.tfstate");
    fs.writeFileSync(clean, stateText(terraformState([oauthClientResource("ok", { id: CLIENT_ID, name: "ok" })])));
    const old = path.join(dir, "cli-old.tfstate");
    fs.writeFileSync(old, JSON.stringify({ ...leakyState(), version: 2 }));
    const found = await run([leaky, "--format", "json"]);
    assert.equal(found.code, 1);
    const json = JSON.parse(found.out) as { findings: { urn: string; path: string }[] };
    assert.ok(json.findings.some((f) => f.urn === "module.genesys.genesyscloud_oauth_client.ci_service_account" && f.path === "attributes.client_secret"));
    assertNoSecret(found.out + found.err);
    assert.equal((await run([clean])).code, 0);
    const unreadable = await run([old]);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.err, /format version 2 is not supported/);
  });
});
