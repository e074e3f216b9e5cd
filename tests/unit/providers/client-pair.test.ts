import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { GuardError, isGuardError } from "../../../core/errors";
import { clientPairProvider } from "../../../providers/serialized";
import { ClientPairProvider, rotationKey } from "../../../providers/client-pair-impl";
import { checkClientPairInputs } from "../../../providers/validation";
import type { ClientPairInputs } from "../../../providers/types";
import type { CredentialRecord } from "../../../stores/store";
import { FakeGenesys, FakeStore, fakeDeps } from "./fakes";

const STORE = "vault://secret/genesys/pair";

describe("providers: ClientPair (alternating clients)", () => {
  let genesys: FakeGenesys;
  let deps: ReturnType<typeof fakeDeps>;
  let provider: ClientPairProvider;
  /** Every record the store was given, with whether its top-level pair got a token at that moment. */
  let writes: { record: CredentialRecord; working: boolean }[];

  const inputs = (overrides: Partial<ClientPairInputs> = {}): ClientPairInputs => ({
    name: "ci",
    description: "CI",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [{ role: "Developer" }],
    scopes: [],
    redirectUris: [],
    accessTokenValiditySeconds: 3600,
    state: "active",
    secretStore: STORE,
    deleteSecretOnDestroy: false,
    trigger: "t1",
    verifyTimeoutSeconds: 30,
    ...overrides,
  });

  /** The store's top-level pair gets a token now. */
  const storeWorks = async (): Promise<boolean> => {
    const rec = deps.stores.get(STORE)!.current!.record;
    return genesys.verifyCredentials(rec.clientId, rec.clientSecret);
  };

  beforeEach(() => {
    genesys = new FakeGenesys();
    deps = fakeDeps(genesys);
    provider = new ClientPairProvider(deps);
    writes = [];
    const store = deps.openStore(STORE) as FakeStore;
    const write = store.write.bind(store);
    store.write = async (record) => {
      writes.push({ record: { ...record }, working: genesys.secrets.get(record.clientId) === record.clientSecret });
      return write(record);
    };
  });

  it("create makes two clients with identical settings and writes one record: current + standby, no secret in state", async () => {
    const { id, outs } = await provider.create(inputs());
    assert.equal(genesys.clients.size, 2);
    const [a, b] = outs!.clientIds;
    assert.equal(genesys.clients.get(a)!.name, "ci-a");
    assert.equal(genesys.clients.get(b)!.name, "ci-b");
    assert.deepEqual(genesys.clients.get(a)!.roleDivisions, genesys.clients.get(b)!.roleDivisions);
    assert.equal(genesys.clients.get(a)!.description, "CI", "creation markers removed");
    const record = deps.stores.get(STORE)!.current!.record;
    assert.equal(record.clientId, a);
    assert.equal(record.standby!.clientId, b);
    assert.equal(record.pending, undefined);
    assert.equal(record.rotationKey, rotationKey("t1"));
    assert.ok(await storeWorks());
    assert.equal(outs!.currentClientId, a);
    assert.equal(outs!.standbyClientId, b);
    assert.equal(writes.length, 1, "one store write");
    const state = JSON.stringify({ id, outs });
    for (const secret of genesys.secrets.values()) assert.ok(!state.includes(secret), "no secret in state");
  });

  it("each rotation regenerates only the standby, stores it pending, verifies, flips in one write; the old current keeps working", async () => {
    const created = (await provider.create(inputs())).outs!;
    const [a, b] = created.clientIds;
    const secretA = genesys.secrets.get(a)!;
    const first = (await provider.update("p", created, inputs({ trigger: "t2" }))).outs!;
    assert.deepEqual(
      genesys.calls.regenerateSecret.args.map((x) => x[0]),
      [b],
      "only the standby was regenerated",
    );
    assert.equal(genesys.secrets.get(a), secretA, "the client consumers used was not touched");
    assert.equal(first.currentClientId, b);
    assert.equal(first.standbyClientId, a);
    const rotation = writes.slice(1);
    assert.equal(rotation.length, 2, "pending + flip");
    assert.equal(rotation[0].record.clientId, a, "pending write: consumers still read a");
    assert.equal(rotation[0].record.pending!.clientId, b);
    assert.ok(rotation[0].record.pending!.clientSecret);
    assert.equal(rotation[1].record.clientId, b, "flip");
    assert.equal(rotation[1].record.standby!.clientId, a);
    assert.equal(rotation[1].record.pending, undefined);
    assert.ok(
      writes.every((w) => w.working),
      "every record ever written held a working top-level pair",
    );
    assert.ok(await genesys.verifyCredentials(a, secretA), "a still works until the next rotation");
    assert.ok(await storeWorks());

    const second = (await provider.update("p", first, inputs({ trigger: "t3" }))).outs!;
    assert.deepEqual(
      genesys.calls.regenerateSecret.args.map((x) => x[0]),
      [b, a],
      "the second rotation regenerates the other one",
    );
    assert.equal(second.currentClientId, a);
    assert.ok(writes.every((w) => w.working));
    assert.ok(await storeWorks());
    assert.equal(second.secretMarker !== first.secretMarker, true);
  });

  it("a standby that never verifies fails the rotation and leaves consumers on the current client", async () => {
    const created = (await provider.create(inputs())).outs!;
    genesys.verifyDelayCalls = 10_000;
    await assert.rejects(provider.update("p", created, inputs({ trigger: "t2" })), (e: unknown) => {
      assert.ok(isGuardError(e, "rotation.verify-failed"));
      assert.match(e.message, new RegExp(`Consumers keep using client ${created.clientIds[0]}`));
      return true;
    });
    genesys.verifyDelayCalls = 0;
    assert.equal(deps.stores.get(STORE)!.current!.record.clientId, created.clientIds[0]);
    assert.ok(await storeWorks());
    // The engine kept the old trigger: the next up rotates again and converges; the leftover pending is replaced.
    const again = (await provider.update("p", created, inputs({ trigger: "t2" }))).outs!;
    assert.equal(again.currentClientId, created.clientIds[1]);
    assert.equal(deps.stores.get(STORE)!.current!.record.pending, undefined);
    assert.ok(await storeWorks());
  }).timeout(10_000);

  it("after a crash between the flip and the state write, the next run records the finished rotation instead of rotating again", async () => {
    const created = (await provider.create(inputs())).outs!;
    await provider.update("p", created, inputs({ trigger: "t2" })); // engine never saw this result
    const regenerations = genesys.calls.regenerateSecret.callCount;
    const adopted = (await provider.update("p", created, inputs({ trigger: "t2" }))).outs!;
    assert.equal(genesys.calls.regenerateSecret.callCount, regenerations, "the client consumers just left is not regenerated");
    assert.equal(adopted.currentClientId, created.clientIds[1]);
    assert.ok(await storeWorks());
    // A later trigger change rotates as usual.
    await provider.update("p", adopted, inputs({ trigger: "t3" }));
    assert.equal(genesys.calls.regenerateSecret.callCount, regenerations + 1);
  });

  it("a store write failing at create deletes both clients", async () => {
    const store = deps.stores.get(STORE)!;
    store.write = async () => {
      throw new GuardError("store.unavailable", "down", { retryable: false });
    };
    await assert.rejects(provider.create(inputs()), (e: unknown) => isGuardError(e, "provider.create-rolled-back"));
    assert.equal(genesys.clients.size, 0);
  });

  it("a bad store fails the rotation before anything is regenerated", async () => {
    const created = (await provider.create(inputs())).outs!;
    deps.stores.get(STORE)!.notWritable = true;
    await assert.rejects(provider.update("p", created, inputs({ trigger: "t2" })), (e: unknown) => isGuardError(e, "store.forbidden"));
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);
  });

  it("diff: trigger rotates, settings change both clients in place, grant type replaces, same trigger is quiet", async () => {
    const created = (await provider.create(inputs())).outs!;
    assert.equal((await provider.diff("p", created, inputs())).changes, false);
    assert.equal((await provider.diff("p", created, inputs({ trigger: "t2" }))).changes, true);
    assert.deepEqual((await provider.diff("p", created, inputs({ authorizedGrantType: "CODE", scopes: ["users"] }))).replaces, ["authorizedGrantType"]);
    const changed = (await provider.update("p", created, inputs({ description: "new" }))).outs!;
    assert.equal(genesys.calls.regenerateSecret.callCount, 0, "no rotation for a settings change");
    for (const id of changed.clientIds) assert.equal(genesys.clients.get(id)!.description, "new");
  });

  it("refresh notices a member deleted outside Pulumi; up re-creates it and leaves a verified pair in the store", async () => {
    const created = (await provider.create(inputs())).outs!;
    await genesys.deleteClient(created.clientIds[1]);
    const read = await provider.read("p", created);
    const props = read.props!;
    assert.equal(props.members[1].clientId, "");
    assert.equal((await provider.diff("p", props, inputs())).changes, true);
    const fixed = (await provider.update("p", props, inputs())).outs!;
    assert.equal(genesys.clients.size, 2);
    assert.ok(fixed.clientIds.every((c) => genesys.clients.has(c)));
    assert.ok(await storeWorks());
  });

  it("a store change copies the record; destroy deletes both clients and the record only when asked", async () => {
    const created = (await provider.create(inputs())).outs!;
    const moved = (await provider.update("p", created, inputs({ secretStore: "file://./.secrets/pair" }))).outs!;
    assert.equal(deps.stores.get("file://./.secrets/pair")!.current!.record.clientId, created.clientIds[0]);
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);
    await provider.delete("p", { ...moved, deleteSecretOnDestroy: true });
    assert.equal(genesys.clients.size, 0);
    assert.equal(deps.stores.get("file://./.secrets/pair")!.current, undefined);
  });

  it("stops at the pair failpoints", async () => {
    const created = (await provider.create(inputs())).outs!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-fp-"));
    const names = ["pair:after-regenerate-standby", "pair:after-store-pending", "pair:after-flip"];
    const file = (n: string) => path.join(dir, n.replace(/[^A-Za-z0-9_.-]/g, "_"));
    for (const n of names) fs.writeFileSync(`${file(n)}.release`, "");
    process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR = dir;
    process.env.GENESYS_OAUTH_GUARD_FAILPOINTS = names.join(",");
    try {
      await provider.update("p", created, inputs({ trigger: "t2" }));
    } finally {
      delete process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR;
      delete process.env.GENESYS_OAUTH_GUARD_FAILPOINTS;
    }
    for (const n of names) assert.ok(fs.existsSync(`${file(n)}.reached`), `${n} reached`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("check: OAuthClient rules, trigger default null, no secret output", () => {
    const ok = checkClientPairInputs({ name: "ci", authorizedGrantType: "CLIENT-CREDENTIALS", roles: ["Developer"], secretStore: STORE }, (reference) =>
      deps.parseStoreReference(reference),
    );
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs.trigger, null);
    assert.equal((ok.inputs as unknown as Record<string, unknown>).exposeSecretAsOutput, undefined);
    const bad = checkClientPairInputs({ name: "ci", authorizedGrantType: "CLIENT_CREDENTIALS", secretStore: STORE, exposeSecretAsOutput: true }, (reference) =>
      deps.parseStoreReference(reference),
    );
    assert.deepEqual(bad.failures.map((f) => f.property).sort(), ["authorizedGrantType", "exposeSecretAsOutput"]);
  });

  it("serializes its provider object to a module name, nothing else", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => clientPairProvider, { allowSecrets: true });
    assert.match(sf.text, /require\("genesys-oauth-guard\/providers\/runtime"\)/);
    assert.match(sf.text, /clientPairProvider/);
    assert.ok(!/process\.env|GENESYS_CLOUD|clientSecret/.test(sf.text), "no settings or env reads in the text");
    assert.equal(sf.containsSecrets, false);
    assert.ok(sf.text.length < 8_000, `small text (${sf.text.length} chars)`);
  });
});
