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
 * File store "not writable": the tests run as root, where chmod 500 does not stop a write. Instead the
 * store's directory is made impossible: its path is a regular file, so mkdir fails with EEXIST/ENOTDIR and
 * the probe write fails with ENOTDIR whatever the user's privileges.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import { startMoto, MotoServer } from "../../support/moto";
import { freePort, spawnServer, waitForHttp } from "../../support/openbao";
import {
  assertNoLeak, assertNoOrphans, assertStoreMatchesState, assertStoreWorks, emulatorClients, Harness, requireTools, startHarness, StoreProxy, tokenStatus, up, upConverges,
} from "./support";

/** Shared steps of every store case. */
function storeSteps(getH: () => Harness, getStore: () => SecretStore): {
  settle(): Promise<{ clientId: string; secret: string }>;
  failsBeforeRegenerate(pattern: RegExp, known?: { clientId: string; secret: string }): Promise<{ clientId: string; secret: string }>;
  rotateAndConverge(old: { clientId: string; secret: string }): Promise<void>;
} {
  let trigger = 0;
  const settle = async (): Promise<{ clientId: string; secret: string }> => {
    const h = getH();
    await upConverges(h);
    await assertNoOrphans(h);
    const stored = await assertStoreWorks(h, getStore());
    await assertStoreMatchesState(h, stored);
    return stored;
  };
  return {
    settle,
    /** Bump the rotation trigger with the store broken: the up fails and the old secret still works. */
    async failsBeforeRegenerate(pattern: RegExp, known?: { clientId: string; secret: string }) {
      const h = getH();
      // A sealed server cannot be read: the caller read the old secret before the fault.
      const old = known ?? (await assertStoreWorks(h, getStore(), "the secret before the fault works"));
      const regeneratesBefore = await regenerates(h);
      trigger += 1;
      await h.ws.ok(["config", "set", "rotate", "true"]);
      await h.ws.ok(["config", "set", "trigger", `fault-${trigger}`]);
      const failed = await up(h);
      assert.notEqual(failed.code, 0, "the up fails");
      assert.match(failed.stdout + failed.stderr, pattern, `the error names the store fault:\n${(failed.stdout + failed.stderr).slice(-1500)}`);
      assert.equal(await regenerates(h), regeneratesBefore, "no regenerate was sent");
      assert.equal(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the old secret still gets a token");
      return old;
    },
    async rotateAndConverge(old) {
      const h = getH();
      await h.ws.ok(["up", "--yes", "--skip-preview"]);
      const now = await settle();
      assert.ok(now.secret !== old.secret, "the rotation happened once the store was back"); // booleans only: never print a secret
      assert.notEqual(await tokenStatus(h.emulator.baseUrl, old.clientId, old.secret), 200, "the old secret is dead after the rotation");
      await assertNoLeak(h);
    },
  };
}

/** POST …/secret calls the emulator has answered so far. */
async function regenerates(h: Harness): Promise<number> {
  const stats = (await (await fetch(`${h.emulator.baseUrl}/__emulator/stats`)).json()) as { byRoute?: Record<string, number> };
  return Object.entries(stats.byRoute ?? {}).filter(([route]) => /^POST .*oauth\/clients\/[^/]+\/secret$/.test(route)).reduce((n, [, c]) => n + c, 0);
}

describe("e2e faults: file store whose directory cannot be created", function () {
  this.timeout(300_000);
  const reference = "file://./.secrets/store-faults";
  let h: Harness;
  let store: SecretStore;
  const steps = storeSteps(() => h, () => store);

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
    assert.deepEqual(live.map((c) => c.name), [], "no client was created");
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

/** A dev OpenBao whose unseal key we know, behind a proxy. */
interface Bao {
  addr: string;
  rootToken: string;
  unsealKey: string;
  stop(): Promise<void>;
}

async function startBao(): Promise<Bao> {
  const port = await freePort();
  const rootToken = `root-${randomBytes(12).toString("hex")}`;
  const addr = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("VAULT_") || k.startsWith("BAO_")) delete env[k];
  const server = spawnServer("bao", ["server", "-dev", `-dev-root-token-id=${rootToken}`, `-dev-listen-address=127.0.0.1:${port}`, "-dev-no-store-token"], env);
  let exited = false;
  server.child.once("exit", () => (exited = true));
  try {
    await waitForHttp(`${addr}/v1/sys/health`, (s) => s === 200, 30_000, () => exited, server.output);
    const deadline = Date.now() + 10_000;
    let unsealKey: string | undefined;
    while (!(unsealKey = /Unseal Key:\s*(\S+)/.exec(server.output())?.[1]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!unsealKey) throw new Error("the dev server printed no unseal key");
    return { addr, rootToken, unsealKey, stop: server.stop };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

async function baoCall(bao: Bao, method: string, p: string, body?: unknown): Promise<number> {
  const response = await fetch(`${bao.addr}/v1/${p}`, { method, headers: { "X-Vault-Token": bao.rootToken, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

describe("e2e faults: OpenBao sealed, down, wrong token, another writer", function () {
  this.timeout(600_000);
  let bao: Bao;
  let proxy: StoreProxy;
  let h: Harness;
  let store: SecretStore;
  let reference = "";
  const steps = storeSteps(() => h, () => store);

  before(async function () {
    requireTools(this, ["bao"]);
    bao = await startBao();
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
        const status = await baoCall(bao, "POST", "secret/data/genesys/store-faults", { data: { ...current.record, rotationId: `other-writer-${randomBytes(4).toString("hex")}` } });
        assert.equal(status, 200, "the other writer wrote");
      },
    );
    await h.ws.ok(["config", "set", "trigger", `cas-${randomBytes(3).toString("hex")}`]);
    const first = await up(h);
    const text = first.stdout + first.stderr;
    assert.notEqual(first.code, 0, "the conflict fails the rotation (the other writer is not overwritten blindly)");
    const flat = text.replace(/\s+/g, " ");
    assert.match(flat, /\[store\.conflict\]/, flat.slice(-1500));
    if (flat.includes('Nothing was changed')) {
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
        const status = await baoCall(bao, "POST", "secret/data/genesys/store-faults", { data: { ...current.record, rotationId: `other-writer-${randomBytes(4).toString("hex")}` } });
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

describe("e2e faults: moto (AWS Secrets Manager) down", function () {
  this.timeout(300_000);
  const env = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
  let moto: MotoServer;
  let proxy: StoreProxy;
  let h: Harness;
  let store: SecretStore;
  const steps = storeSteps(() => h, () => store);

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
      assert.deepEqual(live.map((c) => c.name), [], "no client was created");
    } finally {
      await proxy.restore();
    }
    await steps.settle();
    await assertNoLeak(h);
  });
});
