/**
 * The checks of `migrate-terraform` and the command run in-process with fakes: Pulumi stacks that manage a
 * client already, clients Genesys does not know, the order (local checks before any API call), and the
 * guarantee that nothing is written when a check fails.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sinon from "sinon";
import { migrateTerraform } from "../../../cli/commands/migrate-terraform";
import { isGuardError } from "../../../core/errors";
import { OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import type { ManagedClients } from "../../../inventory/managed";
import { checkClientsExist, checkNotManaged, type ClientFinder } from "../../../terraform/migration-checks";
import { buildMigrationPlan } from "../../../terraform/migration-plan";
import { parseTerraformState } from "../../../terraform/read-state";
import { oauthClientResource, stateText, terraformState } from "../../support/fixtures/terraform-state";

const SECRET = "Kq3Vn8Lw2Pz5Xr7Tb4Hm9d";
const A = "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
const B = "1c8f3dae-2e3b-4d4c-8f9a-8b7c6d5e4f3a";

function stateFile(dir: string): string {
  const file = path.join(dir, "terraform.tfstate");
  fs.writeFileSync(
    file,
    stateText(
      terraformState([
        oauthClientResource("a", { id: A, name: "a", secret: SECRET, roles: [{ role_id: "r", division_id: "*" }] }),
        oauthClientResource("b", { id: B, name: "b", roles: [{ role_id: "r", division_id: "*" }] }),
      ]),
    ),
  );
  return file;
}

function finder(known: Record<string, string>): ClientFinder & { findClient: sinon.SinonSpy } {
  return {
    findClient: sinon.spy(async (id: string) => (known[id] !== undefined ? { id, name: known[id], authorizedGrantType: "CLIENT-CREDENTIALS" } : undefined)),
  };
}

describe("terraform: migration checks and the command with fakes", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-migrate-unit-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    sinon.restore();
  });

  const plan = () =>
    buildMigrationPlan(
      [
        {
          label: "t",
          state: parseTerraformState(
            stateText(
              terraformState([
                oauthClientResource("a", { id: A, name: "a", roles: [{ role_id: "r", division_id: "*" }] }),
                oauthClientResource("b", { id: B, name: "b", roles: [{ role_id: "r", division_id: "*" }] }),
              ]),
            ),
            "t",
          ),
        },
      ],
      { storeTemplate: "vault://s/{id}" },
    );

  it("checkNotManaged names the stack and the resource of every client already managed", () => {
    const managed: ManagedClients = { byClientId: new Map([[B, [{ stack: "payments/prod", urn: "urn:pulumi:prod::payments::x::b" }]]]), notes: [], inputs: 1 };
    assert.throws(
      () => checkNotManaged(plan().clients, managed),
      (e: unknown) =>
        isGuardError(e, "input.invalid") &&
        /genesyscloud_oauth_client\.b \(client 1c8f3dae-.*\) is already managed by Pulumi stack payments\/prod \(urn:pulumi:prod::payments::x::b\)/.test(
          e.message,
        ) &&
        !e.message.includes(A),
    );
    checkNotManaged(plan().clients, { byClientId: new Map(), notes: [], inputs: 1 });
  });

  it("checkClientsExist GETs every client, names every missing one, and notes drift", async () => {
    const missing = finder({ [A]: "a" });
    await assert.rejects(
      checkClientsExist(plan().clients, missing),
      (e: unknown) =>
        isGuardError(e, "genesys.not-found") && e.message.includes("this client does not exist in Genesys Cloud: genesyscloud_oauth_client.b (client 1c8f3dae"),
    );
    assert.deepEqual(
      missing.findClient.args.map((a) => a[0] as string),
      [A, B],
    );
    const notes = await checkClientsExist(plan().clients, finder({ [A]: "a", [B]: "renamed" }));
    assert.deepEqual(notes, [
      'genesyscloud_oauth_client.b: the client is named "renamed" in Genesys Cloud, "b" in Terraform state: the first pulumi up renames it to the program\'s name',
    ]);
  });

  it("the command: local checks before any API call; a failed check writes nothing; the output never holds the secret", async () => {
    const file = stateFile(dir);
    const pulumi = path.join(dir, "prod.json");
    fs.writeFileSync(
      pulumi,
      JSON.stringify({
        version: 3,
        deployment: { resources: [{ urn: `urn:pulumi:prod::payments::${OAUTH_CLIENT_TYPE}::b`, type: OAUTH_CLIENT_TYPE, id: B, outputs: { clientId: B } }] },
      }),
    );
    const genesys = finder({ [A]: "a", [B]: "b" });
    const out = path.join(dir, "clients.ts");
    const printed: string[] = [];
    const deps = { genesys: () => genesys, stdout: (t: string) => void printed.push(t), stderr: (t: string) => void printed.push(t), env: {} };
    await assert.rejects(
      migrateTerraform([file], { format: "ts", store: "vault://s/{id}", out, pulumiState: [pulumi] }, deps),
      /already managed by Pulumi stack payments\/prod/,
    );
    assert.equal(genesys.findClient.callCount, 0, "no API call before the local checks pass");
    assert.ok(!fs.existsSync(out));
    await assert.rejects(
      migrateTerraform([file], { format: "ts", store: "vault://s/{id}", out }, { ...deps, genesys: () => finder({ [A]: "a" }) }),
      /does not exist in Genesys Cloud/,
    );
    assert.ok(!fs.existsSync(out));
    const result = await migrateTerraform([file], { format: "ts", store: "vault://s/{id}", out }, deps);
    assert.equal(genesys.findClient.callCount, 2);
    assert.equal(fs.readFileSync(out, "utf8"), result.output);
    assert.match(result.output, new RegExp(`\\{ import: "${A}" \\}`));
    for (const text of [result.output, ...printed]) assert.ok(!text.includes(SECRET), "a secret was printed");
    await assert.rejects(
      migrateTerraform([file], { format: "ts", store: "vault://s/{id}", out }, deps),
      (e: unknown) => isGuardError(e, "cli.usage") && e.message.includes("exists: pass --force"),
    );
  });
});
