/**
 * Store faults end to end with OpenBao (real CLI, a real dev server behind a proxy that can be taken down):
 * sealed, down, a wrong token, and another writer between our read and our write (a real KV v2 check-and-set
 * conflict), before and after the regenerate. A fault present before the rotation starts fails it before the
 * old secret is invalidated; one after the regenerate says so and converges on the next up. See
 * store-faults.test.ts for the file store and moto.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import { startOpenBao, type OpenBaoServer } from "../../support/openbao";
import { storeSteps } from "./store-steps";
import { assertStoreWorks, Harness, requireTools, startHarness, StoreProxy, tokenStatus, up } from "./support";

async function baoCall(bao: OpenBaoServer, method: string, p: string, body?: unknown): Promise<number> {
  const response = await fetch(`${bao.addr}/v1/${p}`, {
    method,
    headers: { "X-Vault-Token": bao.rootToken, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("e2e faults: OpenBao sealed, down, wrong token, another writer", function () {
  this.timeout(600_000);
  let bao: OpenBaoServer;
  let proxy: StoreProxy;
  let h: Harness;
  let store: SecretStore;
  let reference = "";
  const steps = storeSteps(
    () => h,
    () => store,
  );

  before(async function () {
    requireTools(this, ["bao"]);
    bao = await startOpenBao();
    proxy = new StoreProxy(bao.addr);
    await proxy.start();
    reference = `vault://secret/genesys/store-faults?addr=${encodeURIComponent(proxy.url)}`;
    h = await startHarness("bao-faults", reference, { secretConfig: { "genesys-oauth-guard:vaultToken": bao.rootToken } });
    // The test reads the server directly (not through the proxy, which may be down).
    store = openStore(`vault://secret/genesys/store-faults?addr=${encodeURIComponent(bao.addr)}`, { credentials: { vaultToken: bao.rootToken }, env: {} });
    await steps.settle();
  });
  after(async () => {
    await h?.dispose();
    await proxy?.down();
    await bao?.stop();
  });

  it("sealed: the rotation fails before the regenerate (old secret works); after unseal it rotates", async () => {
    const old = await assertStoreWorks(h, store);
    assert.equal(await baoCall(bao, "PUT", "sys/seal"), 204, "sealed");
    try {
      await steps.failsBeforeRegenerate(/sealed|\[store\.unavailable\]/, old);
    } finally {
      assert.equal(await baoCall(bao, "PUT", "sys/unseal", { key: bao.unsealKey }), 200, "unsealed");
    }
    await steps.rotateAndConverge(old);
  });

  it("down (connection refused): the rotation fails before the regenerate; once it is back it rotates", async () => {
    const old = await assertStoreWorks(h, store);
    await proxy.down();
    try {
      await steps.failsBeforeRegenerate(/unreachable|\[store\.unavailable\]/);
    } finally {
      await proxy.restore();
    }
    await steps.rotateAndConverge(old);
  });

  it("wrong token: the rotation fails before the regenerate; with the right token it rotates", async () => {
    const old = await assertStoreWorks(h, store);
    await h.ws.ok(["config", "set", "--secret", "genesys-oauth-guard:vaultToken", "hvs.not-a-valid-token"]);
    try {
      await steps.failsBeforeRegenerate(/\[store\.(unauthorized|forbidden)\]/);
    } finally {
      await h.ws.ok(["config", "set", "--secret", "genesys-oauth-guard:vaultToken", bao.rootToken]);
    }
    await steps.rotateAndConverge(old);
  });

  it("another writer between our read and our write (KV v2 CAS conflict): converges, the store ends with our working secret", async () => {
    const old = await assertStoreWorks(h, store);
    // Right before the provider's POST …/data/…, another writer stores a record (the current one, re-stamped).
    const current = await store.read();
    assert.ok(current);
    proxy.beforeNext(
      (method, url) => method === "POST" && url.startsWith("/v1/secret/data/genesys/store-faults"),
      async () => {
        const status = await baoCall(bao, "POST", "secret/data/genesys/store-faults", {
          data: { ...current.record, rotationId: `other-writer-${randomBytes(4).toString("hex")}` },
        });
        assert.equal(status, 200, "the other writer wrote");
      },
    );
    await h.ws.ok(["config", "set", "trigger", `cas-${randomBytes(3).toString("hex")}`]);
    const first = await up(h);
    const text = first.stdout + first.stderr;
    assert.notEqual(first.code, 0, "the conflict fails the rotation (the other writer is not overwritten blindly)");
    const flat = text.replace(/\s+/g, " ");
    assert.match(flat, /\[store\.conflict\]/, flat.slice(-1500));
    if (flat.includes("Nothing was changed")) {
      // Lost the race on the write-ahead record, before the regenerate: the old secret must still work.
      assert.equal(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the error says nothing changed, and the old secret still works");
    } else {
      // Lost the race after the regenerate: the error must say the old secret is dead and the next up converges.
      assert.match(flat, /next pulumi up will rotate again/, "the error says how it recovers");
    }
    await steps.rotateAndConverge(old);
    const version = Number((await store.read())?.version);
    assert.ok(version >= 3, "the other writer's version is in the history");
  });

  it("another writer between our read and the write of the new secret (after the regenerate): the next up converges", async () => {
    const old = await assertStoreWorks(h, store);
    const current = await store.read();
    assert.ok(current);
    // Let the write-ahead record through; the other writer strikes right before the new secret's write.
    proxy.beforeNext(
      (method, url) => method === "POST" && url.startsWith("/v1/secret/data/genesys/store-faults"),
      async () => {
        const status = await baoCall(bao, "POST", "secret/data/genesys/store-faults", {
          data: { ...current.record, rotationId: `other-writer-${randomBytes(4).toString("hex")}` },
        });
        assert.equal(status, 200, "the other writer wrote");
      },
      1,
    );
    await h.ws.ok(["config", "set", "trigger", `cas-late-${randomBytes(3).toString("hex")}`]);
    const first = await up(h);
    const flat = (first.stdout + first.stderr).replace(/\s+/g, " ");
    // store.conflict is not retried (the other writer is not overwritten blindly): the rotation fails after
    // the regenerate, and the error must say that the old secret is dead and that the next up converges.
    assert.notEqual(first.code, 0, "the conflict fails the rotation");
    assert.match(flat, /\[rotation\.incomplete\]/, flat.slice(-1500));
    assert.match(flat, /The old secret no longer works.*next pulumi up will rotate again/, "the error says what happened and how it recovers");
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the old secret is dead (regenerated)");
    await steps.rotateAndConverge(old);
  });
});
