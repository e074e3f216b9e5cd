import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sinon from "sinon";
import { GuardError } from "../../../core/errors";
import { redactText } from "../../../core/redact";
import { GenesysClient } from "../../../genesys";
import { bindGenesys, openBoundStore, projectDirectory } from "../../../providers/bindings";
import * as runtime from "../../../providers/runtime";

const ENV = { GENESYS_CLOUD_CLIENT_ID: "env-admin", GENESYS_CLOUD_CLIENT_SECRET: "env-admin-secret-123", GENESYS_CLOUD_API_URL: "http://127.0.0.1:1" };

describe("providers: bindings to genesys/ and stores/", () => {
  afterEach(() => sinon.restore());

  it("maps a 404 and a deleted client to 'gone'", async () => {
    const get = sinon.stub(GenesysClient.prototype, "getClient");
    get.onFirstCall().rejects(new GuardError("genesys.not-found", "no such client", { status: 404 }));
    get.onSecondCall().resolves({ id: "c1", name: "x", authorizedGrantType: "CLIENT-CREDENTIALS", state: "deleted" });
    get
      .onThirdCall()
      .resolves({ id: "c1", name: "x", authorizedGrantType: "CLIENT-CREDENTIALS", state: "active", roleDivisions: [{ roleId: "r", divisionId: "*" }] });
    const { api } = bindGenesys({}, ENV);
    assert.equal(await api.getClient("c1"), undefined);
    assert.equal(await api.getClient("c1"), undefined);
    assert.deepEqual((await api.getClient("c1"))?.roleDivisions, [{ roleId: "r", divisionId: "*" }]);
  });

  it("lets other errors through", async () => {
    sinon.stub(GenesysClient.prototype, "getClient").rejects(new GuardError("genesys.forbidden", "missing permission", { status: 403 }));
    const { api } = bindGenesys({}, ENV);
    await assert.rejects(api.getClient("c1"), (e: unknown) => e instanceof GuardError && e.code === "genesys.forbidden");
  });

  it("reduces verification to ok / refused with its reason and the home division to its id", async () => {
    sinon.stub(GenesysClient.prototype, "verifyCredentials").resolves({ ok: false, reason: "authentication_failed", status: 401 });
    sinon.stub(GenesysClient.prototype, "getHomeDivision").resolves({ id: "div-1", name: "Home" });
    const { api } = bindGenesys({}, ENV);
    assert.deepEqual(await api.checkCredentials("c", "s"), { ok: false, reason: "authentication_failed" });
    assert.equal(await api.getHomeDivisionId(), "div-1");
  });

  it("lists roles once for many resources, and again after a failure", async () => {
    const list = sinon.stub(GenesysClient.prototype, "listRoles");
    list.onFirstCall().rejects(new GuardError("genesys.unavailable", "down", { status: 503 }));
    list.resolves([{ id: "r1", name: "Developer" }]);
    const { api } = bindGenesys({}, ENV);
    await assert.rejects(api.listRoles());
    assert.deepEqual(await api.listRoles(), [{ id: "r1", name: "Developer" }]);
    await api.listRoles();
    assert.equal(list.callCount, 2);
  });

  it("prefers stack config over the environment, and records base URLs only off the standard hosts", () => {
    const fromConfig = bindGenesys({ clientId: "cfg-admin", clientSecret: "cfg-secret-456", region: "eu-west-1" }, {});
    assert.deepEqual(fromConfig.location, { region: "eu-west-1" });
    const emulator = bindGenesys({}, ENV);
    assert.deepEqual(emulator.location, { apiBaseUrl: "http://127.0.0.1:1", loginBaseUrl: "http://127.0.0.1:1" });
    assert.throws(
      () => bindGenesys({}, {}),
      (e: unknown) => e instanceof GuardError && e.code === "config.missing-credentials",
    );
  });

  it("resolves relative file references against the Pulumi project directory, not the directory of main", async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "goag-bind-"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: x\nruntime: nodejs\n");
    fs.mkdirSync(path.join(project, "dist"));
    const cwd = process.cwd();
    try {
      process.chdir(path.join(project, "dist")); // where the engine starts the provider for main: dist/index.js
      assert.equal(projectDirectory(process.cwd()), fs.realpathSync(project));
      const store = openBoundStore("file://./.secrets/x", {}, {});
      await store.checkWritable();
      assert.equal(store.kind, "file");
      assert.ok(fs.existsSync(path.join(project, ".secrets")), "next to Pulumi.yaml");
      assert.ok(!fs.existsSync(path.join(project, "dist", ".secrets")), "not under dist/");
      assert.equal(projectDirectory(os.tmpdir()), os.tmpdir(), "no project: the directory itself");
    } finally {
      process.chdir(cwd);
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("configure() reads the namespaced stack config and registers its secrets for redaction", () => {
    const values: Record<string, string> = {
      "genesys-oauth-guard:clientId": "cfg-id",
      "genesys-oauth-guard:clientSecret": "Cfg-Secret-For-Redaction-789",
      "genesys-oauth-guard:vaultToken": "hvs.token-for-redaction-000",
      "other:clientSecret": "not-ours",
    };
    runtime.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
    assert.deepEqual(runtime.currentConfig(), { clientId: "cfg-id", clientSecret: "Cfg-Secret-For-Redaction-789", vaultToken: "hvs.token-for-redaction-000" });
    assert.equal(redactText("a Cfg-Secret-For-Redaction-789 b hvs.token-for-redaction-000"), "a [REDACTED] b [REDACTED]");
    runtime.configure({ config: { get: () => undefined, require: () => "" } });
  });

  it("provider errors reach the engine with the code and the hint in the message", async () => {
    const names = ["GENESYS_CLOUD_CLIENT_ID", "GENESYS_CLOUD_CLIENT_SECRET", "GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET"];
    const saved = names.map((n) => [n, process.env[n]] as const);
    names.forEach((n) => delete process.env[n]);
    try {
      runtime.configure({ config: { get: () => undefined, require: () => "" } });
      await assert.rejects(
        runtime.oauthClientProvider().create({
          name: "x",
          description: "",
          authorizedGrantType: "CLIENT-CREDENTIALS",
          roles: [{ role: "Developer" }],
          scopes: [],
          redirectUris: [],
          accessTokenValiditySeconds: 3600,
          state: "active",
          secretStore: "file://./x",
          deleteSecretOnDestroy: false,
          exposeSecretAsOutput: false,
        }),
        (e: unknown) => {
          assert.ok(e instanceof Error && !(e instanceof GuardError));
          assert.match(e.message, /\[config\.missing-credentials\] — Use a client-credentials OAuth client/);
          return true;
        },
      );
    } finally {
      for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
    }
  });
});
