/**
 * `genesys-oauth-guard migrate-terraform` as a user runs it: the real command in a child process, a Terraform
 * state written as Terraform writes it for clients the emulator knows, the official-API checks against the
 * emulator. The program adopts each client with its id; every bad input is a clear message with nothing
 * written; nothing is changed in Genesys (the secret in Terraform state still works afterwards); no secret is
 * ever printed or written.
 */
import { strict as assert } from "assert";
import { CliRun, runCli } from "../../support/cli";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { oauthClientResource, nullResource, showJson, stateText, terraformState } from "../../support/fixtures/terraform-state";

const ADMIN = { id: "migrate-admin", secret: "migrate-admin-secret-00001" };
const MISSING = "00000000-0000-4000-8000-00000000dead";

type Run = CliRun;

describe("cli migrate-terraform", function () {
  this.timeout(120_000);
  let emu: RunningEmulator;
  let admin: GenesysClient;
  let dir: string;
  const secrets: string[] = [ADMIN.secret];
  const ids: Record<string, string> = {};

  const run = (args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> =>
    runCli(["migrate-terraform", ...args], {
      cwd: dir,
      env: options.env ?? {
        PATH: process.env.PATH,
        GENESYS_CLOUD_CLIENT_ID: ADMIN.id,
        GENESYS_CLOUD_CLIENT_SECRET: ADMIN.secret,
        GENESYS_CLOUD_API_URL: emu.baseUrl,
      },
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    });

  const assertNoSecret = (r: Run): void => {
    for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), "a secret was printed");
  };

  before(async () => {
    emu = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl }, {}));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-migrate-tf-"));
    const roles = new Map((await admin.listRoles()).map((r) => [r.name, r.id]));
    const home = (await admin.getHomeDivision()).id;
    const ci = await admin.createClient({
      name: "Terraform-Managed-CI-Client",
      description: "OAuth client for CI/CD pipelines",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: roles.get("Developer")!, divisionId: home }],
      accessTokenValiditySeconds: 600,
    });
    const portal = await admin.createClient({
      name: 'portal "eu" & web',
      authorizedGrantType: "CODE",
      scope: ["users:readonly"],
      registeredRedirectUri: ["https://app.example.com/cb"],
    });
    const managed = await admin.createClient({
      name: "already-in-pulumi",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: roles.get("Developer")!, divisionId: "*" }],
    });
    secrets.push(ci.secret, portal.secret, managed.secret);
    Object.assign(ids, { ci: ci.id, portal: portal.id, managed: managed.id });

    // The tutorial's state: the CI client with expose_client_secret (its secret in state) and a trigger copying it.
    const tf = terraformState(
      [
        oauthClientResource("ci_service_account", {
          id: ci.id,
          name: "Terraform-Managed-CI-Client",
          description: "OAuth client for CI/CD pipelines",
          secret: ci.secret,
          validity: 600,
          roles: [{ role_id: roles.get("Developer")!, division_id: home }],
        }),
        oauthClientResource(
          "portal",
          { id: portal.id, name: 'portal "eu" & web', grantType: "CODE", scopes: ["users:readonly"], redirectUris: ["https://app.example.com/cb"] },
          { module: "module.apps", indexKey: "eu" },
        ),
        nullResource("fetch_secret", "5577006791947779410", { client_id: ci.id, secret: ci.secret }),
      ],
      { ci_secret: { value: ci.secret, type: "string", sensitive: true } },
    );
    fs.writeFileSync(path.join(dir, "terraform.tfstate"), stateText(tf));
    fs.writeFileSync(path.join(dir, "show.json"), JSON.stringify(showJson(tf)));
    fs.writeFileSync(
      path.join(dir, "missing.tfstate"),
      stateText(terraformState([oauthClientResource("gone", { id: MISSING, name: "gone", roles: [{ role_id: "r", division_id: "*" }] })])),
    );
    fs.writeFileSync(
      path.join(dir, "managed.tfstate"),
      stateText(terraformState([oauthClientResource("twice", { id: managed.id, name: "already-in-pulumi", roles: [{ role_id: "r", division_id: "*" }] })])),
    );
    fs.writeFileSync(path.join(dir, "network.tfstate"), stateText(terraformState([nullResource("vpc", "1", { cidr: "10.0.0.0/16" })])));
    fs.writeFileSync(path.join(dir, "old.tfstate"), JSON.stringify({ ...tf, version: 3 }));
    // A Pulumi stack that already manages one client.
    const urn = `urn:pulumi:prod::payments::${OAUTH_CLIENT_TYPE}::already-in-pulumi`;
    fs.writeFileSync(
      path.join(dir, "prod.json"),
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: {},
          resources: [{ urn, type: OAUTH_CLIENT_TYPE, id: managed.id, custom: true, inputs: {}, outputs: { clientId: managed.id, name: "already-in-pulumi" } }],
        },
      }),
    );
  });
  after(async () => {
    await emu?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the program adopting every client (settings, roles, import id, store), checked in Genesys; changes nothing", async () => {
    const before = await admin.getClient(ids.ci);
    const r = await run(["terraform.tfstate", "--store", "vault://secret/genesys/{id}", "--pulumi-state", "prod.json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\/\/ Generated by genesys-oauth-guard migrate-terraform from terraform\.tfstate\./);
    assert.match(
      r.stdout,
      new RegExp(
        `const ciServiceAccount = new OAuthClient\\("ci_service_account", \\{\\n  name: "Terraform-Managed-CI-Client",\\n  description: "OAuth client for CI/CD pipelines",\\n  authorizedGrantType: "CLIENT-CREDENTIALS",\\n  roles: \\[\\{ role: "[^"]+", division: "[^"]+" \\}\\],\\n  accessTokenValiditySeconds: 600,\\n  secretStore: "vault://secret/genesys/${ids.ci}",\\n  rotation: \\{ every: "90d" \\},\\n\\}, \\{ import: "${ids.ci}" \\}\\);`,
      ),
    );
    assert.match(
      r.stdout,
      new RegExp(
        `const appsPortalEu = new OAuthClient\\("apps-portal-eu", \\{\\n  name: "portal \\\\"eu\\\\" & web",\\n  authorizedGrantType: "CODE",\\n  scopes: \\["users:readonly"\\],\\n  redirectUris: \\["https://app.example.com/cb"\\],`,
      ),
    );
    assert.match(r.stdout, /\/\/ \d\. terraform state rm 'module\.apps\.genesyscloud_oauth_client\.portal\["eu"\]'/);
    assert.match(r.stderr, /Genesys Cloud: checked: all 2 client\(s\) exist/);
    assert.match(r.stderr, /Pulumi stacks: checked against 1 Pulumi state input\(s\)/);
    assertNoSecret(r);
    // Nothing changed: the client is as it was, and the secret in Terraform state still gets a token.
    const after = await admin.getClient(ids.ci);
    assert.equal(after.dateModified, before.dateModified);
    assert.equal((await admin.verifyCredentials(ids.ci, secrets[1])).ok, true);
  });

  it("--out writes the program (summary on stdout), refuses to overwrite without --force; --format json for pipelines; - reads stdin; show -json works too", async () => {
    const first = await run(["terraform.tfstate", "--store", "file://./.secrets/{name}", "--out", "clients.ts", "--offline"]);
    assert.equal(first.code, 0, first.stderr);
    const program = fs.readFileSync(path.join(dir, "clients.ts"), "utf8");
    assert.match(program, /secretStore: "file:\/\/\.\/\.secrets\/portal%20%22eu%22%20%26%20web"/);
    assert.match(first.stdout, /TERRAFORM ADDRESS +CLIENT ID +NAME/);
    assert.match(first.stdout, /genesyscloud_oauth_client\.ci_service_account .* yes \(leaked\)/);
    assert.match(first.stdout, /Next steps:\n {2}1\. Add clients\.ts to your Pulumi project/);
    assert.match(first.stderr, /--offline: not checked that the clients exist/);
    const again = await run(["terraform.tfstate", "--store", "file://./.secrets/{id}", "--out", "clients.ts", "--offline"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /clients\.ts exists: pass --force/);
    assert.equal(fs.readFileSync(path.join(dir, "clients.ts"), "utf8"), program, "not overwritten");
    const forced = await run(["terraform.tfstate", "--store", "file://./.secrets/{id}", "--out", "clients.ts", "--offline", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(fs.readFileSync(path.join(dir, "clients.ts"), "utf8"), new RegExp(`file://\\./\\.secrets/${ids.ci}`));

    const json = await run(["show.json", "--store", "vault://secret/genesys/{id}", "--format", "json"]);
    assert.equal(json.code, 0, json.stderr);
    const plan = JSON.parse(json.stdout) as {
      clients: { address: string; clientId: string; secretInState: boolean }[];
      terraformStateRm: { command: string }[];
      checks: { genesys: string };
      program: string;
    };
    assert.deepEqual(
      plan.clients.map((c) => [c.address, c.clientId, c.secretInState]),
      [
        ["genesyscloud_oauth_client.ci_service_account", ids.ci, true],
        ['module.apps.genesyscloud_oauth_client.portal["eu"]', ids.portal, false],
      ],
    );
    assert.match(plan.checks.genesys, /^checked/);
    assert.match(plan.program, /import \{ OAuthClient \} from "genesys-oauth-guard";/);
    const piped = await run(["-", "--store", "vault://secret/genesys/{id}", "--offline", "--no-progress"], {
      stdin: fs.readFileSync(path.join(dir, "terraform.tfstate"), "utf8"),
    });
    assert.equal(piped.code, 0, piped.stderr);
    assert.match(piped.stdout, /from standard input\./);
    for (const r of [first, again, forced, json, piped]) assertNoSecret(r);
    for (const s of secrets) assert.ok(!program.includes(s));
  });

  it("bad input: a client Genesys does not know, one a Pulumi stack manages, no OAuth client, another format version — each a clear message, nothing written", async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ["missing.tfstate"],
        1,
        new RegExp(`(this client does|these clients do) not exist in Genesys Cloud: genesyscloud_oauth_client\\.gone \\(client ${MISSING}\\)`),
      ],
      [
        ["managed.tfstate", "--pulumi-state", "prod.json"],
        1,
        /genesyscloud_oauth_client\.twice \(client [^)]+\) is already managed by Pulumi stack payments\/prod \(urn:pulumi:prod::payments::.*already-in-pulumi\)/,
      ],
      [["network.tfstate"], 1, /nothing to migrate: network\.tfstate holds no Genesys resources at all/],
      [["old.tfstate"], 1, /old\.tfstate: Terraform state format version 3 is not supported .*only format version 4/],
      [["terraform.tfstate", "--store", "vault://secret/genesys/shared"], 2, /would give all 2 clients the same store record/],
      [["terraform.tfstate", "--pulumi-state", "nowhere.json"], 2, /no such file or directory: nowhere\.json/],
    ];
    for (const [args, code, message] of cases) {
      const out = path.join(dir, "never.ts");
      const r = await run([...args, ...(args.includes("--store") ? [] : ["--store", "vault://secret/genesys/{id}"]), "--out", "never.ts"]);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "");
      assert.ok(!fs.existsSync(out), `${args.join(" ")} wrote ${out}`);
      assertNoSecret(r);
    }
    // --offline skips the Genesys check, and says so.
    const offline = await run(["missing.tfstate", "--store", "vault://secret/genesys/{id}", "--offline"]);
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, new RegExp(`import: "${MISSING}"`));
    // Without credentials: the missing ones named, and --offline offered.
    const bare = await run(["terraform.tfstate", "--store", "vault://secret/genesys/{id}"], { env: { PATH: process.env.PATH } });
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /credentials are missing.*--offline/s);
    const noStore = await run(["terraform.tfstate"], { env: { PATH: process.env.PATH } });
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /Pass --store <reference> with \{name\} or \{id\}/);
  });

  it("--help answers with the checks, the formats and examples", async () => {
    const r = await run(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: genesys-oauth-guard migrate-terraform \[options\] <state\.\.\.>/);
    assert.match(r.stdout, /--pulumi-state <input>/);
    assert.match(r.stdout, /Examples:\n {2}terraform state pull > tf-state\.json/);
  });
});
