/** Reading Terraform state: the state file (= `terraform state pull`), `terraform show -json`, and the format check. */
import { strict as assert } from "assert";
import { isGuardError } from "../../../core/errors";
import { checkTerraformFormat, isTerraformStateName, looksLikeTerraformState } from "../../../terraform/format";
import { oauthClientOf, secretsOf } from "../../../terraform/genesys-resources";
import { parseTerraformState } from "../../../terraform/read-state";
import type { TerraformState } from "../../../terraform/types";
import {
  integrationCredentialResource,
  nullResource,
  oauthClientResource,
  showJson,
  stateText,
  terraformState,
  type TfResource,
} from "../../support/fixtures/terraform-state";

const SECRET = "Kq3Vn8Lw2Pz5Xr7Tb4Hm9d";
const CRED_SECRET = "Wd7Rf2Gh5Jk8Lm3Np6Qs9t";

function fixture(): ReturnType<typeof terraformState> {
  const resources: TfResource[] = [
    oauthClientResource("ci", {
      id: "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
      name: "ci-pipeline",
      secret: SECRET,
      roles: [{ role_id: "role-1", division_id: "*" }],
    }),
    oauthClientResource(
      "portal",
      {
        id: "1c8f3dae-2e3b-4d4c-8f9a-8b7c6d5e4f3a",
        name: "portal",
        grantType: "CODE",
        scopes: ["users:readonly"],
        redirectUris: ["https://app.example.com/cb"],
      },
      { module: 'module.apps["eu"]', indexKey: "web" },
    ),
    oauthClientResource("batch", { id: "2d9a4ebf-3f4c-4e5d-9a0b-9c8d7e6f5a4b", name: "batch" }, { indexKey: 0 }),
    integrationCredentialResource("cred", "cred-1", { clientId: "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f", clientSecret: CRED_SECRET }),
    nullResource("fetch", "4711", { command: "python3 regenerate_secret.py > secrets.txt" }),
    {
      mode: "data",
      type: "genesyscloud_auth_division_home",
      name: "home",
      provider: "x",
      instances: [{ schema_version: 0, attributes: { id: "home-div", name: "Home" }, sensitive_attributes: [] }],
    },
  ];
  return terraformState(resources, { admin_secret: { value: SECRET, type: "string", sensitive: true }, plain: { value: "hello", type: "string" } });
}

function addresses(state: TerraformState): string[] {
  return state.instances.map((i) => i.address);
}

describe("terraform: reading state", () => {
  const expected = [
    "genesyscloud_oauth_client.ci",
    'module.apps["eu"].genesyscloud_oauth_client.portal["web"]',
    "genesyscloud_oauth_client.batch[0]",
    "genesyscloud_integration_credential.cred",
    "null_resource.fetch",
    "data.genesyscloud_auth_division_home.home",
  ];

  it("reads a state file (format version 4, as terraform state pull prints it too): addresses, attributes, sensitive names, outputs", () => {
    const state = parseTerraformState(stateText(fixture()), "terraform.tfstate");
    assert.equal(state.shape, "state");
    assert.equal(state.formatVersion, "4");
    assert.equal(state.terraformVersion, "1.9.8");
    assert.equal(state.serial, 7);
    assert.ok(state.lineage);
    assert.deepEqual(addresses(state), expected);
    const ci = state.instances[0];
    assert.deepEqual(ci.sensitive, ["client_secret"]);
    assert.equal(ci.attributes.client_secret, SECRET);
    assert.equal(state.instances[1].module, 'module.apps["eu"]');
    assert.equal(state.instances[1].indexKey, "web");
    assert.deepEqual(
      state.outputs.map((o) => [o.name, o.sensitive]),
      [
        ["admin_secret", true],
        ["plain", false],
      ],
    );
  });

  it("reads terraform show -json (values.root_module with child_modules, sensitive_values) to the same instances", () => {
    const fromState = parseTerraformState(stateText(fixture()), "a");
    const state = parseTerraformState(JSON.stringify(showJson(fixture())), "show.json");
    assert.equal(state.shape, "show-json");
    assert.equal(state.formatVersion, "1.0");
    assert.deepEqual(new Set(addresses(state)), new Set(expected));
    for (const inst of state.instances) {
      const same = fromState.instances.find((i) => i.address === inst.address)!;
      assert.deepEqual(inst.attributes, same.attributes, inst.address);
      assert.equal(inst.module, same.module, inst.address);
      assert.equal(inst.type, same.type);
      assert.equal(inst.mode, same.mode);
    }
    assert.deepEqual(state.instances.find((i) => i.address === "genesyscloud_oauth_client.ci")!.sensitive, ["client_secret"]);
    assert.deepEqual(
      state.outputs.map((o) => [o.name, o.sensitive, o.value]),
      [
        ["admin_secret", true, SECRET],
        ["plain", false, "hello"],
      ],
    );
  });

  it("names a deposed object as Terraform shows it", () => {
    const doc = fixture();
    doc.resources[0].instances.push({ ...doc.resources[0].instances[0], deposed: "00000001" });
    const state = parseTerraformState(stateText(doc), "x");
    assert.ok(addresses(state).includes("genesyscloud_oauth_client.ci (deposed 00000001)"));
    // A deposed object is on its way out: never a client to adopt.
    assert.equal(state.instances.filter((i) => oauthClientOf(i)?.clientId === "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f").length, 1);
  });

  it("refuses other format versions, naming the version found and the one supported", () => {
    const cases: [unknown, RegExp][] = [
      [{ ...fixture(), version: 3 }, /format version 3 is not supported .*Terraform 1\.9\.8.*only format version 4/],
      [{ ...fixture(), version: 5 }, /format version 5 is not supported.*only format version 4/],
      [{ ...showJson(fixture()), format_version: "2.0" }, /format_version 2\.0 is not supported.*only 1\.x/],
      [(({ version: _v, ...rest }) => rest)(fixture()), /without a format version: only format version 4/],
    ];
    for (const [doc, message] of cases) {
      assert.throws(
        () => parseTerraformState(JSON.stringify(doc), "old.tfstate"),
        (e: unknown) => isGuardError(e, "input.invalid") && message.test(e.message) && e.message.startsWith("old.tfstate: "),
      );
    }
    assert.throws(
      () => parseTerraformState(JSON.stringify({ version: 3, deployment: { resources: [] } }), "p.json"),
      /p\.json is not Terraform state \(it is Pulumi state\)/,
    );
    assert.throws(() => parseTerraformState("{not json", "x"), /x is not JSON/);
    assert.equal(checkTerraformFormat({ formatVersion: "1.2" }), "1.2");
  });

  it("recognises Terraform state by name and by its first bytes", () => {
    for (const name of ["terraform.tfstate", "terraform.tfstate.backup", "env:/dev/net/terraform.tfstate", "net/terraform.tfstateenv:dev", "default.tfstate"])
      assert.ok(isTerraformStateName(name), name);
    for (const name of ["state.json", "terraform.tfstate.lock.info", "main.tf", "x.tflock"]) assert.ok(!isTerraformStateName(name), name);
    assert.ok(looksLikeTerraformState(stateText(fixture())));
    assert.ok(looksLikeTerraformState(JSON.stringify(showJson(fixture()))));
    assert.ok(!looksLikeTerraformState(JSON.stringify({ version: 3, deployment: { resources: [] } })));
    assert.ok(!looksLikeTerraformState('{"ID":"lock","Operation":"OperationTypeApply","Version":"1.9.8"}'));
  });

  it("takes the OAuth client settings without the secret, and the secrets as known secrets naming their place", () => {
    const state = parseTerraformState(stateText(fixture()), "x");
    const ci = oauthClientOf(state.instances[0])!;
    assert.deepEqual(
      { ...ci },
      {
        address: "genesyscloud_oauth_client.ci",
        clientId: "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
        name: "ci-pipeline",
        description: "",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        accessTokenValiditySeconds: 86400,
        redirectUris: [],
        scopes: [],
        roles: [{ roleId: "role-1", divisionId: "*" }],
        state: "active",
        exposeClientSecret: true,
        secretInState: true,
      },
    );
    assert.ok(!JSON.stringify(ci).includes(SECRET));
    const secrets = state.instances.flatMap(secretsOf);
    assert.deepEqual(
      secrets.map((s) => [s.source, s.value === SECRET || s.value === CRED_SECRET, s.clientId]),
      [
        ["genesyscloud_oauth_client.ci.client_secret in Terraform state", true, "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"],
        ["genesyscloud_integration_credential.cred.fields.clientSecret in Terraform state", true, "0b7f2c9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"],
      ],
    );
    assert.equal(oauthClientOf(state.instances[2])!.secretInState, false);
  });
});
