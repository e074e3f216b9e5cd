/**
 * End to end with the real Pulumi CLI: `pulumi import genesys-oauth-guard:index:OAuthClient` through the package's
 * native provider plugin (found through Pulumi.yaml `plugins: providers:`, no download).
 *
 * A client is created directly in the emulator — its secret known to the test, as a Terraform state holds it — with
 * settings that differ from the program's. Then: importing an id that does not exist fails and records nothing;
 * `pulumi import` records the client (its settings; no secret, no store) without a validation warning; the plugin's
 * schema tells code generation to import the native class from `genesys-oauth-guard/native`; `pulumi preview --diff` of a program declaring that class shows an update (the
 * settings in place, the secret regenerated into the store), never a replace, and changes nothing; `pulumi up`
 * adopts the same client: the old secret gets 401, the stored one a token; `pulumi preview --expect-no-changes`;
 * the CLI finds the plugin on PATH too; the engine's `import` resource option on the class imports and adopts in one
 * up (another stack, another client); nothing the run wrote or printed holds any of the secrets.
 */
import { strict as assert } from "assert";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { GenesysClient } from "../../../genesys";
import { openStore } from "../../../stores";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../../domain/native-types";
import { runCli } from "../../support/cli";
import type { PulumiWorkspace } from "../../support/pulumi";
import {
  adminClient,
  createTerraformClient,
  Emulator,
  emulatorStats,
  EmulatorWorkspace,
  leakForms,
  requireE2eTools,
  startEmulatorWorkspace,
  tokenStatus,
  writeCalls,
} from "./helpers";

interface ExportedResource {
  type: string;
  id?: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("e2e: pulumi import genesys-oauth-guard:index:OAuthClient (native provider plugin) with the real Pulumi CLI", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/imported";
  let env: EmulatorWorkspace;
  let adminId = "";
  let adminSecret = "";
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let admin: GenesysClient;
  let clientId = "";
  /** The secret the client had before the import (Terraform state held it). */
  let oldSecret = "";
  /** The secret the first up stored. */
  let storedSecret = "";
  /** The second client's secrets (the import resource option's test), before and after. */
  let secondOldSecret = "";
  let secondStoredSecret = "";

  before(async function () {
    requireE2eTools(this);
    env = await startEmulatorWorkspace("native-import");
    ({ emulator, ws, adminId, adminSecret } = env);
    admin = adminClient(env);
    const created = await createTerraformClient(admin, "tf-app");
    clientId = created.id;
    oldSecret = created.secret;
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, oldSecret), 200, "the old secret works before the import");
    await ws.initStack("native");
    await ws.ok(["config", "set", "--plaintext", "secretStore", reference]);
    // The plugin gets the Genesys URLs from stack config, not the environment: the engine's Configure reaches it.
    delete ws.extraEnv.GENESYS_CLOUD_API_URL;
    delete ws.extraEnv.GENESYS_CLOUD_LOGIN_URL;
    await ws.ok(["config", "set", "genesys-oauth-guard:apiUrl", emulator.baseUrl]);
  });

  after(async () => {
    await env?.dispose();
  });

  async function liveClients(): Promise<string[]> {
    return (await admin.listClients())
      .filter((c) => c.id !== adminId)
      .map((c) => c.id)
      .sort();
  }

  async function resources(): Promise<ExportedResource[]> {
    const exported = JSON.parse((await ws.ok(["stack", "export"])).stdout) as { deployment: { resources?: ExportedResource[] } };
    return exported.deployment.resources ?? [];
  }

  function text(result: { stdout: string; stderr: string }): string {
    return (result.stdout + result.stderr).replace(/\s+/g, " ");
  }

  it("importing an id that does not exist fails with the adoption's message and records nothing", async () => {
    const missing = randomUUID();
    const result = await ws.run(["import", NATIVE_OAUTH_CLIENT_TYPE, "ghost", missing, "--yes", "--generate-code=false"]);
    assert.notEqual(result.code, 0, "the import fails");
    assert.match(text(result), new RegExp(`There is no OAuth client ${missing} in this Genesys Cloud organisation`), result.stdout.slice(-2000));
    assert.ok(!(await resources()).some((r) => r.type === NATIVE_OAUTH_CLIENT_TYPE), "nothing in state");
  });

  it("pulumi import records the client (its settings; no store, nothing about a secret) without a validation warning", async () => {
    const before = await emulatorStats(emulator.baseUrl);
    // --generate-code=false: the Node.js language host built here (v3.68.0, see README) has no GenerateProgram; the
    // schema the code would be generated from is checked in the next test.
    const result = await ws.ok(["import", NATIVE_OAUTH_CLIENT_TYPE, "app", clientId, "--yes", "--generate-code=false"]);
    assert.match(result.stdout, /OAuthClient\s+app\s+imported/, result.stdout);
    assert.doesNotMatch(text(result), /warning|failed to validate/i, "the settings the import read validate");
    const imported = (await resources()).find((r) => r.type === NATIVE_OAUTH_CLIENT_TYPE);
    assert.ok(imported, "the client is in state");
    assert.equal(imported.id, clientId);
    assert.deepEqual(
      imported.inputs,
      {
        name: "tf-app",
        description: "Managed by Terraform",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roles: [{ role: "Employee" }],
        scopes: [],
        redirectUris: [],
        accessTokenValiditySeconds: 86400,
        state: "active",
      },
      "the live settings as a program declares them (roles by name, home division implied)",
    );
    assert.equal(imported.outputs?.secretStore, undefined, "no store yet");
    assert.equal(imported.outputs?.secretMarker, undefined, "nothing about a secret");
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "the import wrote nothing to Genesys");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, oldSecret), 200, "the old secret still works after the import");
  });

  it("the plugin's schema names the type and tells code generation to import genesys-oauth-guard/native", async () => {
    const plugin = path.join(ws.programDir, "node_modules", "genesys-oauth-guard", "bin", "pulumi-resource-genesys-oauth-guard");
    const schema = JSON.parse((await ws.ok(["package", "get-schema", plugin])).stdout) as {
      name: string;
      resources: Record<string, { requiredInputs: string[]; properties: Record<string, { secret?: boolean }> }>;
      language: { nodejs: { packageName: string } };
    };
    assert.equal(schema.name, "genesys-oauth-guard");
    assert.equal(schema.language.nodejs.packageName, "genesys-oauth-guard/native");
    const resource = schema.resources[NATIVE_OAUTH_CLIENT_TYPE];
    assert.ok(resource, "the resource is in the schema");
    assert.ok(resource.requiredInputs.includes("secretStore"));
    assert.equal(resource.properties.clientSecret.secret, true, "the opt-in secret output is marked secret");
  });

  it("pulumi preview --diff of the native class shows an update (settings in place, secret regenerated into the store), not a replace", async () => {
    const before = await emulatorStats(emulator.baseUrl);
    const preview = await ws.ok(["preview", "--diff"]);
    const out = text(preview);
    assert.match(out, new RegExp(`~ ${NATIVE_OAUTH_CLIENT_TYPE}: \\(update\\)`), preview.stdout);
    assert.doesNotMatch(out, /replace/, "never a replace");
    assert.match(
      out,
      /onFirstUp\s*: "new secret into file:\/\/\.\/\.secrets\/imported, verified; the current one \(imported, so treated as leaked\) stops working"/,
    );
    assert.match(out, /"description: \\"Managed by Terraform\\" → \\"e2e app service account\\""/);
    assert.match(out, /"roles: \[Employee \(home division\)\] → \[Developer \(home division\)\]"/);
    assert.match(out, /"accessTokenValiditySeconds: 86400 → 3600"/);
    assert.match(
      out,
      /adopting the imported OAuth client "tf-app": pulumi up updates description, roles, accessTokenValiditySeconds in place \(pulumi preview --diff lists the values\), then regenerates its secret straight into file:\/\/\.\/\.secrets\/imported and verifies it: the current secret must be treated as leaked and stops working/,
      "the provider's warning",
    );
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "the preview wrote nothing");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, oldSecret), 200, "the old secret still works after the preview");
  });

  it("pulumi up adopts the imported client: same client, settings updated, the old secret dead, the stored one working", async () => {
    const up = await ws.ok(["up", "--yes"]);
    assert.match(up.stdout, /OAuthClient\s+app\s+updated/, up.stdout);
    assert.doesNotMatch(up.stdout, /replac/);
    assert.deepEqual(await liveClients(), [clientId], "no new client in Genesys");
    const live = await admin.getClient(clientId);
    assert.equal(live.description, "e2e app service account");
    assert.equal(live.accessTokenValiditySeconds, 3600);
    const stored = await openStore(reference, { cwd: ws.programDir }).read();
    assert.ok(stored, "the store holds a record");
    assert.equal(stored.record.clientId, clientId);
    assert.equal(stored.record.pending, undefined);
    assert.match(stored.record.rotationId, /^adopt-[0-9a-f]{24}-/, "the adoption's write-ahead rotation made it");
    storedSecret = stored.record.clientSecret;
    assert.ok(storedSecret !== oldSecret, "a new secret"); // booleans only: never print a secret
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, oldSecret), 401, "the old (imported) secret gets 401");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, storedSecret), 200, "the stored secret gets a token");
    const outputs = JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    assert.equal(outputs.clientId, clientId);
    assert.equal(outputs.rotationId, stored.record.rotationId);
    assert.match(outputs.secretMarker, /^sha256:[0-9a-f]{16}$/);
  });

  it("afterwards a preview shows no changes and an up changes nothing", async () => {
    const before = await emulatorStats(emulator.baseUrl);
    const again = await ws.ok(["preview", "--diff", "--expect-no-changes"]);
    assert.doesNotMatch(text(again), /onFirstUp/, "no second adoption");
    await ws.ok(["up", "--yes", "--expect-no-changes"]);
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "no write call");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, storedSecret), 200, "the stored secret still works");
  });

  it("the CLI also finds the plugin on PATH (no plugins section in Pulumi.yaml), and not at all without either", async () => {
    const project = path.join(ws.programDir, "Pulumi.yaml");
    const original = fs.readFileSync(project, "utf8");
    try {
      fs.writeFileSync(project, original.replace(/^plugins:[\s\S]*$/m, ""));
      assert.doesNotMatch(fs.readFileSync(project, "utf8"), /plugins:/);
      // The PATH of the test's CLI runs without any directory holding the plugin: `npx mocha` puts the repository's
      // node_modules/.bin first, where npm links the package's own bin entries (the plugin included).
      const PLUGIN = "pulumi-resource-genesys-oauth-guard";
      const withoutPlugin = (ws.env().PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, PLUGIN)))
        .join(path.delimiter);
      const binDir = path.join(ws.programDir, "node_modules", "genesys-oauth-guard", "bin");
      assert.ok(fs.existsSync(path.join(binDir, PLUGIN)), `${PLUGIN} is in the package's bin/`);
      const onPath = await ws.run(["preview", "--expect-no-changes"], { env: { PATH: `${binDir}${path.delimiter}${withoutPlugin}` } });
      assert.equal(onPath.code, 0, onPath.stdout + onPath.stderr);
      const nowhere = await ws.run(["preview", "--expect-no-changes"], { env: { PATH: withoutPlugin } });
      assert.notEqual(nowhere.code, 0, "without the plugins section or PATH the CLI cannot find the plugin (nothing downloads)");
      assert.match(text(nowhere), /genesys-oauth-guard/);
    } finally {
      fs.writeFileSync(project, original);
    }
  });

  it("the engine's import option on native.OAuthClient imports and adopts in one up (another stack, another client)", async () => {
    const second = await admin.createClient({
      name: "tf-app-2",
      description: "Managed by Terraform",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: (await admin.listRoles()).find((r) => r.name === "Developer")!.id, divisionId: (await admin.getHomeDivision()).id }],
      accessTokenValiditySeconds: 3600,
      state: "active",
    });
    secondOldSecret = second.secret;
    await ws.initStack("option");
    await ws.ok(["config", "set", "--plaintext", "secretStore", "file://./.secrets/option"]);
    await ws.ok(["config", "set", "genesys-oauth-guard:apiUrl", emulator.baseUrl]);
    await ws.ok(["config", "set", "clientName", "tf-app-2"]);
    await ws.ok(["config", "set", "importId", second.id]);
    const before = await emulatorStats(emulator.baseUrl);
    const preview = await ws.ok(["preview", "--diff"]);
    const out = text(preview);
    assert.match(out, /= 1 to import/, preview.stdout);
    assert.match(out, /~ 1 to update/, preview.stdout);
    assert.doesNotMatch(out, /replace/);
    assert.match(out, /onFirstUp\s*: "new secret into file:\/\/\.\/\.secrets\/option, verified/);
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "the preview wrote nothing");
    await ws.ok(["up", "--yes"]);
    const stored = await openStore("file://./.secrets/option", { cwd: ws.programDir }).read();
    assert.ok(stored, "the store holds a record");
    assert.equal(stored.record.clientId, second.id);
    assert.match(stored.record.rotationId, /^adopt-[0-9a-f]{24}-/);
    secondStoredSecret = stored.record.clientSecret;
    assert.equal(await tokenStatus(emulator.baseUrl, second.id, secondOldSecret), 401, "the old secret gets 401");
    assert.equal(await tokenStatus(emulator.baseUrl, second.id, secondStoredSecret), 200, "the stored secret gets a token");
    assert.equal((await admin.getClient(second.id)).description, "e2e app service account", "settings updated in place");
    await ws.ok(["preview", "--expect-no-changes"]);
    assert.ok(
      (await admin.listClients()).some((c) => c.id === clientId),
      "the first stack's client is untouched",
    );
    await ws.ok(["stack", "select", "native"]);
  });

  it("the audit of both stacks is clean, and nothing the run wrote or printed holds any of the secrets", async () => {
    // The project's own audit of both stacks (history and backups too; it reads the stores, so it knows the stored secrets).
    const audits: { where: string; text: string }[] = [];
    for (const stack of ["native", "option"]) {
      const audit = await runCli(["audit", "--stack", stack], { cwd: ws.programDir, env: ws.env() });
      assert.equal(audit.code, 0, `the audit of ${stack} is clean:\n${audit.stdout}\n${audit.stderr}`);
      audits.push({ where: `audit --stack ${stack}`, text: audit.stdout + audit.stderr });
    }
    const exported = await ws.ok(["stack", "export", "--show-secrets"]);
    const exportedOption = await ws.ok(["stack", "export", "--show-secrets", "--stack", "option"]);
    const texts: { where: string; text: string }[] = [
      ...audits,
      { where: "stack export --show-secrets --stack option", text: exportedOption.stdout },
      ...ws.backendFiles().map((f) => ({ where: path.relative(ws.root, f.file), text: f.text })),
      { where: "stack export --show-secrets", text: exported.stdout },
      ...ws.transcript.map((t, i) => ({ where: `CLI output #${i} (${t.split("\n")[0]})`, text: t })),
    ];
    assert.ok(
      texts.some((t) => t.where.includes(".pulumi") && t.text.includes(clientId)),
      "the backend's state (which names the client) was searched",
    );
    for (const [label, secret] of [
      ["old secret", oldSecret],
      ["stored secret", storedSecret],
      ["second client's old secret", secondOldSecret],
      ["second client's stored secret", secondStoredSecret],
      ["admin secret", adminSecret],
    ] as const) {
      assert.ok(secret.length >= 16, `the ${label} is known to the test`);
      for (const form of leakForms(secret, label === "admin secret" ? adminId : clientId)) {
        const hit = texts.find((t) => t.text.includes(form));
        assert.ok(!hit, `the ${label} appears in ${hit?.where}`);
      }
    }
  });
});
