/**
 * The migration plan and the program written from it: one OAuthClient per client with the state's settings,
 * `{ import: id }`, store references from the template, `terraform state rm` commands; names that need
 * escaping stay inside their literals and comments (the program is parsed and type-checked against the real
 * OAuthClient with the TypeScript compiler); and no secret ever reaches the output.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";
import { isGuardError } from "../../../core/errors";
import { buildMigrationPlan, resourceNameOf, variableNameOf, type MigrationInput } from "../../../terraform/migration-plan";
import { renderPlanJson, renderProgram, tsString } from "../../../terraform/migration-program";
import { parseTerraformState } from "../../../terraform/read-state";
import {
  integrationCredentialResource,
  nullResource,
  oauthClientResource,
  stateText,
  terraformState,
  type TfResource,
} from "../../support/fixtures/terraform-state";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const SECRETS = ["Kq3Vn8Lw2Pz5Xr7Tb4Hm9d", "Wd7Rf2Gh5Jk8Lm3Np6Qs9t"];
/** Names a person could give a client, each trying to break out of a literal, a comment or a line. */
const NASTY = [
  'quote " and \\ backslash',
  "new\nline */ /* and // comment",
  "${template} `tick`",
  "line\u2028separator\u2029",
  "ünïcödé ✓",
  "'; process.exit(1); '",
];

function input(resources: TfResource[], label = "terraform.tfstate"): MigrationInput {
  return { label, state: parseTerraformState(stateText(terraformState(resources, { leaked: { value: SECRETS[0], type: "string", sensitive: true } })), label) };
}

function uuid(i: number): string {
  return `0000000${i}-1d2a-4c3b-9e8f-7a6b5c4d3e2f`;
}

/** Parse errors of a TypeScript text (syntax only). */
function syntaxErrors(text: string): string[] {
  const file = ts.createSourceFile("program.ts", text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** The string literals of every `new OAuthClient(...)`'s `name:` property, as the program means them. */
function clientNames(text: string): string[] {
  const file = ts.createSourceFile("program.ts", text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(file) === "name" && ts.isStringLiteral(node.initializer)) out.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe("terraform: migration plan and program", () => {
  it("one OAuthClient per client: settings from state, roles, import id, store from the template, state rm commands", () => {
    const plan = buildMigrationPlan(
      [
        input([
          oauthClientResource("ci", {
            id: uuid(1),
            name: "ci-pipeline",
            description: "CI",
            secret: SECRETS[0],
            roles: [
              { role_id: "role-1", division_id: "*" },
              { role_id: "role-2", division_id: "" },
            ],
            validity: 600,
          }),
          oauthClientResource(
            "portal",
            { id: uuid(2), name: "portal", grantType: "CODE", scopes: ["users:readonly"], redirectUris: ["https://app.example.com/cb"], state: "inactive" },
            { module: 'module.apps["eu"]', indexKey: "web" },
          ),
          nullResource("fetch", "1", { client_id: uuid(1) }),
        ]),
      ],
      { storeTemplate: "vault://secret/genesys/{name}" },
    );
    assert.deepEqual(
      plan.clients.map((c) => [c.address, c.resourceName, c.variable, c.clientId, c.secretStore, c.secretInState]),
      [
        ["genesyscloud_oauth_client.ci", "ci", "ci", uuid(1), "vault://secret/genesys/ci-pipeline", true],
        ['module.apps["eu"].genesyscloud_oauth_client.portal["web"]', "apps-eu-portal-web", "appsEuPortalWeb", uuid(2), "vault://secret/genesys/portal", false],
      ],
    );
    assert.deepEqual(plan.clients[0].args, {
      name: "ci-pipeline",
      description: "CI",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roles: [{ role: "role-1", division: "*" }, { role: "role-2" }],
      accessTokenValiditySeconds: 600,
      rotation: { every: "90d" },
    });
    assert.deepEqual(plan.clients[1].args, {
      name: "portal",
      authorizedGrantType: "CODE",
      scopes: ["users:readonly"],
      redirectUris: ["https://app.example.com/cb"],
      accessTokenValiditySeconds: 86400,
      state: "inactive",
      rotation: { every: "90d" },
    });
    assert.deepEqual(
      plan.terraformStateRm.map((r) => r.command),
      ["terraform state rm 'genesyscloud_oauth_client.ci'", `terraform state rm 'module.apps["eu"].genesyscloud_oauth_client.portal["web"]'`],
    );
    const program = renderProgram(plan);
    assert.deepEqual(syntaxErrors(program), []);
    assert.match(program, /const ci = new OAuthClient\("ci", \{[\s\S]*?\}, \{ import: "00000001-1d2a-4c3b-9e8f-7a6b5c4d3e2f" \}\);/);
    assert.match(program, /roles: \[\{ role: "role-1", division: "\*" \}, \{ role: "role-2" \}\],/);
    assert.match(
      program,
      /\/\/ \d\. pulumi up[^\n]*\n(\/\/[^\n]*\n)*\/\/ \d\. terraform state rm 'genesyscloud_oauth_client\.ci'/,
      "the steps: pulumi up before terraform state rm",
    );
    assert.match(program, /rotation: \{ every: "90d" \},/, "the pack's default rotation requirement is met");
    for (const secret of SECRETS) assert.ok(!program.includes(secret) && !renderPlanJson(plan).includes(secret));
  });

  it("names that need escaping stay inside their literals and comments; the program still parses and means the same names", () => {
    const resources = NASTY.map((name, i) => oauthClientResource(`c${i}`, { id: uuid(i), name, description: name, secret: SECRETS[i % 2] }));
    // A resource label with characters Terraform allows in for_each keys.
    resources.push(oauthClientResource("keyed", { id: uuid(9), name: "keyed" }, { indexKey: 'a"b\\c */ d' }));
    const plan = buildMigrationPlan([input(resources, "dir with 'quote'/terraform.tfstate")], { storeTemplate: "file://./.secrets/{id}" });
    const program = renderProgram(plan);
    assert.deepEqual(syntaxErrors(program), []);
    assert.deepEqual(clientNames(program), [...NASTY, "keyed"]);
    for (const line of program.split("\n"))
      assert.ok(line === "" || /^(\/\/ |import |const |export | {2}[a-zA-Z]+: |\}, \{ import: )/.test(line), `unexpected line: ${JSON.stringify(line)}`);
    assert.ok(!/[\u2028\u2029]/.test(program));
    const json = JSON.parse(renderPlanJson(plan)) as { clients: { args: { name: string } }[]; terraformStateRm: { command: string }[] };
    assert.deepEqual(
      json.clients.map((c) => c.args.name),
      [...NASTY, "keyed"],
    );
    assert.equal(json.terraformStateRm.at(-1)!.command, `terraform state rm 'genesyscloud_oauth_client.keyed["a\\"b\\\\c */ d"]'`);
    for (const secret of SECRETS) assert.ok(!program.includes(secret));
  });

  it("the program type-checks against the real OAuthClient (strict, noUnusedLocals)", function () {
    this.timeout(60_000);
    const plan = buildMigrationPlan(
      [
        input([
          oauthClientResource("ci", { id: uuid(1), name: "ci", roles: [{ role_id: "r", division_id: "*" }] }),
          oauthClientResource("web", { id: uuid(2), name: "web", grantType: "saml2bearer", scopes: ["users"], state: "Disabled" }),
        ]),
      ],
      { storeTemplate: "vault://secret/genesys/{id}" },
    );
    const text = renderProgram(plan);
    const file = path.join(repoRoot, "tests", "unit", "terraform", "__generated_program.ts");
    const host = ts.createCompilerHost({});
    const read = host.readFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === file ? text : read(f));
    const exists = host.fileExists.bind(host);
    host.fileExists = (f) => path.resolve(f) === file || exists(f);
    const program = ts.createProgram(
      [file],
      {
        strict: true,
        noUnusedLocals: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        baseUrl: repoRoot,
        paths: { "genesys-oauth-guard": ["lib.ts"] },
        types: ["node"],
        esModuleInterop: true,
      },
      host,
    );
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === file);
    assert.deepEqual(
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      [],
    );
  });

  it("settings OAuthClient would refuse, and copies of the secret Terraform made, become warnings", () => {
    const plan = buildMigrationPlan(
      [
        input([
          oauthClientResource("scim", {
            id: uuid(1),
            name: "scim",
            validity: 38_880_000,
            directoryClientSecret: "/var/secrets",
            integrationCredentialName: "scim-cred",
            roles: [{ role_id: "r", division_id: "*" }],
          }),
          integrationCredentialResource("cred", "cred-1", { clientId: uuid(1), clientSecret: SECRETS[1] }),
        ]),
      ],
      { storeTemplate: "vault://secret/genesys/{id}" },
    );
    const warnings = plan.clients[0].warnings.join("\n");
    assert.match(warnings, /OAuthClient will refuse accessTokenValiditySeconds/);
    assert.match(warnings, /directory_client_secret: .*"\/var\/secrets"/);
    assert.match(warnings, /integration credential "scim-cred"/);
    assert.match(warnings, /genesyscloud_integration_credential\.cred \(terraform\.tfstate\) holds this client's id and secret/);
    assert.match(renderProgram(plan), /\/\/ TODO: OAuthClient will refuse accessTokenValiditySeconds/);
    assert.ok(!renderPlanJson(plan).includes(SECRETS[1]));
  });

  it("refuses what cannot be migrated, each with a clear message", () => {
    const refuses = (inputs: MigrationInput[], template: string, message: RegExp, code = "input.invalid"): void => {
      assert.throws(
        () => buildMigrationPlan(inputs, { storeTemplate: template }),
        (e: unknown) => isGuardError(e) && e.code === code && message.test(e.message),
      );
    };
    refuses([input([nullResource("x", "1", { a: "b" })])], "vault://s/{id}", /nothing to migrate: terraform\.tfstate holds no Genesys resources at all/);
    refuses(
      [input([integrationCredentialResource("cred", "c", { clientId: "x", clientSecret: SECRETS[0] })])],
      "vault://s/{id}",
      /holds Genesys resources but no OAuth client \(1 genesyscloud_integration_credential\)/,
    );
    const two = [oauthClientResource("a", { id: uuid(1), name: "a" }), oauthClientResource("b", { id: uuid(2), name: "b" })];
    refuses([input(two)], "vault://secret/genesys/shared", /would give all 2 clients the same store record: put \{name\} or \{id\} in it/, "cli.usage");
    refuses(
      [input([oauthClientResource("a", { id: uuid(1), name: "same" }), oauthClientResource("b", { id: uuid(2), name: "same" })])],
      "vault://s/{name}",
      /would share the store record vault:\/\/s\/same: use \{id\}/,
      "cli.usage",
    );
    refuses([input([oauthClientResource("a", { id: uuid(1), name: "a/b" })])], "vault://s/{name}", /cannot stand for \{name\}/);
    refuses([input([oauthClientResource("a", { id: uuid(1), name: "a" })])], "vault://s/{id}?token=abc", /token/, "store.invalid-reference");
    refuses(
      [input([oauthClientResource("a", { id: uuid(1), name: "a" })]), input([oauthClientResource("b", { id: uuid(1), name: "a" })], "other.tfstate")],
      "vault://s/{id}",
      /client 00000001-.* is in two places/,
    );
    refuses([input([oauthClientResource("a", { id: "", name: "a" })])], "vault://s/{name}", /has no client id/);
  });

  it("a state and its backup give each client once", () => {
    const r = [oauthClientResource("a", { id: uuid(1), name: "a" })];
    const plan = buildMigrationPlan([input(r), input(r, "terraform.tfstate.backup")], { storeTemplate: "vault://s/{id}" });
    assert.equal(plan.clients.length, 1);
    assert.equal(plan.terraformStateRm.length, 1);
  });

  it("resource and variable names: from the address, unique, never a reserved word or a leading digit", () => {
    assert.equal(resourceNameOf("genesyscloud_oauth_client.ci"), "ci");
    assert.equal(resourceNameOf('module.a.module.b["x y"].genesyscloud_oauth_client.c[3]'), "a-b-x-y-c-3");
    assert.equal(variableNameOf("a-b-x-y-c-3"), "aBXYC3");
    assert.equal(variableNameOf("class"), "classClient");
    assert.equal(variableNameOf("3d"), "client3d");
    assert.equal(variableNameOf("OAuthClient"), "oAuthClient");
    const plan = buildMigrationPlan(
      [input([oauthClientResource("x", { id: uuid(1), name: "a" }, { indexKey: "1" }), oauthClientResource("x", { id: uuid(2), name: "b" }, { indexKey: 1 })])],
      { storeTemplate: "vault://s/{id}" },
    );
    assert.deepEqual(
      plan.clients.map((c) => [c.resourceName, c.variable]),
      [
        ["x-1", "x1"],
        ["x-1-2", "x12"],
      ],
    );
    assert.equal(tsString("a\u2028b"), '"a\\u2028b"');
  });

  it("rotation: 90 days by default (what the pack requires), another period, none, or a clear error for a non-duration", () => {
    const states = [input([oauthClientResource("ci", { id: uuid(1), name: "ci", roles: [{ role_id: "r", division_id: "*" }] })])];
    const every = (rotationEvery?: string): unknown =>
      buildMigrationPlan(states, { storeTemplate: "vault://secret/genesys/{id}", ...(rotationEvery ? { rotationEvery } : {}) }).clients[0].args.rotation;
    assert.deepEqual(every(), { every: "90d" });
    assert.deepEqual(every("P30D"), { every: "P30D" });
    assert.equal(every("none"), undefined);
    assert.doesNotMatch(renderProgram(buildMigrationPlan(states, { storeTemplate: "vault://secret/genesys/{id}", rotationEvery: "none" })), /rotation:/);
    assert.throws(
      () => every("monthly"),
      (e: unknown) => isGuardError(e, "cli.usage") && (e as Error).message.includes('--rotation-every "monthly" is not a duration'),
    );
  });
});
