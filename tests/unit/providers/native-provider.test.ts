/**
 * The native provider host (providers/native/provider.ts): the adapter between `@pulumi/pulumi/provider` and the
 * shared OAuthClient implementation, and the `pulumi import` journey through it over the real implementation.
 *
 * 1. The adapter alone, over a sinon stub of the implementation: it serves only its type token, routes a read by
 *    the state it is given (none = `pulumi import`, an imported state, a managed one), unwraps secret values, hands
 *    the protocol no `undefined`, and serves a schema for `pulumi import`'s code generation.
 *    Stack config reaches the implementation: the server's Configure handler is wrapped (configure.ts).
 * 2. The adapter over the real OAuthClientProvider (FakeGenesys/FakeStore): read without state returns the live
 *    client's settings (roles by name) and validates as the import checks it; a program's differences are an
 *    update, never a replace (not even the grant type); the update adopts the client — settings PUT, the secret
 *    regenerated into the store through the write-ahead rotation (phase adopt), verified, the old secret dead —
 *    and afterwards nothing changes.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../../domain/native-types";
import { configureRequestOf, forwardConfigure } from "../../../providers/native/configure";
import { engineAddress } from "../../../providers/native/main";
import { GENESYS_FIELDS } from "../../../providers/client-fields";
import { NativeProvider, OAuthClientImplementation, unwrapSecrets, urnType } from "../../../providers/native/provider";
import { OAuthClientProvider } from "../../../providers/oauth-client-impl";
import type { GenesysClientRecord } from "../../../providers/ports";
import { FakeGenesys, fakeDeps, programArgs } from "./fakes";

const URN = `urn:pulumi:dev::app::${NATIVE_OAUTH_CLIENT_TYPE}::app`;
const STORE = "vault://secret/genesys/app";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** True when `undefined` appears anywhere in a value (protobuf's Struct refuses it). */
function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefined);
  if (value && typeof value === "object") return Object.values(value).some(hasUndefined);
  return false;
}

describe("providers/native: the native provider host of OAuthClient", () => {
  afterEach(() => sinon.restore());

  describe("the adapter over a stub implementation", () => {
    function stubbed(): { impl: sinon.SinonStubbedInstance<OAuthClientImplementation>; provider: NativeProvider } {
      const impl = {
        check: sinon.stub().resolves({ inputs: { name: "x", extra: undefined }, failures: [] }),
        diff: sinon.stub().resolves({ changes: false, replaces: [], deleteBeforeReplace: false }),
        create: sinon.stub().resolves({ id: "c1", outs: { clientId: "c1", dateCreated: undefined } }),
        read: sinon.stub().resolves({ id: "c1", props: { clientId: "c1" }, inputs: { name: "x" } }),
        update: sinon.stub().resolves({ outs: { clientId: "c1" } }),
        delete: sinon.stub().resolves(),
        readForImport: sinon.stub().resolves({ id: "c1", props: { clientId: "c1", roleDivisions: [] }, inputs: { name: "x" } }),
        refreshImported: sinon.stub().resolves({ id: "c1", props: { clientId: "c1", roleDivisions: [] }, inputs: { name: "x" } }),
      } as sinon.SinonStubbedInstance<OAuthClientImplementation>;
      return { impl, provider: new NativeProvider("1.2.3", () => impl) };
    }

    it("serves its type token only: another type fails with the code and the hint, before the implementation is called", async () => {
      const { impl, provider } = stubbed();
      const other = "urn:pulumi:dev::app::genesys-oauth-guard:index:SecretRotation::r";
      await assert.rejects(provider.create(other, {}), (error: Error) => {
        assert.match(error.message, /has no resource type "genesys-oauth-guard:index:SecretRotation"/);
        assert.match(error.message, /\[input\.invalid\]/);
        assert.match(error.message, /serves genesys-oauth-guard:index:OAuthClient only/);
        return true;
      });
      assert.equal(impl.create.callCount, 0);
      assert.equal(urnType(`urn:pulumi:dev::app::pulumi:pulumi:Stack$${NATIVE_OAUTH_CLIENT_TYPE}::app`), NATIVE_OAUTH_CLIENT_TYPE, "a parented URN");
    });

    it("routes a read by its state: none (pulumi import), an imported client not adopted yet, a managed client", async () => {
      const { impl, provider } = stubbed();
      await provider.read("c1", URN, {});
      assert.deepEqual(impl.readForImport.firstCall.args, ["c1"]);
      await provider.read("c1", URN, { clientId: "c1", name: "x", roleDivisions: [] });
      assert.equal(impl.refreshImported.callCount, 1);
      await provider.read("c1", URN, { clientId: "c1", name: "x", secretStore: STORE, secretMarker: "sha256:0123456789abcdef" });
      assert.equal(impl.read.callCount, 1);
      assert.equal(impl.readForImport.callCount, 1);
      assert.equal(impl.refreshImported.callCount, 1);
    });

    it("unwraps secret values for the implementation and returns results without undefined", async () => {
      const { impl, provider } = stubbed();
      const created = await provider.create(URN, { name: "x", secretStore: { ...SECRET_SIG, value: STORE } });
      assert.deepEqual(impl.create.firstCall.args[0], { name: "x", secretStore: STORE });
      assert.deepEqual(created, { id: "c1", outs: { clientId: "c1" } });
      const checked = await provider.check(URN, {}, { name: "x" });
      assert.ok(!hasUndefined(checked), "no undefined in check's result");
      assert.deepEqual(unwrapSecrets([{ a: { ...SECRET_SIG, value: ["s"] } }]), [{ a: ["s"] }]);
    });

    it("passes diff, update and delete through with the old state and the new inputs", async () => {
      const { impl, provider } = stubbed();
      const olds = { clientId: "c1", secretStore: STORE, secretMarker: "sha256:0123456789abcdef" };
      assert.deepEqual(await provider.diff("c1", URN, olds, { name: "y" }), { changes: false, replaces: [], deleteBeforeReplace: false });
      assert.deepEqual(impl.diff.firstCall.args, ["c1", olds, { name: "y" }]);
      await provider.update("c1", URN, olds, { name: "y" });
      assert.deepEqual(impl.update.firstCall.args, ["c1", olds, { name: "y" }]);
      await provider.delete("c1", URN, olds);
      assert.deepEqual(impl.delete.firstCall.args, ["c1", olds]);
    });

    it("serves a schema for pulumi import: the package, the token, the inputs, the secret output, the Node.js module", async () => {
      const { provider } = stubbed();
      const schema = JSON.parse(await provider.getSchema()) as {
        name: string;
        version: string;
        resources: Record<string, { inputProperties: Record<string, unknown>; requiredInputs: string[]; properties: Record<string, { secret?: boolean }> }>;
        types: Record<string, unknown>;
        language: { nodejs: { packageName: string } };
      };
      assert.equal(schema.name, "genesys-oauth-guard");
      assert.equal(schema.version, "1.2.3");
      const resource = schema.resources[NATIVE_OAUTH_CLIENT_TYPE];
      assert.ok(resource);
      for (const input of [...GENESYS_FIELDS, "secretStore"]) {
        assert.ok(input in resource.inputProperties, `input ${input}`);
      }
      assert.deepEqual(resource.requiredInputs, ["name", "authorizedGrantType", "secretStore"]);
      assert.equal(resource.properties.clientSecret.secret, true);
      assert.ok(!("clientSecret" in resource.inputProperties), "the secret is never an input");
      assert.ok("genesys-oauth-guard:index:RoleGrant" in schema.types);
      assert.equal(schema.language.nodejs.packageName, "genesys-oauth-guard/native");
    });
  });

  describe("stack config (the server's Configure handler, wrapped)", () => {
    /** A Configure call whose request carries `variables`. */
    function configureCall(variables: Record<string, string>): Parameters<typeof configureRequestOf>[0] {
      return { request: { getVariablesMap: () => new Map(Object.entries(variables)) } };
    }

    it("hands the call's variables (`<namespace>:config:<key>`, as the engine sends them) to configure() as `<namespace>:<key>`", () => {
      const req = configureRequestOf(configureCall({ "genesys-oauth-guard:config:apiUrl": "http://127.0.0.1:1", "other:config:key": "x" }));
      assert.equal(req.config.get("genesys-oauth-guard:apiUrl"), "http://127.0.0.1:1");
      assert.equal(req.config.get("other:key"), "x");
      assert.equal(req.config.get("genesys-oauth-guard:region"), undefined);
      assert.throws(() => req.config.require("genesys-oauth-guard:region"), /Missing required configuration key: genesys-oauth-guard:region/);
    });

    it("finds the engine's address among the plugin's arguments (the provider's warnings go there)", () => {
      assert.equal(engineAddress(["127.0.0.1:4567"]), "127.0.0.1:4567");
      assert.equal(engineAddress(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t", "127.0.0.1:1"]), "127.0.0.1:1");
      assert.equal(engineAddress(["--logtostderr"]), undefined);
    });

    it("wraps the configure handler of the service @pulumi/pulumi's grpc server registers, then answers as before", async () => {
      const seen: (string | undefined)[] = [];
      const restore = forwardConfigure((req) => seen.push(req.config.get("genesys-oauth-guard:apiUrl")));
      try {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the grpc-js copy @pulumi/pulumi's server uses
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as { Server: new () => { addService(s: unknown, i: object): void } };
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the provider service definition the server registers
        const service = (require(path.join(pulumiDir, "proto", "provider_grpc_pb")) as { ResourceProviderService: unknown }).ResourceProviderService;
        const original = sinon.stub();
        const implementation: { configure: (call: unknown, callback: () => void) => void } = { configure: original };
        new grpc.Server().addService(service, implementation);
        const callback = sinon.stub();
        implementation.configure(configureCall({ "genesys-oauth-guard:config:apiUrl": "http://127.0.0.1:2" }), callback);
        assert.deepEqual(seen, ["http://127.0.0.1:2"], "configure() saw the stack config");
        assert.equal(original.callCount, 1, "the server's own handler still answers");
        assert.equal(original.firstCall.args[1], callback);
      } finally {
        restore();
      }
    });
  });

  describe("pulumi import through the adapter over the real implementation", () => {
    let genesys: FakeGenesys;
    let deps: ReturnType<typeof fakeDeps>;
    let provider: NativeProvider;
    let existing: GenesysClientRecord;
    let oldSecret: string;

    /** The program's args, as the native class passes them. */
    function program(overrides: Record<string, unknown> = {}): Record<string, unknown> {
      return programArgs({ name: "tf-app", description: "app service account", secretStore: STORE, ...overrides });
    }

    beforeEach(async () => {
      genesys = new FakeGenesys();
      Object.assign(genesys, { adminClientId: "admin-client" });
      deps = fakeDeps(genesys);
      provider = new NativeProvider("0.1.0", () => new OAuthClientProvider(deps));
      const created = await genesys.createClient({
        name: "tf-app",
        description: "Managed by Terraform",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [
          { roleId: "role-admin", divisionId: "div-home" },
          { roleId: "role-dev", divisionId: "*" },
        ],
        scope: [],
        registeredRedirectUri: [],
        accessTokenValiditySeconds: 86400,
        state: "active",
      });
      existing = created;
      oldSecret = created.secret;
      genesys.calls.createClient.resetHistory();
      sinon.stub(pulumi.log, "warn");
    });

    /** What the engine records for `pulumi import`: the read's inputs and outputs. */
    async function imported(): Promise<{ inputs: Record<string, unknown>; outputs: Record<string, unknown> }> {
      const read = await provider.read(existing.id, URN, {});
      assert.equal(read.id, existing.id);
      return { inputs: read.inputs as Record<string, unknown>, outputs: read.props as Record<string, unknown> };
    }

    it("a read without state returns the live client's settings as a program declares them, and nothing about a secret", async () => {
      const { inputs, outputs } = await imported();
      assert.deepEqual(inputs, {
        name: "tf-app",
        description: "Managed by Terraform",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roles: [{ role: "Admin" }, { role: "Developer", division: "*" }],
        scopes: [],
        redirectUris: [],
        accessTokenValiditySeconds: 86400,
        state: "active",
      });
      assert.equal(outputs.clientId, existing.id);
      for (const key of ["secretStore", "secretMarker", "storeVersion", "rotationId", "clientSecret"]) assert.ok(!(key in outputs), `no ${key}`);
      assert.ok(!strings(outputs).includes(oldSecret));
      assert.equal(genesys.writeCalls(), 0, "nothing written to Genesys");
    });

    it("the import's own validation of what it read passes (the store is the program's to give)", async () => {
      const { inputs } = await imported();
      const checked = await provider.check(URN, inputs, inputs);
      assert.deepEqual(checked.failures, []);
      // A program that gives no store still fails (the class always sends its adoption key, so it differs).
      const without = await provider.check(URN, inputs, program({ secretStore: undefined }));
      assert.deepEqual(
        without.failures?.map((f) => f.property),
        ["secretStore"],
      );
    });

    it("refuses to import a client that does not exist, or the admin client, with the adoption's messages", async () => {
      await assert.rejects(provider.read("no-such-client", URN, {}), /There is no OAuth client no-such-client in this Genesys Cloud organisation/);
      await assert.rejects(provider.read("admin-client", URN, {}), /is the admin client this provider signs in with/);
    });

    it("the program's differences are an update that says the secret will be regenerated, never a replace (not even the grant type)", async () => {
      const { inputs, outputs } = await imported();
      const checked = await provider.check(URN, inputs, program());
      assert.deepEqual(checked.failures, []);
      const adoption = (checked.inputs as { adoption: { updatesInPlace: string[]; onFirstUp: string } }).adoption;
      assert.deepEqual(adoption.updatesInPlace, [
        'description: "Managed by Terraform" → "app service account"',
        "roles: [Admin (home division), Developer (all divisions)] → [Developer (home division)]",
        "accessTokenValiditySeconds: 86400 → 3600",
      ]);
      assert.equal(adoption.onFirstUp, `new secret into ${STORE}, verified; the current one (imported, so treated as leaked) stops working`);
      const warnings = (pulumi.log.warn as sinon.SinonStub).getCalls().map((call) => String(call.args[0]));
      assert.ok(
        warnings.some((w) =>
          w.startsWith(
            `adopting the imported OAuth client "tf-app": pulumi up updates description, roles, accessTokenValiditySeconds in place (pulumi preview --diff lists the values), then regenerates its secret straight into ${STORE} and verifies it`,
          ),
        ),
        `the preview's warning: ${warnings.join(" | ")}`,
      );
      assert.deepEqual(await provider.diff(existing.id, URN, outputs, checked.inputs), { changes: true, replaces: [], deleteBeforeReplace: false });
      const code = await provider.check(URN, inputs, program({ authorizedGrantType: "CODE", scopes: ["users:readonly"], roles: [] }));
      assert.deepEqual(await provider.diff(existing.id, URN, outputs, code.inputs), { changes: true, replaces: [], deleteBeforeReplace: false });
      // Even identical settings: the secret still has to be regenerated.
      const same = await provider.check(URN, inputs, program({ ...inputs }));
      assert.deepEqual((same.inputs as { adoption: { updatesInPlace: string[] } }).adoption.updatesInPlace, []);
      assert.equal((await provider.diff(existing.id, URN, outputs, same.inputs)).changes, true);
      assert.equal(genesys.writeCalls(), 0, "check and diff write nothing");
    });

    it("the first update adopts: settings PUT, the secret regenerated into the store and verified, the old one dead; then no changes", async () => {
      const { inputs, outputs } = await imported();
      const checked = await provider.check(URN, inputs, program());
      const updated = await provider.update(existing.id, URN, outputs, checked.inputs);
      const outs = updated.outs as Record<string, unknown>;
      assert.equal(genesys.calls.createClient.callCount, 0, "no new client");
      assert.equal(genesys.calls.updateClient.callCount, 1, "one PUT of the differing settings");
      assert.equal(genesys.calls.regenerateSecret.callCount, 1, "the secret regenerated once");
      const live = genesys.clients.get(existing.id)!;
      assert.equal(live.description, "app service account");
      assert.deepEqual(live.roleDivisions, [{ roleId: "role-dev", divisionId: "div-home" }]);
      const stored = deps.stores.get(STORE)!.current!;
      assert.equal(stored.record.clientId, existing.id);
      assert.match(stored.record.rotationId, /^adopt-0123456789abcdef01234567-/, "the adoption's write-ahead rotation");
      assert.equal(stored.record.pending, undefined);
      assert.equal(await genesys.verifyCredentials(existing.id, oldSecret), false, "the old secret is dead");
      assert.equal(await genesys.verifyCredentials(existing.id, stored.record.clientSecret), true, "the stored one works");
      assert.equal(outs.secretStore, STORE);
      assert.equal(outs.rotationId, stored.record.rotationId);
      assert.match(String(outs.secretMarker), /^sha256:[0-9a-f]{16}$/);
      assert.ok(!("adoption" in outs) && !("clientSecret" in outs));
      assert.ok(!strings(outs).includes(stored.record.clientSecret) && !strings(outs).includes(oldSecret), "no secret in the outputs");

      // The next preview: the inputs the engine recorded are the checked ones; nothing changes, no adoption.
      const again = await provider.check(URN, checked.inputs, program());
      assert.ok(!("adoption" in (again.inputs as object)));
      assert.deepEqual(await provider.diff(existing.id, URN, outs, again.inputs), { changes: false, replaces: [], deleteBeforeReplace: false });
      const refreshed = await provider.read(existing.id, URN, outs);
      assert.equal((refreshed.props as Record<string, unknown>).secretMarker, outs.secretMarker, "a refresh keeps the secret's marker");
    });
  });
});
