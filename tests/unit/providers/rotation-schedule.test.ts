/**
 * `rotation: { every }`: the secret is regenerated on the first `pulumi up` at least one period after it was
 * issued — judged with the provider's (fake) clock at diff time — and never right after the OAuthClient's
 * create issued one. States written when OAuthClient passed a UTC bucket trigger migrate without a rotation
 * until the period since their rotatedAt has passed.
 */
import { strict as assert } from "assert";
import { OAuthClientProvider } from "../../../providers/oauth-client-impl";
import { SecretRotationProvider } from "../../../providers/rotation-impl";
import { rotateEvery } from "../../../providers/rotation-period";
import { comparableOldTrigger, dueByAge, isBucketTrigger, rotationReason } from "../../../providers/rotation-schedule";
import { secretMarker } from "../../../rotation/delivery";
import type { OAuthClientInputs, SecretRotationInputs, SecretRotationOutputs } from "../../../providers/types";
import { checkSecretRotationInputs, checkOAuthClientInputs } from "../../../providers/validation";
import { FakeGenesys, fakeDeps } from "./fakes";

const STORE = "vault://secret/genesys/ci";
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

function clientInputs(): OAuthClientInputs {
  return {
    name: "ci-bot",
    description: "",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [{ role: "Developer" }],
    scopes: [],
    redirectUris: [],
    accessTokenValiditySeconds: 86400,
    state: "active",
    secretStore: STORE,
    deleteSecretOnDestroy: false,
    exposeSecretAsOutput: false,
    rotation: { every: "30d" },
  };
}

describe("providers: rotation by age (every)", () => {
  let genesys: FakeGenesys;
  let deps: ReturnType<typeof fakeDeps>;
  let clients: OAuthClientProvider;
  let rotations: SecretRotationProvider;
  let clientId: string;

  const rotationInputs = (overrides: Partial<SecretRotationInputs> = {}): SecretRotationInputs => ({
    clientId,
    secretStore: STORE,
    trigger: null,
    every: "30d",
    adoptOnCreate: true,
    exposeSecretAsOutput: false,
    verifyTimeoutSeconds: 30,
    ...overrides,
  });

  beforeEach(async () => {
    genesys = new FakeGenesys();
    deps = fakeDeps(genesys);
    clients = new OAuthClientProvider(deps);
    rotations = new SecretRotationProvider(deps);
    const { outs } = await clients.create(clientInputs());
    clientId = outs!.clientId;
  });

  it("create of the child right after the client's create adopts the stored secret: one secret for one up", async () => {
    const issued = genesys.secrets.get(clientId)!;
    const writesBefore = deps.stores.get(STORE)!.writes.length;
    deps.advance(5_000);
    const { outs } = await rotations.create(rotationInputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 0, "no regenerate");
    assert.equal(genesys.secrets.get(clientId), issued, "the created secret still works");
    assert.equal(deps.stores.get(STORE)!.writes.length, writesBefore, "no store write");
    const record = deps.stores.get(STORE)!.current!;
    assert.equal(outs!.rotatedAt, record.record.rotatedAt, "rotatedAt is the issue time of the adopted secret");
    assert.equal(outs!.rotationId, record.record.rotationId);
    assert.equal(outs!.storeVersion, record.version);
    assert.equal(outs!.secretMarker, secretMarker(clientId, issued));
    assert.equal(outs!.verified, true);
    assert.equal(outs!.clientSecret, undefined);
    assert.ok(!JSON.stringify(outs).includes(issued));
  });

  it("the adopted secret is the exposed one when exposeSecretAsOutput is set", async () => {
    const { outs } = await rotations.create(rotationInputs({ exposeSecretAsOutput: true }));
    assert.equal(outs!.clientSecret, genesys.secrets.get(clientId));
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);
  });

  it("create without a period adopts only when the OAuthClient asks (adoptOnCreate); a standalone rotation rotates once", async () => {
    await rotations.create(rotationInputs({ every: null, trigger: "t1" }));
    assert.equal(genesys.calls.regenerateSecret.callCount, 0, "OAuthClient child with a trigger only: adopted");
    await rotations.create(rotationInputs({ every: null, trigger: "t1", adoptOnCreate: false }));
    assert.equal(genesys.calls.regenerateSecret.callCount, 1, "standalone without every: rotated at create, as documented");
  });

  it("create rotates when the stored secret is a period old, belongs to another client, has a rotation pending, or gets no token", async () => {
    deps.advance(30 * DAY);
    await rotations.create(rotationInputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 1, "a secret issued 30 days ago is due");

    const store = deps.stores.get(STORE)!;
    store.current = { ...store.current!, record: { ...store.current!.record, clientId: "someone-else" } };
    await rotations.create(rotationInputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 2, "another client's record is not adopted");

    const mine = store.current.record;
    store.current = { ...store.current, record: { ...mine, clientId, pending: { rotationId: "r-x", startedAt: mine.rotatedAt, clientId } } };
    await rotations.create(rotationInputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 3, "a pending rotation is finished, not adopted");

    genesys.secrets.set(clientId, "revoked-elsewhere-0000");
    await rotations.create(rotationInputs({ verifyTimeoutSeconds: 1 }));
    assert.equal(genesys.calls.regenerateSecret.callCount, 4, "a stored secret that gets no token is replaced");
  });

  it("diff: no change before one period after issue, a change at it; update rotates then, and not before", async () => {
    const { outs } = await rotations.create(rotationInputs());
    const olds = outs!;
    const issuedAt = Date.parse(olds.rotatedAt);

    deps.advance(issuedAt + 30 * DAY - 1 - deps.now().getTime());
    assert.equal((await rotations.diff("r", olds, rotationInputs())).changes, false, "1 ms before the period: no change");
    const quiet = await rotations.update("r", olds, rotationInputs());
    assert.equal(quiet.outs!.rotationId, olds.rotationId, "an update before the period does not rotate");
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);

    deps.advance(1);
    assert.equal((await rotations.diff("r", olds, rotationInputs())).changes, true, "exactly one period after issue: due");
    const rotated = await rotations.update("r", olds, rotationInputs());
    assert.equal(genesys.calls.regenerateSecret.callCount, 1);
    assert.notEqual(rotated.outs!.rotationId, olds.rotationId);
    assert.equal(rotated.outs!.rotatedAt, deps.now().toISOString());

    // The next period counts from the new rotatedAt.
    assert.equal((await rotations.diff("r", rotated.outs!, rotationInputs())).changes, false);
    deps.advance(29 * DAY);
    assert.equal((await rotations.diff("r", rotated.outs!, rotationInputs())).changes, false);
    deps.advance(DAY);
    assert.equal((await rotations.diff("r", rotated.outs!, rotationInputs())).changes, true);
  });

  it("diff: a shorter period applies to the current secret's age; changing every alone updates without rotating", async () => {
    const olds = (await rotations.create(rotationInputs())).outs!;
    deps.advance(2 * DAY);
    assert.equal(rotationReason(olds, rotationInputs({ every: "1d" }), deps.now()), "age");
    assert.equal(rotationReason(olds, rotationInputs({ every: "90d" }), deps.now()), undefined);
    assert.equal((await rotations.diff("r", olds, rotationInputs({ every: "90d" }))).changes, true, "the new period is recorded");
    const quiet = await rotations.update("r", olds, rotationInputs({ every: "90d" }));
    assert.equal(quiet.outs!.every, "90d");
    assert.equal(quiet.outs!.rotationId, olds.rotationId);
    assert.equal(genesys.calls.regenerateSecret.callCount, 0);
  });

  it("trigger and store changes still rotate at once", async () => {
    const olds = (await rotations.create(rotationInputs())).outs!;
    assert.equal(rotationReason(olds, rotationInputs({ trigger: "bump" }), deps.now()), "trigger");
    assert.equal(rotationReason(olds, rotationInputs({ secretStore: "vault://secret/genesys/other" }), deps.now()), "store");
  });

  it("migration: a state with the old bucket trigger and no period does not rotate until the period since its rotatedAt has passed", async () => {
    const issued = new Date(deps.now().getTime() - 10 * DAY);
    const oldState: SecretRotationOutputs = {
      clientId,
      secretStore: STORE,
      trigger: rotateEvery("30d", issued),
      exposeSecretAsOutput: false,
      verifyTimeoutSeconds: 120,
      rotationId: "rotation-old",
      rotatedAt: issued.toISOString(),
      storeVersion: "3",
      secretMarker: "sha256:0000000000000000",
      verified: true,
    };
    const news = rotationInputs({ verifyTimeoutSeconds: 120 });
    // Even in a later UTC bucket than the one recorded, the new inputs do not count the missing bucket as a trigger change.
    deps.advance(15 * DAY);
    assert.notEqual(rotateEvery("30d", deps.now()), oldState.trigger, "the old bucket would have rotated by now");
    assert.equal(rotationReason(oldState, news, deps.now()), undefined);
    const diff = await rotations.diff("r", oldState, news);
    assert.equal(diff.changes, true, "the new shape (every) is recorded by a quiet update");
    const { outs } = await rotations.update("r", oldState, news);
    assert.equal(genesys.calls.regenerateSecret.callCount, 0, "no rotation at the upgrade");
    assert.equal(outs!.rotationId, "rotation-old");
    assert.equal(outs!.trigger, null);
    assert.equal(outs!.every, "30d");
    assert.equal((await rotations.diff("r", outs!, news)).changes, false, "then a no-op");

    // The combined shape { period: <bucket>, trigger } compares as the user's trigger alone.
    const combined = { ...oldState, trigger: { period: rotateEvery("30d", issued), trigger: "manual-1" } };
    assert.equal(rotationReason(combined, rotationInputs({ trigger: "manual-1" }), deps.now()), undefined);
    assert.equal(rotationReason(combined, rotationInputs({ trigger: "manual-2" }), deps.now()), "trigger");

    // 30 days after its rotatedAt, the migrated state is due.
    deps.advance(5 * DAY);
    assert.equal(rotationReason(oldState, news, deps.now()), "age");
  });

  it("migration: an OAuthClient child with rotation.trigger only ({ period: null, trigger }) keeps its trigger: no rotation at the upgrade", async () => {
    const oldState: SecretRotationOutputs = {
      clientId,
      secretStore: STORE,
      trigger: { period: null, trigger: "manual-1" },
      exposeSecretAsOutput: false,
      verifyTimeoutSeconds: 30,
      rotationId: "rotation-old",
      rotatedAt: deps.now().toISOString(),
      storeVersion: "3",
      secretMarker: "sha256:0000000000000000",
      verified: true,
    };
    const news = rotationInputs({ every: null, trigger: "manual-1" });
    assert.equal(rotationReason(oldState, news, deps.now()), undefined);
    assert.equal((await rotations.diff("r", oldState, news)).changes, false);
    assert.equal(rotationReason(oldState, rotationInputs({ every: null, trigger: "manual-2" }), deps.now()), "trigger", "a new trigger value still rotates");
    // A standalone rotation (not an OAuthClient's child) whose own trigger has that shape compares it as is.
    const standalone = rotationInputs({ every: null, adoptOnCreate: false, trigger: "manual-1" });
    assert.equal(rotationReason(oldState, standalone, deps.now()), "trigger");
    assert.equal(rotationReason(oldState, { ...standalone, trigger: { period: null, trigger: "manual-1" } }, deps.now()), undefined);
  });

  it("a bucket trigger is kept as a trigger when no period is given (users who build their own)", () => {
    const bucket = rotateEvery("30d", new Date(Date.UTC(2026, 0, 1)));
    assert.ok(isBucketTrigger(bucket));
    assert.ok(!isBucketTrigger("every-30d"));
    const olds = { trigger: bucket, every: null };
    assert.equal(comparableOldTrigger(olds, rotationInputs({ every: null, trigger: bucket })), bucket);
    assert.equal(
      comparableOldTrigger({ trigger: bucket, every: "30d" }, rotationInputs({ trigger: null })),
      bucket,
      "a state that already has a period keeps its trigger",
    );
  });

  it("an unreadable issue time counts as due; no period is never due by age", () => {
    const now = new Date(Date.UTC(2026, 5, 1));
    assert.equal(dueByAge("not a date", "30d", now), true);
    assert.equal(dueByAge(undefined, "30d", now), true);
    assert.equal(dueByAge("2020-01-01T00:00:00.000Z", null, now), false);
    assert.equal(dueByAge(new Date(now.getTime() - 89 * MINUTE).toISOString(), "90m", now), false);
    assert.equal(dueByAge(new Date(now.getTime() - 90 * MINUTE).toISOString(), "90m", now), true);
  });
});

describe("providers: check() of rotation periods", () => {
  const parse = (): void => undefined;

  it("accepts every form of the one duration parser, trims it, and refuses anything else with the fix", () => {
    const ok = checkSecretRotationInputs({ clientId: "abc", secretStore: "file://./x", every: " 12h " }, parse);
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.inputs.every, "12h");
    for (const good of ["1.5d", "P30D", "PT12H", "P1W", "30 days", "90s"]) {
      assert.deepEqual(checkSecretRotationInputs({ clientId: "abc", secretStore: "file://./x", every: good }, parse).failures, [], good);
    }
    assert.equal(checkSecretRotationInputs({ clientId: "abc", secretStore: "file://./x" }, parse).inputs.every, null);
    const refusals: [unknown, RegExp][] = [
      ["monthly", /Cannot read the rotation period "monthly": write one number and one unit/],
      ["P1M", /years and months have no fixed length/],
      ["0d", /at least one minute/],
      ["59s", /at least one minute/],
      [30, /got 30, not text/],
    ];
    for (const [bad, why] of refusals) {
      const checked = checkSecretRotationInputs({ clientId: "abc", secretStore: "file://./x", every: bad }, parse);
      assert.equal(checked.failures.length, 1, `refused: ${JSON.stringify(bad)}`);
      assert.match(checked.failures[0].reason, /^every must be a duration of at least one minute, such as 45s, 90m, 12h, 30d, 1\.5d, 2w or ISO 8601/);
      assert.match(checked.failures[0].reason, why);
    }
    const client = checkOAuthClientInputs({ ...clientInputs(), rotation: { every: "0m" } }, parse);
    assert.deepEqual(
      client.failures.map((f) => f.property),
      ["rotation.every"],
    );
    assert.equal(checkOAuthClientInputs({ ...clientInputs(), rotation: { every: "4w" } }, parse).inputs.rotation?.every, "4w");
  });
});
