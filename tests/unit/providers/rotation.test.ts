import { strict as assert } from "assert";
import { isGuardError } from "../../../core/errors";
import { SecretRotationProvider, stableJson } from "../../../providers/rotation-impl";
import { rotateEvery, rotationPeriod } from "../../../providers/rotation-period";
import { secretMarker } from "../../../rotation/delivery";
import type { SecretRotationInputs } from "../../../providers/types";
import { FakeGenesys, fakeDeps } from "./fakes";

const STORE = "vault://secret/genesys/ci";

describe("providers: SecretRotation", () => {
  let genesys: FakeGenesys;
  let deps: ReturnType<typeof fakeDeps>;
  let provider: SecretRotationProvider;
  let clientId: string;

  const inputs = (overrides: Partial<SecretRotationInputs> = {}): SecretRotationInputs => ({
    clientId,
    secretStore: STORE,
    trigger: "t1",
    exposeSecretAsOutput: false,
    verifyTimeoutSeconds: 30,
    ...overrides,
  });

  beforeEach(async () => {
    genesys = new FakeGenesys();
    deps = fakeDeps(genesys);
    provider = new SecretRotationProvider(deps);
    const created = await genesys.createClient({
      name: "ci",
      description: "",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: "role-dev", divisionId: "*" }],
      scope: [],
      registeredRedirectUri: [],
      accessTokenValiditySeconds: 86400,
      state: "active",
    });
    clientId = created.id;
    genesys.calls.createClient.resetHistory();
  });

  it("regenerates, stores, verifies and returns no secret", async () => {
    const old = genesys.secrets.get(clientId)!;
    const { outs } = await provider.create(inputs());
    const secret = genesys.secrets.get(clientId)!;
    assert.notEqual(secret, old);
    const stored = deps.stores.get(STORE)!.current!;
    assert.equal(stored.record.clientSecret, secret);
    assert.equal(stored.record.rotationId, outs!.rotationId);
    assert.equal(outs!.verified, true);
    assert.equal(outs!.secretMarker, secretMarker(clientId, secret));
    assert.equal(outs!.clientSecret, undefined);
    assert.ok(!JSON.stringify(outs).includes(secret));
    assert.equal(outs!.rotatedAt, "2026-11-25T10:00:00.000Z");
    assert.equal(stored.record.clientName, "ci");
  });

  it("checks the store before regenerating, so a bad store leaves the old secret working", async () => {
    deps.openStore(STORE);
    deps.stores.get(STORE)!.notWritable = true;
    const old = genesys.secrets.get(clientId);
    await assert.rejects(provider.create(inputs()), (e: unknown) => isGuardError(e, "store.forbidden"));
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);
    assert.equal(genesys.secrets.get(clientId), old);
  });

  it("says the next up converges when the write fails after regenerate", async () => {
    deps.openStore(STORE);
    deps.stores.get(STORE)!.failWrites = 1;
    await assert.rejects(provider.create(inputs()), (e: unknown) => {
      assert.ok(isGuardError(e, "rotation.incomplete"));
      assert.match(e.message, /the next pulumi up will rotate again and converge/);
      assert.ok(!e.message.includes(genesys.secrets.get(clientId)!));
      return true;
    });
  });

  it("retries the token grant while the new secret propagates", async () => {
    genesys.verifyDelayCalls = 3;
    const { outs } = await provider.create(inputs());
    assert.equal(outs!.verified, true);
    assert.equal(genesys.calls.verifyCredentials.callCount, 4);
    assert.deepEqual(deps.slept, [250, 500, 1000]);
  });

  it("fails (trigger unapplied) when the new secret never gets a token", async () => {
    const olds = (await new SecretRotationProvider(fakeDeps(genesys)).create(inputs())).outs!;
    genesys.verifyDelayCalls = 1000;
    await assert.rejects(provider.update("r", olds, inputs({ trigger: "t2" })), (e: unknown) => {
      assert.ok(isGuardError(e, "rotation.verify-failed"));
      assert.match(e.message, /did not accept it within 30 s\. .*next pulumi up will rotate again and converge/);
      return true;
    });
  }).timeout(5000);

  it("rotates on a trigger or store change, replaces on a new client, and is quiet otherwise", async () => {
    const { outs } = await provider.create(inputs({ trigger: { a: 1, b: [1, 2] } }));
    const olds = outs!;
    assert.equal((await provider.diff("r", olds, inputs({ trigger: { b: [1, 2], a: 1 } }))).changes, false);
    assert.equal((await provider.diff("r", olds, inputs({ trigger: { a: 2, b: [1, 2] } }))).changes, true);
    assert.deepEqual((await provider.diff("r", olds, inputs({ trigger: olds.trigger, clientId: "other" }))).replaces, ["clientId"]);
    const quiet = await provider.update("r", olds, inputs({ trigger: { b: [1, 2], a: 1 }, verifyTimeoutSeconds: 60 }));
    assert.equal(quiet.outs!.rotationId, olds.rotationId);
    assert.equal(genesys.calls.regenerateSecret.callCount, 1);
    const rotated = await provider.update("r", olds, inputs({ trigger: "t2" }));
    assert.notEqual(rotated.outs!.rotationId, olds.rotationId);
    assert.equal(genesys.calls.regenerateSecret.callCount, 2);
  });

  it("exposes the secret only when asked", async () => {
    const { outs } = await provider.create(inputs({ exposeSecretAsOutput: true }));
    assert.equal(outs!.clientSecret, genesys.secrets.get(clientId));
    const off = await provider.update("r", outs!, inputs({ exposeSecretAsOutput: false }));
    assert.equal(off.outs!.clientSecret, undefined);
  });

  it("says what to do for a client that does not exist, and writes nothing", async () => {
    await assert.rejects(provider.create(inputs({ clientId: "gone" })), (e: unknown) => {
      assert.ok(isGuardError(e, "genesys.not-found"));
      assert.match(e.describe(), /no such client.*pulumi refresh/);
      return true;
    });
    assert.equal(deps.stores.get(STORE)!.writes.length, 0);
  });

  it("needs only regenerate and one token grant from Genesys", async () => {
    await provider.create(inputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 1);
    assert.equal(genesys.calls.verifyCredentials.callCount, 1);
    assert.equal(genesys.calls.getClient.callCount + genesys.calls.listClients.callCount + genesys.calls.updateClient.callCount, 0);
  });

  it("compares triggers independently of key order", () => {
    assert.equal(stableJson({ b: 1, a: [{ y: 1, x: 2 }] }), stableJson({ a: [{ x: 2, y: 1 }], b: 1 }));
    assert.notEqual(stableJson([1, 2]), stableJson([2, 1]));
  });
});

describe("providers: rotation period triggers", () => {
  it("stays the same within a period and changes at the boundary", () => {
    const day = 86_400_000;
    const t0 = new Date(Date.UTC(2026, 0, 1));
    const bucket = rotationPeriod({ days: 30, now: t0 });
    assert.match(bucket, /^every-43200m\/\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    const start = Date.parse(bucket.split("/")[1]);
    assert.equal(rotationPeriod({ days: 30, now: new Date(start + 30 * day - 1) }), bucket);
    assert.notEqual(rotationPeriod({ days: 30, now: new Date(start + 30 * day) }), bucket);
  });

  it("reads rotateEvery specs", () => {
    const now = new Date(Date.UTC(2026, 5, 1, 12));
    assert.equal(rotateEvery("30d", now), rotationPeriod({ days: 30, now }));
    assert.equal(rotateEvery("12h", now), rotationPeriod({ hours: 12, now }));
    assert.equal(rotateEvery("2w", now), rotationPeriod({ days: 14, now }));
    assert.throws(() => rotateEvery("monthly"), /Cannot read the rotation period "monthly"/);
    assert.throws(() => rotationPeriod({}), /at least one minute/);
  });
});
