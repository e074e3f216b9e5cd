/**
 * Adopting an existing client (`new OAuthClient(name, args, { import: id })`): check() reads the live client
 * only for a resource being adopted and only after the inputs are valid, lists the settings that differ,
 * refuses a missing/deleted/scheduled-for-deletion client; create() takes the client over without a POST,
 * PUTs only when settings differ, regenerates through the write-ahead rotation, and recovers from a crash
 * at each step without a second client. Stubs: FakeGenesys/FakeStore (sinon spies).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { GuardError, isGuardError } from "../../../core/errors";
import { setLogSink } from "../../../core/log";
import { FAILPOINTS } from "../../../core/failpoints";
import { OAuthClientProvider } from "../../../providers/oauth-client-impl";
import { secretMarker } from "../../../rotation/delivery";
import type { GenesysClientRecord } from "../../../providers/ports";
import type { OAuthClientInputs, OAuthClientOutputs } from "../../../providers/types";
import { UNKNOWN } from "../../../providers/validation";
import { FakeGenesys, fakeDeps, programArgs } from "./fakes";

const STORE = "vault://secret/genesys/ci";

/** The program's args as the class passes them (adoptClientId from `import`). */
function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return programArgs({ secretStore: STORE, ...overrides });
}

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("providers: OAuthClient adoption of an existing client", () => {
  let genesys: FakeGenesys;
  let deps: ReturnType<typeof fakeDeps>;
  let provider: OAuthClientProvider;
  let existing: GenesysClientRecord;
  /** The secret the client had before adoption (what Terraform state holds). */
  let terraformSecret: string;
  let warnings: string[];

  beforeEach(async () => {
    genesys = new FakeGenesys();
    deps = fakeDeps(genesys);
    provider = new OAuthClientProvider(deps);
    const created = await genesys.createClient({
      name: "ci-bot",
      description: "managed by Terraform",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: "role-admin", divisionId: "div-home" }],
      scope: [],
      registeredRedirectUri: [],
      accessTokenValiditySeconds: 86400,
      state: "active",
    });
    existing = created;
    terraformSecret = created.secret;
    genesys.calls.createClient.resetHistory();
    warnings = [];
    process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
    // No engine here: keep the SDK's console fallback quiet (the debug sink above captures each warning).
    sinon.stub(pulumi.log, "warn");
    setLogSink((line) => warnings.push(line));
  });

  afterEach(() => {
    delete process.env.GENESYS_OAUTH_GUARD_DEBUG;
    setLogSink((line) => process.stderr.write(line + "\n"));
    sinon.restore();
  });

  /** check() as the engine calls it for a resource not in the stack yet. */
  async function checked(overrides: Record<string, unknown> = {}): Promise<OAuthClientInputs> {
    const result = await provider.check({}, news({ adoptClientId: existing.id, ...overrides }));
    assert.deepEqual(result.failures, []);
    return result.inputs!;
  }

  describe("check", () => {
    it("reads the live client and lists the settings up will update in place (never a replace)", async () => {
      const inputs = await checked();
      assert.equal(genesys.calls.getClient.callCount, 1);
      assert.equal(inputs.adoptClientId, existing.id);
      assert.deepEqual(inputs.adoption!.clientId, existing.id);
      assert.deepEqual(inputs.adoption!.updatesInPlace, [
        'description: "managed by Terraform" → "CI service account"',
        "roles: [Admin (home division)] → [Developer (home division)]",
        "accessTokenValiditySeconds: 86400 → 3600",
      ]);
      assert.equal(inputs.adoption!.onFirstUp, "new secret into vault://secret/genesys/ci, verified; the current one (in Terraform state) stops working");
      const warning = warnings.find((w) => w.includes("adopting the existing OAuth client"));
      assert.ok(warning, "a warning for the preview");
      assert.match(
        warning,
        new RegExp(
          `client ${existing.id} \\("ci-bot"\\): no new client is created\\. pulumi up updates description, roles, accessTokenValiditySeconds in place`,
        ),
      );
      assert.match(warning, /regenerates its secret straight into vault:\/\/secret\/genesys\/ci and verifies it/);
      assert.equal(genesys.writeCalls(), 0, "check changed nothing");
    });

    it("a grant type that differs is an update in place, like any other setting", async () => {
      const inputs = await checked({ authorizedGrantType: "code", roles: [], scopes: ["users:readonly"], redirectUris: ["https://app.example.com/cb"] });
      assert.ok(inputs.adoption!.updatesInPlace.some((l) => l === 'authorizedGrantType: "CLIENT-CREDENTIALS" → "CODE"'));
    });

    it("matching settings: nothing to update", async () => {
      const inputs = await checked({ description: "managed by Terraform", roles: ["Admin"], accessTokenValiditySeconds: 86400 });
      assert.deepEqual(inputs.adoption!.updatesInPlace, []);
      assert.ok(warnings.some((w) => w.includes("keeps its settings (they match the program)")));
    });

    it("bad input fails before any API call", async () => {
      const result = await provider.check({}, news({ adoptClientId: existing.id, accessTokenValiditySeconds: 5 }));
      assert.deepEqual(
        result.failures!.map((f) => f.property),
        ["accessTokenValiditySeconds"],
      );
      assert.equal(genesys.calls.getClient.callCount + genesys.calls.listRoles.callCount, 0);
      const badId = await provider.check({}, news({ adoptClientId: "not an id/../x" }));
      assert.deepEqual(
        badId.failures!.map((f) => f.property),
        ["adoptClientId"],
      );
      assert.match(badId.failures![0].reason, /id of an existing Genesys OAuth client.*genesyscloud_oauth_client's "id"/);
      assert.equal(genesys.calls.getClient.callCount, 0);
    });

    it("a client id that does not exist fails the preview with what to do", async () => {
      const result = await provider.check({}, news({ adoptClientId: "0f6a3c2e-0000-4000-8000-000000000000" }));
      assert.equal(result.failures!.length, 1);
      assert.equal(result.failures![0].property, "adoptClientId");
      assert.match(
        result.failures![0].reason,
        /There is no OAuth client 0f6a3c2e-0000-4000-8000-000000000000 in this Genesys Cloud organisation .*nothing was created \[input\.not-found\] — Check the id/,
      );
      assert.equal(genesys.writeCalls(), 0, "nothing was written");
    });

    it("an inactive client scheduled for deletion (or one past its date) is refused; a future date alone is cancelled by the PUT", async () => {
      genesys.clients.set(existing.id, { ...existing, state: "inactive", dateToDelete: "2026-12-01T00:00:00.000Z" });
      const inactive = await provider.check({}, news({ adoptClientId: existing.id }));
      assert.match(inactive.failures![0]?.reason ?? "", /is inactive and scheduled for deletion on 2026-12-01T00:00:00.000Z, so it is not adopted/);
      genesys.clients.set(existing.id, { ...existing, state: "active", dateToDelete: "2026-11-01T00:00:00.000Z" });
      const past = await provider.check({}, news({ adoptClientId: existing.id }));
      assert.match(past.failures![0]?.reason ?? "", /scheduled for deletion on 2026-11-01/);
      genesys.clients.set(existing.id, { ...existing, state: "active", dateToDelete: "2027-01-01T00:00:00.000Z" });
      const future = await checked({ description: "managed by Terraform", roles: ["Admin"], accessTokenValiditySeconds: 86400 });
      assert.deepEqual(future.adoption!.updatesInPlace, ["dateToDelete: 2027-01-01T00:00:00.000Z → none (the scheduled deletion is cancelled)"]);
    });

    it("refuses the admin client the provider signs in with", async () => {
      Object.assign(genesys, { adminClientId: existing.id });
      const result = await provider.check({}, news({ adoptClientId: existing.id }));
      assert.match(result.failures![0]?.reason ?? "", /is the admin client this provider signs in with/);
      assert.equal(genesys.calls.getClient.callCount, 0);
    });

    it("a resource already in the stack: no API call, and the adoption id is dropped (removing import changes nothing)", async () => {
      const olds = { ...news(), __provider: "x" };
      const result = await provider.check(olds, news({ adoptClientId: existing.id }));
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs!.adoptClientId, undefined);
      assert.equal(result.inputs!.adoption, undefined);
      assert.equal(genesys.calls.getClient.callCount, 0);
    });

    it("an id not known yet (preview) is not looked up", async () => {
      const result = await provider.check({}, news({ adoptClientId: UNKNOWN }));
      assert.deepEqual(result.failures, []);
      assert.equal(genesys.calls.getClient.callCount, 0);
    });

    it("unknown settings are shown as known at up", async () => {
      const inputs = await checked({ description: UNKNOWN, roles: UNKNOWN });
      assert.ok(inputs.adoption!.updatesInPlace.includes('description: "managed by Terraform" → (known at up)'));
      assert.ok(inputs.adoption!.updatesInPlace.includes("roles: [Admin (home division)] → (known at up)"));
    });
  });

  describe("create", () => {
    it("takes the client over: no POST, one PUT, the secret regenerated into the store and verified; state as for a created client", async () => {
      const inputs = await checked();
      const { id, outs } = await provider.create(inputs);
      assert.equal(id, existing.id, "the same client");
      assert.equal(genesys.calls.createClient.callCount, 0, "no POST");
      assert.equal(genesys.clients.size, 1, "no new client");
      assert.equal(genesys.calls.updateClient.callCount, 1, "one PUT for the differing settings");
      const client = genesys.clients.get(id)!;
      assert.equal(client.description, "CI service account");
      assert.deepEqual(client.roleDivisions, [{ roleId: "role-dev", divisionId: "div-home" }]);
      assert.equal(client.accessTokenValiditySeconds, 3600);
      assert.equal(genesys.calls.regenerateSecret.callCount, 1);
      const store = deps.stores.get(STORE)!;
      const secret = store.current!.record.clientSecret;
      assert.equal(await genesys.verifyCredentials(id, terraformSecret), false, "the Terraform-state secret is dead");
      assert.equal(await genesys.verifyCredentials(id, secret), true, "the stored secret works");
      assert.equal(store.current!.record.clientId, id);
      assert.ok(store.checkWritableSpy.calledBefore(genesys.calls.updateClient), "the store is checked before anything changes");
      assert.ok(genesys.calls.updateClient.calledBefore(genesys.calls.regenerateSecret), "settings first, then the secret");
      assert.equal(outs!.clientId, id);
      assert.equal(outs!.storeVersion, store.current!.version);
      assert.equal(outs!.rotationId, store.current!.record.rotationId);
      assert.match(outs!.rotationId, /^adopt-0123456789abcdef01234567-/);
      assert.equal(outs!.secretMarker, secretMarker(id, secret));
      assert.equal(outs!.secretCreatedAt, store.current!.record.rotatedAt);
      assert.equal(outs!.adoptClientId, undefined);
      assert.equal(outs!.adoption, undefined);
      assert.equal(outs!.clientSecret, undefined);
      assert.ok(!strings(outs).some((s) => s.includes(secret) || s.includes(terraformSecret)), "no output holds either secret");
      assert.equal(outs!.dateCreated, existing.dateCreated);
    });

    it("no PUT when the settings match", async () => {
      const inputs = await checked({ description: "managed by Terraform", roles: ["Admin"], accessTokenValiditySeconds: 86400 });
      await provider.create(inputs);
      assert.equal(genesys.calls.updateClient.callCount, 0);
      assert.equal(genesys.calls.regenerateSecret.callCount, 1);
    });

    it("exposeSecretAsOutput returns the new secret (the class lists it as a secret output)", async () => {
      const { outs } = await provider.create(await checked({ exposeSecretAsOutput: true }));
      assert.equal(outs!.clientSecret, deps.stores.get(STORE)!.current!.record.clientSecret);
    });

    it("the client vanished between preview and up: a clear error, nothing created", async () => {
      const inputs = await checked();
      genesys.clients.delete(existing.id);
      await assert.rejects(provider.create(inputs), (e: unknown) => isGuardError(e, "input.not-found"));
      assert.equal(genesys.calls.createClient.callCount, 0);
      assert.equal(genesys.calls.regenerateSecret.callCount, 0);
    });

    it("a store that cannot be written fails before the client changes (the old secret still works)", async () => {
      const inputs = await checked();
      deps.openStore(STORE);
      deps.stores.get(STORE)!.notWritable = true;
      await assert.rejects(provider.create(inputs), (e: unknown) => isGuardError(e, "store.forbidden"));
      assert.equal(genesys.calls.updateClient.callCount + genesys.calls.regenerateSecret.callCount, 0);
      assert.equal(await genesys.verifyCredentials(existing.id, terraformSecret), true);
    });
  });

  describe("a crash at each step, then the next up", () => {
    /** The next `pulumi up` after a killed one: the engine recorded nothing, so it checks and creates again. */
    async function nextUp(): Promise<{ id: string; outs: OAuthClientOutputs }> {
      const result = await provider.create(await checked());
      return { id: result.id, outs: result.outs! };
    }

    async function assertConverged(id: string): Promise<void> {
      assert.equal(id, existing.id);
      assert.equal(genesys.clients.size, 1, "one client, no orphan");
      assert.equal(genesys.calls.createClient.callCount, 0, "never a POST");
      const record = deps.stores.get(STORE)!.current!.record;
      assert.equal(record.pending, undefined, "no intent left pending");
      assert.equal(await genesys.verifyCredentials(id, record.clientSecret), true, "the stored secret works");
      assert.equal(await genesys.verifyCredentials(id, terraformSecret), false, "the Terraform-state secret is dead");
    }

    it("after the PUT, before regenerate: the old state; the next up adopts again", async () => {
      sinon
        .stub(genesys, "regenerateSecret")
        .onFirstCall()
        .rejects(new GuardError("genesys.unavailable", "killed", { notActed: true }))
        .callThrough();
      await assert.rejects(provider.create(await checked()));
      assert.equal(await genesys.verifyCredentials(existing.id, terraformSecret), true, "the old secret still works");
      const { id } = await nextUp();
      await assertConverged(id);
    });

    it("after regenerate, before the store write (empty store): the secret is lost, not kept; the next up regenerates again", async () => {
      deps.openStore(STORE);
      deps.stores.get(STORE)!.failWrites = 100;
      await assert.rejects(provider.create(await checked()), (e: unknown) => isGuardError(e, "rotation.incomplete"));
      assert.equal(deps.stores.get(STORE)!.current, undefined);
      deps.stores.get(STORE)!.failWrites = 0;
      const regenerations = genesys.calls.regenerateSecret.callCount;
      const { id } = await nextUp();
      assert.equal(genesys.calls.regenerateSecret.callCount, regenerations + 1);
      await assertConverged(id);
    });

    it("the store already holds this client's record: the intent is written first, and a crash after regenerate is reported and repaired", async () => {
      const store = deps.openStore(STORE) as ReturnType<typeof deps.openStore> & { current?: unknown };
      await store.write({
        schema: "genesys-oauth-guard/credential@1",
        clientId: existing.id,
        clientSecret: terraformSecret,
        rotationId: "cli-rotate-1",
        rotatedAt: "2026-11-01T00:00:00.000Z",
      });
      const fake = deps.stores.get(STORE)!;
      const write = fake.write.bind(fake);
      let failFinal = true;
      fake.write = async (record) => {
        if (!record.pending && failFinal) throw new GuardError("store.unavailable", "killed before the write", { retryable: false });
        return write(record);
      };
      await assert.rejects(provider.create(await checked()), (e: unknown) => isGuardError(e, "rotation.incomplete"));
      assert.ok(fake.current!.record.pending, "the write-ahead intent is in the store");
      assert.match(fake.current!.record.pending.rotationId, /^adopt-/);
      failFinal = false;
      const { id } = await nextUp();
      assert.ok(
        warnings.some((w) => /previous rotation \(id adopt-[^)]+\) did not finish: the secret it generated was lost; rotating again/.test(w)),
        "the next up says what happened",
      );
      await assertConverged(id);
    });

    it("after the store write, before the engine recorded it: the next up takes the stored secret over without regenerating", async () => {
      await provider.create(await checked()); // its result is lost with the killed process
      const secret = deps.stores.get(STORE)!.current!.record.clientSecret;
      const regenerations = genesys.calls.regenerateSecret.callCount;
      const { id, outs } = await nextUp();
      assert.equal(genesys.calls.regenerateSecret.callCount, regenerations, "no second regenerate");
      assert.equal(deps.stores.get(STORE)!.current!.record.clientSecret, secret);
      assert.equal(outs.secretMarker, secretMarker(id, secret));
      assert.ok(warnings.some((w) => w.includes("an earlier adoption of this resource that did not finish already stored a new secret")));
      await assertConverged(id);
    });

    it("a record another adoption key wrote is not taken over: it rotates", async () => {
      await provider.create(await checked({ adoptionKey: "ffffffffffffffffffffffff" }));
      const regenerations = genesys.calls.regenerateSecret.callCount;
      const { id } = await nextUp();
      assert.equal(genesys.calls.regenerateSecret.callCount, regenerations + 1);
      await assertConverged(id);
    });

    it("stops at the adoption failpoints in order", async () => {
      const names = FAILPOINTS.filter((n) => n.startsWith("adopt:"));
      assert.deepEqual([...names], ["adopt:after-update", "adopt:before-regenerate", "adopt:after-regenerate", "adopt:after-store-write"]);
      const store = deps.openStore(STORE);
      await store.write({
        schema: "genesys-oauth-guard/credential@1",
        clientId: existing.id,
        clientSecret: terraformSecret,
        rotationId: "cli-rotate-1",
        rotatedAt: "2026-11-01T00:00:00.000Z",
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-fp-"));
      const file = (n: string): string => path.join(dir, n.replace(/[^A-Za-z0-9_.-]/g, "_"));
      for (const n of names) fs.writeFileSync(`${file(n)}.release`, "");
      process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR = dir;
      try {
        await provider.create(await checked());
      } finally {
        delete process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR;
      }
      const times = names.map((n) => fs.statSync(`${file(n)}.reached`).mtimeMs);
      assert.deepEqual(
        [...times].sort((a, b) => a - b),
        times,
        "reached in order",
      );
      assert.ok(!fs.existsSync(`${file("rotation:before-regenerate")}.reached`), "the rotation failpoints are not the adoption's");
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe("after adoption: the normal lifecycle", () => {
    it("diff sees no change with or without import; later updates are PUTs; delete deletes the client", async () => {
      const inputs = await checked();
      const { id, outs } = await provider.create(inputs);
      const olds = { ...inputs, __provider: "x" } as unknown as Record<string, unknown>;
      for (const next of [news({ adoptClientId: id }), news()]) {
        const again = await provider.check(olds, next);
        assert.deepEqual(again.failures, []);
        const diff = await provider.diff(id, outs!, again.inputs!);
        assert.equal(diff.changes, false, "no diff");
        assert.deepEqual(diff.replaces, []);
      }
      const changed = (await provider.check(olds, news({ adoptClientId: id, description: "new text" }))).inputs!;
      const diff = await provider.diff(id, outs!, changed);
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, []);
      const updated = await provider.update(id, outs!, changed);
      assert.equal(genesys.clients.get(id)!.description, "new text");
      assert.equal(updated.outs!.adoptClientId, undefined);
      // A replacement (grant type) creates a new client: check dropped the adoption id.
      const replaced = (await provider.check(olds, news({ adoptClientId: id, authorizedGrantType: "CODE", roles: [], scopes: ["users:readonly"] }))).inputs!;
      assert.deepEqual((await provider.diff(id, outs!, replaced)).replaces, ["authorizedGrantType"]);
      const second = await provider.create(replaced);
      assert.notEqual(second.id, id, "the replacement is a new client");
      await provider.delete(id, updated.outs!);
      assert.equal(genesys.clients.has(id), false, "destroy deletes the adopted client, as a created one");
    });
  });
});
