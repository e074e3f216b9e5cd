import { strict as assert } from "assert";
import { createSign, generateKeyPairSync, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { VaultStore } from "../../../stores/vault-store";
import { openStore } from "../../../stores/index";
import { StoreOptions } from "../../../stores/options";
import { OpenBaoServer, requireBinary, startOpenBao } from "../../support/openbao";
import { fastRetry, SecretTracker } from "./helpers";

/** Root-token API call against the dev server (test setup only). */
async function api(
  server: OpenBaoServer,
  method: string,
  p: string,
  body?: unknown,
  token = server.rootToken,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.addr}/v1/${p}`, {
    method,
    headers: { "X-Vault-Token": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function tokenWithPolicy(server: OpenBaoServer, name: string, policy: string): Promise<string> {
  assert.equal((await api(server, "PUT", `sys/policies/acl/${name}`, { policy })).status, 204);
  const res = await api(server, "POST", "auth/token/create", { policies: [name], ttl: "10m" });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.auth as { client_token: string }).client_token;
}

describe("stores/vault-store against a real OpenBao dev server", function () {
  this.timeout(60_000);
  let server: OpenBaoServer;
  const t = new SecretTracker();
  let n = 0;

  before(async function () {
    requireBinary(this, "bao");
    server = await startOpenBao();
    t.track(server.rootToken);
  });
  after(async () => {
    await server?.stop();
    t.assertNoSecretsInErrors();
  });

  /** A store on a fresh secret path, with the root token unless options say otherwise. */
  function store(options: StoreOptions = {}, pathName = `genesys/ci-${++n}-${randomBytes(3).toString("hex")}`, query = ""): VaultStore {
    return openStore(`vault://secret/${pathName}?addr=${encodeURIComponent(server.addr)}${query}`, {
      env: {},
      credentials: { vaultToken: server.rootToken },
      retry: fastRetry(),
      ...options,
    }) as VaultStore;
  }

  it("writes, reads (KV v2 data + version) and removes", async () => {
    const s = store();
    assert.equal(await s.read(), undefined);
    await s.checkWritable();
    const r1 = t.record("rot-1");
    const w1 = await s.write(r1);
    assert.equal(w1.version, "1");
    assert.deepEqual(await s.read(), { record: r1, version: "1" });
    const raw = await api(server, "GET", s.dataPath);
    assert.equal((raw.body.data as { data: { clientSecret: string } }).data.clientSecret, r1.clientSecret);
    const r2 = t.record("rot-2");
    assert.equal((await s.write(r2)).version, "2");
    assert.equal((await s.read())?.record.clientSecret, r2.clientSecret);
    await s.remove();
    assert.equal(await s.read(), undefined);
    await s.remove(); // nothing stored: fine
  });

  it("reads address and token from the environment (VAULT_ADDR / BAO_TOKEN)", async () => {
    const s = openStore(`vault://secret/env-${randomBytes(3).toString("hex")}`, {
      env: { BAO_ADDR: server.addr, BAO_TOKEN: server.rootToken },
      retry: fastRetry(),
    });
    const r = t.record("rot-env");
    await s.write(r);
    assert.equal((await s.read())?.record.rotationId, "rot-env");
  });

  it("a retried write of the same rotation does not make a new version", async () => {
    const s = store();
    const r = t.record("rot-1");
    assert.equal((await s.write(r)).version, "1");
    assert.equal((await s.write({ ...r, rotatedAt: new Date(0).toISOString() })).version, "1");
    const meta = await api(server, "GET", `secret/metadata/${s.dataPath.replace(/^secret\/data\//, "")}`);
    assert.equal((meta.body.data as { current_version: number }).current_version, 1);
  });

  it("a write that lost its response is recognised by its rotationId on CAS mismatch", async () => {
    const s = store();
    await s.write(t.record("rot-1"));
    const ours = t.record("rot-2");
    // Simulate: our first attempt landed (version 2) but we did not see the answer, and our view of
    // the current version is stale. Make the pre-read see version 1 by writing ours behind its back.
    const realRequest = (s as unknown as { current: () => Promise<unknown> }).current.bind(s);
    let calls = 0;
    (s as unknown as { current: () => Promise<unknown> }).current = async () => {
      const before = await realRequest();
      if (calls++ === 0) {
        const w = await api(server, "POST", s.dataPath, { data: ours });
        assert.equal(w.status, 200);
      }
      return before;
    };
    const res = await s.write(ours);
    assert.equal(res.version, "2");
    assert.equal(res.record.rotationId, "rot-2");
  });

  it("a CAS conflict with another writer fails store.conflict", async () => {
    const s = store();
    await s.write(t.record("rot-1"));
    const other = t.record("someone-else");
    const current = (s as unknown as { current: () => Promise<unknown> }).current.bind(s);
    let first = true;
    (s as unknown as { current: () => Promise<unknown> }).current = async () => {
      const before = await current();
      if (first) {
        first = false;
        assert.equal((await api(server, "POST", s.dataPath, { data: other })).status, 200);
      }
      return before;
    };
    await t.rejects(s.write(t.record("rot-2")), ["store.conflict"], /changed by another writer.*expected version 1, now 2/);
  });

  it("a wrong token fails store.unauthorized on read, write and checkWritable", async () => {
    const bad = t.track(`s.${randomBytes(12).toString("hex")}`);
    const s = store({ credentials: { vaultToken: bad } });
    await t.rejects(s.read(), ["store.unauthorized"], /invalid or expired/);
    await t.rejects(s.write(t.record("rot-1")), ["store.unauthorized"]);
    await t.rejects(s.checkWritable(), ["store.unauthorized"]);
  });

  it("a token whose policy lacks write fails checkWritable with store.forbidden naming the path", async () => {
    const s0 = store();
    const token = t.track(await tokenWithPolicy(server, "read-only", `path "${s0.dataPath}" { capabilities = ["read"] }`));
    const s = store({ credentials: { vaultToken: token } }, s0.dataPath.replace(/^secret\/data\//, ""));
    await t.rejects(s.checkWritable(), ["store.forbidden"], new RegExp(`lacks create, update.*${s0.dataPath}`));
    const e = await t.rejects(s.write(t.record("rot-1")), ["store.forbidden"], new RegExp(`policy for ${s0.dataPath}`));
    assert.equal(e.status, 403);
  });

  it("a token with a write policy passes checkWritable and writes", async () => {
    const s0 = store();
    const token = t.track(await tokenWithPolicy(server, "writer", `path "${s0.dataPath}" { capabilities = ["create", "update", "read"] }`));
    const s = store({ credentials: { vaultToken: token } }, s0.dataPath.replace(/^secret\/data\//, ""));
    await s.checkWritable();
    assert.equal((await s.write(t.record("rot-1"))).version, "1");
  });

  it("a missing KV mount fails store.not-found", async () => {
    const s = openStore(`vault://nokv/ci?addr=${encodeURIComponent(server.addr)}`, {
      env: {},
      credentials: { vaultToken: server.rootToken },
      retry: fastRetry(),
    });
    await t.rejects(s.checkWritable(), ["store.not-found"], /no KV v2 mount "nokv"/);
    await t.rejects(s.write(t.record("rot-1")), ["store.not-found"]);
  });

  it("no credentials at all fails store.unauthorized saying what to set", async () => {
    const s = store({ credentials: {}, env: { HOME: "/nonexistent-home" } });
    await t.rejects(s.read(), ["store.unauthorized"], /VAULT_TOKEN/);
  });

  it("AppRole login (role_id/secret_id from the environment) works; a bad secret_id is store.unauthorized", async () => {
    assert.equal((await api(server, "POST", "sys/auth/approle", { type: "approle" })).status, 204);
    const s0 = store();
    await tokenWithPolicy(server, "approle-writer", `path "${s0.dataPath}" { capabilities = ["create", "update", "read"] }`);
    assert.equal((await api(server, "POST", "auth/approle/role/ci", { token_policies: ["approle-writer"], token_ttl: "10m" })).status, 204);
    const roleId = ((await api(server, "GET", "auth/approle/role/ci/role-id")).body.data as { role_id: string }).role_id;
    const secretId = t.track(((await api(server, "POST", "auth/approle/role/ci/secret-id")).body.data as { secret_id: string }).secret_id);
    const p = s0.dataPath.replace(/^secret\/data\//, "");
    const s = store({ credentials: {}, env: { VAULT_ROLE_ID: roleId, VAULT_SECRET_ID: secretId } }, p, "&auth=approle");
    await s.checkWritable();
    assert.equal((await s.write(t.record("rot-approle"))).version, "1");
    const bad = store({ credentials: { vaultRoleId: roleId, vaultSecretId: t.track(`wrong-${randomBytes(8).toString("hex")}`) }, env: {} }, p, "&auth=approle");
    await t.rejects(bad.read(), ["store.unauthorized"], /login through auth\/approle failed/);
    const wrongMount = store({ credentials: {}, env: { VAULT_ROLE_ID: roleId, VAULT_SECRET_ID: secretId, VAULT_APPROLE_MOUNT: "nope" } }, p, "&auth=approle");
    await t.rejects(wrongMount.read(), ["store.not-found", "store.unauthorized"], /auth\/nope/);
  });

  it("JWT login (role from the reference, JWT from VAULT_JWT_FILE) works; a JWT signed by another key is refused", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    assert.equal((await api(server, "POST", "sys/auth/jwt", { type: "jwt" })).status, 204);
    const cfg = await api(server, "POST", "auth/jwt/config", { jwt_validation_pubkeys: [pem] });
    assert.ok(cfg.status === 204 || cfg.status === 200, JSON.stringify(cfg.body));
    const s0 = store();
    await tokenWithPolicy(server, "jwt-writer", `path "${s0.dataPath}" { capabilities = ["create", "update", "read"] }`);
    const role = await api(server, "POST", "auth/jwt/role/ci", {
      role_type: "jwt",
      user_claim: "sub",
      bound_audiences: ["genesys-oauth-guard"],
      token_policies: ["jwt-writer"],
      token_ttl: "10m",
    });
    assert.equal(role.status, 204, JSON.stringify(role.body));
    const sign = (key: typeof privateKey): string => {
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ sub: "pipeline", aud: "genesys-oauth-guard", iat: now, nbf: now - 5, exp: now + 600 })}`;
      return t.track(`${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`);
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-jwt-"));
    try {
      const jwtFile = path.join(dir, "token.jwt");
      fs.writeFileSync(jwtFile, sign(privateKey) + "\n", { mode: 0o600 });
      const p = s0.dataPath.replace(/^secret\/data\//, "");
      const s = store({ credentials: {}, env: { VAULT_JWT_FILE: jwtFile } }, p, "&auth=jwt&role=ci");
      await s.checkWritable();
      assert.equal((await s.write(t.record("rot-jwt"))).version, "1");
      const forged = store({ credentials: { vaultJwt: sign(other) }, env: {} }, p, "&auth=jwt&role=ci");
      await t.rejects(forged.read(), ["store.unauthorized"], /login through auth\/jwt failed/);
      const noRole = store({ credentials: { vaultJwt: sign(privateKey) }, env: {} }, p, "&auth=jwt");
      await t.rejects(noRole.read(), ["store.unauthorized"], /VAULT_JWT_ROLE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the token from VAULT_TOKEN_FILE and from ~/.vault-token", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-token-"));
    try {
      fs.writeFileSync(path.join(dir, ".vault-token"), server.rootToken + "\n", { mode: 0o600 });
      const fromHome = store({ credentials: {}, env: { HOME: dir } });
      await fromHome.write(t.record("rot-home"));
      const fromFile = store({ credentials: {}, env: { VAULT_TOKEN_FILE: path.join(dir, ".vault-token") } });
      await fromFile.write(t.record("rot-file"));
      const missing = store({ credentials: {}, env: { VAULT_TOKEN_FILE: path.join(dir, "missing") } });
      await t.rejects(missing.read(), ["store.unauthorized"], /missing or empty/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("namespaces: writes into the namespace given in the reference (X-Vault-Namespace)", async function () {
    const ns = await api(server, "POST", "sys/namespaces/team-a", {});
    if (ns.status === 404 || ns.status === 405) this.skip(); // server without namespaces
    assert.ok(ns.status === 200 || ns.status === 204, JSON.stringify(ns.body));
    const mount = await fetch(`${server.addr}/v1/sys/mounts/kv`, {
      method: "POST",
      headers: { "X-Vault-Token": server.rootToken, "X-Vault-Namespace": "team-a" },
      body: JSON.stringify({ type: "kv", options: { version: "2" } }),
    });
    assert.equal(mount.status, 204, await mount.text());
    const s = openStore(`vault://kv/genesys/ci?addr=${encodeURIComponent(server.addr)}&namespace=team-a`, {
      env: {},
      credentials: { vaultToken: server.rootToken },
      retry: fastRetry(),
    });
    const r = t.record("rot-ns");
    await s.checkWritable();
    assert.equal((await s.write(r)).version, "1");
    assert.equal((await s.read())?.record.rotationId, "rot-ns");
    // not visible outside the namespace
    const outside = openStore(`vault://kv/genesys/ci?addr=${encodeURIComponent(server.addr)}`, {
      env: {},
      credentials: { vaultToken: server.rootToken },
      retry: fastRetry(),
    });
    await t.rejects(outside.read(), ["store.not-found"]);
    const viaEnv = openStore(`vault://kv/genesys/ci?addr=${encodeURIComponent(server.addr)}`, {
      env: { VAULT_NAMESPACE: "team-a" },
      credentials: { vaultToken: server.rootToken },
      retry: fastRetry(),
    });
    assert.equal((await viaEnv.read())?.record.rotationId, "rot-ns");
  });

  it("a sealed server fails store.unavailable with an unseal hint", async () => {
    const s = store();
    await s.write(t.record("rot-1"));
    assert.equal((await api(server, "POST", "sys/seal")).status, 204);
    const e = await t.rejects(s.read(), ["store.unavailable"], /sealed.*[Uu]nseal/);
    assert.equal(e.retryable, false);
    await t.rejects(s.checkWritable(), ["store.unavailable"], /sealed/);
    await t.rejects(s.write(t.record("rot-2")), ["store.unavailable"], /sealed/);
  });

  it("a stopped server fails store.unavailable (connection refused)", async () => {
    await server.stop();
    const s = store();
    const e = await t.rejects(s.read(), ["store.unavailable"], /unreachable \(ECONNREFUSED\)/);
    assert.equal(e.retryable, true);
    await t.rejects(s.write(t.record("rot-1")), ["store.unavailable"]);
    await t.rejects(s.checkWritable(), ["store.unavailable"]);
  });
});
