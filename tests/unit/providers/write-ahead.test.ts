import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GuardError, isGuardError } from "../../../core/errors";
import { SecretRotationProvider } from "../../../providers/rotation-impl";
import type { SecretRotationInputs } from "../../../providers/types";
import { FileStore } from "../../../stores/file-store";
import { parseStoreReference } from "../../../stores/reference";
import { writeKey } from "../../../stores/record";
import { CREDENTIAL_SCHEMA, CredentialRecord } from "../../../stores/store";
import { FakeGenesys, fakeDeps } from "./fakes";

const STORE = "vault://secret/genesys/ci";

describe("providers: SecretRotation write-ahead intent", () => {
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
    clientId = (
      await genesys.createClient({
        name: "ci",
        description: "",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [{ roleId: "role-dev", divisionId: "*" }],
        scope: [],
        registeredRedirectUri: [],
        accessTokenValiditySeconds: 86400,
        state: "active",
      })
    ).id;
  });

  it("records the intent next to the current secret before regenerating, and the final write marks it done", async () => {
    const first = await provider.create(inputs()); // a first rotation: the store now holds this client's record
    const store = deps.stores.get(STORE)!;
    const before = store.current!.record;
    const writesBefore = store.writes.length;
    let checked = false;
    const regenerate = genesys.regenerateSecret.bind(genesys);
    genesys.regenerateSecret = async (id) => {
      // When Genesys is asked, the intent is already in the store and consumers still read the old pair.
      const now = store.current!.record;
      assert.ok(now.pending, "the intent was written before regenerate");
      assert.equal(now.pending.clientId, clientId);
      assert.equal(now.pending.clientSecret, undefined, "an intent carries no secret");
      assert.equal(now.clientSecret, before.clientSecret);
      assert.equal(now.clientId, before.clientId);
      checked = true;
      return regenerate(id);
    };
    const { outs } = await provider.update("r", first.outs!, inputs({ trigger: "t2" }));
    assert.ok(checked);
    const written = store.writes.slice(writesBefore);
    assert.equal(written.length, 2, "intent + final");
    assert.equal(written[0].pending!.rotationId, outs!.rotationId, "the final record carries the intent's rotation id");
    assert.equal(written[0].pending!.startedAt, "2026-11-25T10:00:00.000Z");
    const final = store.current!.record;
    assert.equal(final.pending, undefined, "done: no pending left");
    assert.equal(final.rotationId, outs!.rotationId);
    assert.equal(final.clientSecret, genesys.secrets.get(clientId));
  });

  it("a leftover intent means the secret was lost: it rotates again and says what happened", async () => {
    await provider.create(inputs());
    const store = deps.stores.get(STORE)!;
    // What a crash between regenerate and the store write leaves: the intent, and a secret Genesys no longer accepts.
    store.current = {
      record: { ...store.current!.record, pending: { rotationId: "rotation-lost", startedAt: "2026-11-25T09:00:00.000Z", clientId } },
      version: "9",
    };
    await genesys.regenerateSecret(clientId);
    assert.equal(await genesys.verifyCredentials(clientId, store.current.record.clientSecret), false, "the stored secret is dead");
    // The intent write succeeds; the final write (no pending) fails, so the error must carry the story.
    const write = store.write.bind(store);
    let failFinal = true;
    store.write = async (record) => {
      if (failFinal && !record.pending) throw new GuardError("store.unavailable", "down", { retryable: false });
      return write(record);
    };
    await assert.rejects(
      provider.update("r", { ...inputs(), rotationId: "x", rotatedAt: "", storeVersion: "", secretMarker: "", verified: true }, inputs({ trigger: "t2" })),
      (e: unknown) => {
        assert.ok(isGuardError(e));
        assert.match(
          e.message,
          /previous rotation \(id rotation-lost, started 2026-11-25T09:00:00.000Z\) did not finish: the secret it generated was lost; rotating again/,
        );
        return true;
      },
    );
    failFinal = false;
    const { outs } = await provider.update(
      "r",
      { ...inputs(), rotationId: "x", rotatedAt: "", storeVersion: "", secretMarker: "", verified: true },
      inputs({ trigger: "t2" }),
    );
    assert.equal(outs!.verified, true);
    assert.equal(store.current.record.pending, undefined);
    assert.equal(await genesys.verifyCredentials(clientId, store.current.record.clientSecret), true, "converged: the store works again");
  });

  it("a leftover intent whose stored secret still works: the crash was before regenerate, and the warning says so", async () => {
    await provider.create(inputs());
    const store = deps.stores.get(STORE)!;
    store.current = {
      record: { ...store.current!.record, pending: { rotationId: "rotation-early", startedAt: "2026-11-25T09:00:00.000Z", clientId } },
      version: "9",
    };
    const write = store.write.bind(store);
    store.write = async (record) => {
      if (!record.pending) throw new GuardError("store.unavailable", "down", { retryable: false });
      return write(record);
    };
    await assert.rejects(
      provider.update("r", { ...inputs(), rotationId: "x", rotatedAt: "", storeVersion: "", secretMarker: "", verified: true }, inputs({ trigger: "t2" })),
      (e: unknown) => {
        assert.ok(isGuardError(e));
        assert.match(
          e.message,
          /previous rotation \(id rotation-early, started 2026-11-25T09:00:00.000Z\) did not finish; it stopped before regenerating \(the stored secret still works\); rotating now/,
        );
        return true;
      },
    );
  });

  it("a lost regenerate response is repeated on the retry policy (waiting with the provider's clock), and the last secret is stored", async () => {
    const regenerate = genesys.regenerateSecret.bind(genesys);
    let lose = 1;
    genesys.regenerateSecret = async (id) => {
      await regenerate(id);
      if (lose-- > 0) throw new GuardError("genesys.network", "ECONNRESET after acting", { retryable: true });
      return regenerate(id);
    };
    const { outs } = await provider.create(inputs());
    assert.equal(outs!.verified, true);
    assert.equal(deps.stores.get(STORE)!.current!.record.clientSecret, genesys.secrets.get(clientId));
    assert.equal(deps.slept.length, 1, "one backoff wait, on the fake clock");
  });

  it("writes no intent into an empty store or over another client's record", async () => {
    await provider.create(inputs());
    assert.ok(
      deps.stores.get(STORE)!.writes.every((w) => !w.pending),
      "first rotation into an empty store: no intent",
    );
    const other = deps.stores.get(STORE)!;
    other.current = { record: { ...other.current!.record, clientId: "someone-else" }, version: "5" };
    await provider.update("r", { ...inputs(), rotationId: "x", rotatedAt: "", storeVersion: "", secretMarker: "", verified: true }, inputs({ trigger: "t3" }));
    assert.ok(other.writes.every((w) => !w.pending));
  });

  it("stops at the rotation failpoints in order", async () => {
    await provider.create(inputs());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-fp-"));
    const names = ["rotation:before-regenerate", "rotation:after-regenerate", "rotation:after-store-write"];
    for (const n of names) fs.writeFileSync(path.join(dir, `${n.replace(/[^A-Za-z0-9_.-]/g, "_")}.release`), "");
    process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR = dir;
    try {
      await provider.update(
        "r",
        { ...inputs(), rotationId: "x", rotatedAt: "", storeVersion: "", secretMarker: "", verified: true },
        inputs({ trigger: "t2" }),
      );
    } finally {
      delete process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR;
    }
    const reached = names.map((n) => fs.statSync(path.join(dir, `${n.replace(/[^A-Za-z0-9_.-]/g, "_")}.reached`)).mtimeMs);
    assert.equal(reached.length, 3);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("stores: records with a pending rotation", () => {
  const base: CredentialRecord = {
    schema: CREDENTIAL_SCHEMA,
    clientId: "c1",
    clientSecret: "S3cret-current-xxxxxx",
    rotationId: "rot-1",
    rotatedAt: "2026-11-25T10:00:00.000Z",
  };

  it("writeKey is the rotationId without pending and differs with it", () => {
    assert.equal(writeKey(base), "rot-1");
    assert.notEqual(writeKey({ ...base, pending: { rotationId: "rot-2", startedAt: "t", clientId: "c1" } }), "rot-1");
  });

  it("the file store writes an intent next to the same secret, keeps it on read, and is idempotent per writeKey", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-wa-"));
    const store = new FileStore(parseStoreReference("file://./s/ci") as never, { cwd: dir });
    const v1 = await store.write(base);
    const intent: CredentialRecord = {
      ...base,
      pending: { rotationId: "rot-2", startedAt: "2026-11-25T10:05:00.000Z", clientId: "c1" },
      standby: { clientId: "c2", clientName: "ci-b" },
      rotationKey: "trigger:abc",
    };
    const v2 = await store.write(intent);
    assert.notEqual(v2.version, v1.version, "the intent is written although the rotationId is unchanged");
    assert.equal((await store.write(intent)).version, v2.version, "repeating it is a no-op");
    const read = (await store.read())!.record;
    assert.deepEqual(read.pending, intent.pending);
    assert.deepEqual(read.standby, intent.standby);
    assert.equal(read.rotationKey, "trigger:abc");
    assert.equal(read.clientSecret, base.clientSecret, "consumers read the same pair");
    const done = await store.write({ ...base, clientSecret: "S3cret-new-yyyyyyyyyy", rotationId: "rot-2" });
    assert.notEqual(done.version, v2.version);
    assert.equal((await store.read())!.record.pending, undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
