/**
 * Store faults end to end (real CLI, real OpenBao and moto servers, the file store): a file store whose
 * directory cannot be created, OpenBao sealed / down / with a wrong token / written by another writer
 * between our read and our write (a real KV v2 check-and-set conflict), moto down.
 *
 * Faults present before the rotation starts must fail it before the old secret is invalidated: the old
 * secret still gets a token and the client in Genesys is untouched. A fault that hits after the regenerate
 * (the CAS conflict) must say so and converge on the next up. "Down" is an HTTP proxy in front of the server
 * that closes its port (connection refused, exactly what a stopped server gives) so the in-memory dev
 * servers keep their data for the recovery step.
 *
 * The OpenBao cases are in store-faults-openbao.test.ts (their own stack and server, so the files run at the
 * same time).
 *
 * File store "not writable": the tests run as root, where chmod 500 does not stop a write. Instead the
 * store's directory is made impossible: its path is a regular file, so mkdir fails with EEXIST/ENOTDIR and
 * the probe write fails with ENOTDIR whatever the user's privileges.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import { startMoto, MotoServer } from "../../support/moto";
import { storeSteps } from "./store-steps";
import { assertNoLeak, assertStoreWorks, emulatorClients, Harness, requireTools, startHarness, StoreProxy, up } from "./support";

describe("e2e faults: file store whose directory cannot be created", function () {
  this.timeout(300_000);
  const reference = "file://./.secrets/store-faults";
  let h: Harness;
  let store: SecretStore;
  const steps = storeSteps(
    () => h,
    () => store,
  );

  before(async function () {
    requireTools(this);
    h = await startHarness("file-faults", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
  });
  after(async () => h?.dispose());

  it("at create: fails before any client exists (store.io), then creates once the path is a directory again", async () => {
    const secrets = path.join(h.ws.programDir, ".secrets");
    fs.writeFileSync(secrets, "not a directory\n");
    const failed = await up(h);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /\[store\.io\]/, (failed.stdout + failed.stderr).slice(-1500));
    const live = (await emulatorClients(h.emulator.baseUrl)).filter((c) => !c.seeded && c.state !== "deleted" && c.id !== h.adminId);
    assert.deepEqual(
      live.map((c) => c.name),
      [],
      "no client was created",
    );
    fs.rmSync(secrets);
    await steps.settle();
    await assertNoLeak(h);
  });

  it("at rotation: fails before the regenerate (old secret works), rotates once the directory is back", async () => {
    const secrets = path.join(h.ws.programDir, ".secrets");
    const aside = `${secrets}.aside`;
    fs.renameSync(secrets, aside);
    fs.writeFileSync(secrets, "not a directory\n");
    let old: { clientId: string; secret: string };
    try {
      // The record is aside: read it from there to know the old secret.
      const asideStore = openStore("file://./.secrets.aside/store-faults", { cwd: h.ws.programDir });
      const held = await assertStoreWorks(h, asideStore);
      const realStore = store;
      store = asideStore;
      try {
        old = await steps.failsBeforeRegenerate(/\[store\.io\]/);
      } finally {
        store = realStore;
      }
      assert.ok(old.secret === held.secret, "the same secret"); // booleans only: never print a secret
    } finally {
      fs.rmSync(secrets);
      fs.renameSync(aside, secrets);
    }
    await steps.rotateAndConverge(old);
  });
});

describe("e2e faults: moto (AWS Secrets Manager) down", function () {
  this.timeout(300_000);
  const env = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
  let moto: MotoServer;
  let proxy: StoreProxy;
  let h: Harness;
  let store: SecretStore;
  const steps = storeSteps(
    () => h,
    () => store,
  );

  before(async function () {
    requireTools(this, ["moto_server"]);
    moto = await startMoto();
    proxy = new StoreProxy(moto.endpoint);
    await proxy.start();
    const reference = `awssm://genesys/store-faults?region=us-east-1&endpoint=${encodeURIComponent(proxy.url)}`;
    h = await startHarness("moto-faults", reference, { env });
    store = openStore(`awssm://genesys/store-faults?region=us-east-1&endpoint=${encodeURIComponent(moto.endpoint)}`, { env });
    await steps.settle();
  });
  after(async () => {
    await h?.dispose();
    await proxy?.down();
    await moto?.stop();
  });

  it("down at rotation: fails before the regenerate (old secret works); once it is back it rotates", async () => {
    const old = await assertStoreWorks(h, store);
    await proxy.down();
    try {
      await steps.failsBeforeRegenerate(/unreachable|\[store\.unavailable\]/);
    } finally {
      await proxy.restore();
    }
    await steps.rotateAndConverge(old);
  });

  it("down at create: fails before any client exists; once it is back the client is created", async () => {
    await h.ws.ok(["config", "set", "rotate", "false"]);
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    await proxy.down();
    try {
      const failed = await up(h);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stdout + failed.stderr, /unreachable|\[store\.unavailable\]/, (failed.stdout + failed.stderr).slice(-1500));
      const live = (await emulatorClients(h.emulator.baseUrl)).filter((c) => !c.seeded && c.state !== "deleted" && c.id !== h.adminId);
      assert.deepEqual(
        live.map((c) => c.name),
        [],
        "no client was created",
      );
    } finally {
      await proxy.restore();
    }
    await steps.settle();
    await assertNoLeak(h);
  });
});
