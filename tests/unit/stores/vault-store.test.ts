/**
 * Vault store behaviour that a real server cannot be made to show on demand: 5xx and lost responses.
 * A tiny in-process fake of KV v2 on a loopback port (no real Vault needed).
 */
import { strict as assert } from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { GuardError } from "../../../core/errors";
import { setLogSink } from "../../../core/log";
import { RetryPolicy } from "../../../core/retry";
import { openStore } from "../../../stores/index";
import { CREDENTIAL_SCHEMA, CredentialRecord, SecretStore } from "../../../stores/store";

const TOKEN = "hvs.unit-test-token-5bq2";
const SECRET = "vault-unit-secret-Jx7Qm2";

interface Fake {
  url: string;
  version: number;
  data?: Record<string, unknown>;
  /** Status to answer, per request, before handling normally (consumed in order). */
  faults: { method: string; status: number; afterActing?: boolean }[];
  log: string[];
  close(): Promise<void>;
}

async function fakeVault(): Promise<Fake> {
  const fake: Fake = { url: "", version: 0, faults: [], log: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const method = req.method ?? "GET";
      fake.log.push(`${method} ${req.url}`);
      const send = (status: number, json?: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(json === undefined ? "" : JSON.stringify(json));
      };
      if (req.headers["x-vault-token"] !== TOKEN) {
        send(403, { errors: ["permission denied"] });
        return;
      }
      const fault = fake.faults.findIndex((f) => f.method === method);
      let acted = false;
      const faultAfter = fault >= 0 && fake.faults[fault].afterActing;
      if (fault >= 0 && !faultAfter) {
        const f = fake.faults.splice(fault, 1)[0];
        send(f.status, { errors: ["injected"] });
        return;
      }
      if (req.url === "/v1/secret/data/ci" && method === "GET") {
        if (!fake.data) {
          send(404, { errors: [] });
          return;
        }
        send(200, { data: { data: fake.data, metadata: { version: fake.version } } });
        return;
      }
      if (req.url === "/v1/secret/data/ci" && method === "POST") {
        const parsed = JSON.parse(body) as { data: Record<string, unknown>; options?: { cas?: number } };
        if (parsed.options?.cas !== fake.version) {
          send(400, { errors: ["check-and-set parameter did not match the current version"] });
          return;
        }
        fake.version += 1;
        fake.data = parsed.data;
        acted = true;
        if (faultAfter && acted) {
          const f = fake.faults.splice(fault, 1)[0];
          send(f.status, { errors: ["injected after acting"] });
          return;
        }
        send(200, { data: { version: fake.version } });
        return;
      }
      if (req.url === "/v1/auth/token/lookup-self") {
        send(200, { data: {} });
        return;
      }
      send(404, { errors: [`no handler for route "${req.url}"`] });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}

function record(rotationId: string): CredentialRecord {
  return { schema: CREDENTIAL_SCHEMA, clientId: "c-1", clientSecret: SECRET, rotationId, rotatedAt: "2026-11-25T09:00:00Z" };
}

describe("stores/vault-store (fake KV v2)", () => {
  let fake: Fake;
  let store: SecretStore;
  const lines: string[] = [];
  const errors: unknown[] = [];
  let oldDebug: string | undefined;

  before(() => {
    oldDebug = process.env.GENESYS_OAUTH_GUARD_DEBUG;
    process.env.GENESYS_OAUTH_GUARD_DEBUG = "1";
    setLogSink((l) => lines.push(l));
  });
  after(() => {
    if (oldDebug === undefined) delete process.env.GENESYS_OAUTH_GUARD_DEBUG;
    else process.env.GENESYS_OAUTH_GUARD_DEBUG = oldDebug;
    setLogSink((l) => process.stderr.write(l + "\n"));
    assert.ok(lines.length > 0, "debug lines were captured");
    for (const text of [...lines, ...errors.map((e) => JSON.stringify(e) + (e as Error).message + ((e as GuardError).hint ?? ""))]) {
      assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), `leak: ${text}`);
    }
  });
  beforeEach(async () => {
    fake = await fakeVault();
    store = openStore(`vault://secret/ci?addr=${encodeURIComponent(fake.url)}`, {
      env: {},
      credentials: { vaultToken: TOKEN },
      retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }),
    });
  });
  afterEach(() => fake.close());

  it("retries a 5xx read and succeeds", async () => {
    fake.faults.push({ method: "GET", status: 502 });
    assert.equal(await store.read(), undefined);
    assert.deepEqual(fake.log, ["GET /v1/secret/data/ci", "GET /v1/secret/data/ci"]);
  });

  it("gives up after the policy's attempts with a retryable store.unavailable", async () => {
    for (let i = 0; i < 5; i++) fake.faults.push({ method: "GET", status: 500 });
    const e = await store.read().then(
      () => assert.fail("expected failure"),
      (x: unknown) => x,
    );
    errors.push(e);
    assert.ok(e instanceof GuardError && e.code === "store.unavailable" && e.retryable && e.status === 500);
    assert.equal(fake.log.length, 3);
  });

  it("does not retry a 4xx", async () => {
    fake.faults.push({ method: "GET", status: 400 });
    const e = await store.read().then(
      () => assert.fail("expected failure"),
      (x: unknown) => x,
    );
    errors.push(e);
    assert.ok(e instanceof GuardError && e.code === "store.io" && e.status === 400);
    assert.equal(fake.log.length, 1);
  });

  it("a write whose response was lost (500 after acting) is retried and recognised by its rotationId", async () => {
    fake.faults.push({ method: "POST", status: 500, afterActing: true });
    const res = await store.write(record("rot-1"));
    assert.equal(res.version, "1");
    assert.equal(fake.version, 1, "exactly one version was written");
    assert.deepEqual(
      fake.log.filter((l) => l.startsWith("POST")),
      ["POST /v1/secret/data/ci", "POST /v1/secret/data/ci"],
      "the write was repeated and failed CAS the second time",
    );
  });

  it("sends the token only in X-Vault-Token (a wrong one is store.unauthorized)", async () => {
    const bad = openStore(`vault://secret/ci?addr=${encodeURIComponent(fake.url)}`, { env: {}, credentials: { vaultToken: "wrong-token-123" } });
    const e = await bad.read().then(
      () => assert.fail("expected failure"),
      (x: unknown) => x,
    );
    errors.push(e);
    assert.ok(e instanceof GuardError && e.code === "store.unauthorized", String(e));
  });

  it("refuses a plain-http address to a non-loopback host from the environment", () => {
    assert.throws(
      () => openStore("vault://secret/ci", { env: { VAULT_ADDR: "http://vault.example.com:8200" }, credentials: { vaultToken: TOKEN } }),
      (e: unknown) => e instanceof GuardError && e.code === "store.insecure" && e.describe().includes("https://vault.example.com:8200"),
    );
    assert.throws(
      () => openStore("vault://secret/ci", { env: {}, credentials: { vaultToken: TOKEN } }),
      (e: unknown) => e instanceof GuardError && e.code === "store.invalid-reference" && e.describe().includes("VAULT_ADDR"),
    );
  });
});
