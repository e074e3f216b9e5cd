/**
 * The "Coming from Terraform" journey end to end, as the README tells it, with the real Pulumi CLI:
 *
 *   a Terraform state (written as Terraform writes it) holding a client the emulator knows and its secret
 *   → `audit` finds the secret (exit 1, address and attribute, never the value)
 *   → `migrate-terraform --out genesys-clients.ts` writes the program (nothing changed in Genesys)
 *   → `pulumi preview` / `pulumi up` with the policy pack adopt the client (same id, no new client)
 *   → the Terraform-state secret gets 401, the stored one a token; `verify` agrees
 *   → the audit of the Pulumi state (with store reads) and of the Terraform state after `terraform state rm`
 *     are clean (exit 0); nothing the run wrote or printed holds either secret.
 */
import { strict as assert } from "assert";
import { CliRun, runCli } from "../../support/cli";
import * as fs from "fs";
import * as path from "path";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import { packDir } from "../../support/policy-packs";
import type { PulumiWorkspace } from "../../support/pulumi";
import { oauthClientResource, nullResource, stateText, terraformState } from "../../support/fixtures/terraform-state";
import { Emulator, EmulatorWorkspace, leakForms, requireE2eTools, startEmulatorWorkspace, tokenStatus } from "../providers/helpers";

describe("e2e: coming from Terraform — audit, migrate-terraform, adopt with pulumi up, audit again", function () {
  this.timeout(900_000);
  let env: EmulatorWorkspace;
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let admin: GenesysClient;
  let adminId = "";
  let adminSecret = "";
  let clientId = "";
  let terraformSecret = "";
  let tfStateFile = "";
  const printed: string[] = [];

  /** The package's CLI in a child process, with the admin credentials and the workspace's Pulumi settings. */
  async function cli(args: string[], cwd: string): Promise<CliRun> {
    const run = await runCli(args, { cwd, env: ws.env() });
    printed.push(run.stdout, run.stderr);
    return run;
  }

  before(async function () {
    requireE2eTools(this);
    env = await startEmulatorWorkspace("migrated");
    ({ emulator, ws, adminId, adminSecret } = env);
    admin = new GenesysClient(
      resolveGenesysSettings({ clientId: adminId, clientSecret: adminSecret, apiBaseUrl: emulator.baseUrl, loginBaseUrl: emulator.baseUrl }, {}),
    );
    // What the tutorial's Terraform made: a CI client with expose_client_secret, and a trigger copying the secret.
    const developer = (await admin.listRoles()).find((r) => r.name === "Developer");
    assert.ok(developer, "the emulator seeds a Developer role");
    const home = await admin.getHomeDivision();
    const created = await admin.createClient({
      name: "Terraform-Managed-CI-Client",
      description: "OAuth client for CI/CD pipelines",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: developer.id, divisionId: home.id }],
      accessTokenValiditySeconds: 3600,
    });
    clientId = created.id;
    terraformSecret = created.secret;

    tfStateFile = path.join(ws.root, "tf-state.json");
    const state = terraformState(
      [
        oauthClientResource("ci_service_account", {
          id: clientId,
          name: "Terraform-Managed-CI-Client",
          description: "OAuth client for CI/CD pipelines",
          secret: terraformSecret,
          validity: 3600,
          roles: [{ role_id: developer.id, division_id: home.id }],
        }),
        nullResource("fetch_secret", "5577006791947779410", { client_id: clientId, secret_b64: Buffer.from(terraformSecret).toString("base64") }),
      ],
      { client_secret: { value: terraformSecret, type: "string", sensitive: true } },
    );
    fs.writeFileSync(tfStateFile, stateText(state));
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 200, "the Terraform secret works before the migration");
    await ws.initStack("dev");
  });

  after(async () => {
    await env?.dispose();
  });

  it("1. audit finds the secret in the Terraform state and its copies, by address and attribute", async () => {
    const run = await cli(["audit", tfStateFile, "--format", "json"], ws.root);
    assert.equal(run.code, 1, `findings exit 1:\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as { findings: { urn: string; path: string; rule: string }[] };
    const where = report.findings.map((f) => `${f.urn} ${f.path}`);
    assert.ok(where.includes("genesyscloud_oauth_client.ci_service_account attributes.client_secret"), where.join("\n"));
    assert.ok(where.includes("null_resource.fetch_secret attributes.triggers.secret_b64"), "the base64 copy in a trigger");
    assert.ok(
      where.some((w) => w.startsWith("output.client_secret")),
      "the sensitive output",
    );
  });

  it("2. migrate-terraform writes the program that adopts the client, and changes nothing", async () => {
    const before = await admin.getClient(clientId);
    const run = await cli(
      ["migrate-terraform", tfStateFile, "--store", "file://./.secrets/{name}", "--pulumi-state", ws.backendDir, "--out", "genesys-clients.ts"],
      ws.programDir,
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const program = fs.readFileSync(path.join(ws.programDir, "genesys-clients.ts"), "utf8");
    assert.match(
      program,
      new RegExp(
        `new OAuthClient\\("[^"]+", \\{[\\s\\S]*secretStore: "file://\\./\\.secrets/Terraform-Managed-CI-Client",[\\s\\S]*\\}, \\{ import: "${clientId}" \\}\\);`,
      ),
    );
    assert.match(program, /terraform state rm 'genesyscloud_oauth_client\.ci_service_account'/);
    assert.equal((await admin.getClient(clientId)).dateModified, before.dateModified, "Genesys unchanged");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 200, "the Terraform secret still works");
  });

  it("3. pulumi preview and up with the policy pack adopt it: same client, the Terraform secret dead, the stored one working", async () => {
    const preview = await ws.ok(["preview", "--suppress-outputs", "--policy-pack", packDir]);
    assert.match(preview.stdout.replace(/\s+/g, " "), new RegExp(`adopting the existing OAuth client ${clientId}`));
    await ws.ok(["up", "--yes", "--suppress-outputs", "--policy-pack", packDir]);
    const live = (await admin.listClients()).filter((c) => c.id !== adminId).map((c) => c.id);
    assert.deepEqual(live, [clientId], "no new client in Genesys");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 401, "the secret in Terraform state is dead");
    const stored = await openStore("file://./.secrets/Terraform-Managed-CI-Client", { cwd: ws.programDir }).read();
    assert.ok(stored, "the store holds the new secret");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, stored.record.clientSecret), 200, "the stored secret gets a token");
    const verify = await cli(["verify", "--stack", "dev"], ws.programDir);
    assert.equal(verify.code, 0, `verify:\n${verify.stdout}\n${verify.stderr}`);
    const noChanges = await ws.ok(["preview", "--expect-no-changes", "--suppress-outputs", "--policy-pack", packDir]);
    assert.doesNotMatch(noChanges.stdout, /replace/);
  });

  it("4. the audits after the hand-over are clean: the Pulumi state (stores read) and the Terraform state without the client", async () => {
    const pulumiAudit = await cli(["audit", "--stack", "dev"], ws.programDir);
    assert.equal(pulumiAudit.code, 0, `Pulumi state:\n${pulumiAudit.stdout}\n${pulumiAudit.stderr}`);
    // `terraform state rm` and the removed blocks/outputs, as `terraform state pull` then shows the state.
    const after = path.join(ws.root, "tf-state-after.json");
    fs.writeFileSync(after, stateText(terraformState([], {}, { serial: 9 })));
    const tfAudit = await cli(["audit", after], ws.root);
    assert.equal(tfAudit.code, 0, `Terraform state:\n${tfAudit.stdout}\n${tfAudit.stderr}`);
  });

  it("5. migrating the same client again is refused: the error names the stack that manages it, nothing is written", async () => {
    const run = await cli(
      ["migrate-terraform", tfStateFile, "--store", "file://./.secrets/{name}", "--pulumi-state", ws.backendDir, "--out", "again.ts"],
      ws.programDir,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /goag-e2e-migrated\/dev/, `names the stack:\n${run.stderr}`);
    assert.ok(!fs.existsSync(path.join(ws.programDir, "again.ts")), "nothing written");
  });

  it("6. nothing the run wrote or printed holds a secret (the Terraform one aside from its own state file)", async () => {
    const stored = await openStore("file://./.secrets/Terraform-Managed-CI-Client", { cwd: ws.programDir }).read();
    assert.ok(stored);
    const secrets = [adminSecret, terraformSecret, stored.record.clientSecret];
    const texts = [
      ...printed,
      ...ws.transcript,
      ...ws.backendFiles().map((f) => f.text),
      fs.readFileSync(path.join(ws.programDir, "genesys-clients.ts"), "utf8"),
    ];
    for (const secret of secrets) {
      for (const form of leakForms(secret, clientId)) {
        assert.ok(!texts.some((t) => t.includes(form)), "a secret (or an encoding of it) in CLI output, backend files or the generated program");
      }
    }
  });
});
