/**
 * Faults end to end (real CLI, emulator knobs): a create whose response is lost after the client was made,
 * a regenerate whose response is lost, and a new secret the token endpoint refuses for a few seconds (file
 * store) — each converges in one `pulumi up` with no duplicate client and a working stored secret; and an
 * OpenBao store with a wrong token at create time, which fails before any client exists.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import { onPath, startOpenBao, OpenBaoServer } from "../../support/openbao";
import { PulumiWorkspace, pulumiAvailable } from "../../support/pulumi";
import { emulatorStats, Emulator, leakForms, setKnobs, startEmulator, tokenStatus } from "./helpers";

describe("e2e: Genesys faults during create and rotation", function () {
  this.timeout(600_000);
  const adminId = `e2e-admin-${randomBytes(4).toString("hex")}`;
  const adminSecret = randomBytes(18).toString("base64url");
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let admin: GenesysClient;
  const reference = "file://./.secrets/faults";

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    emulator = await startEmulator(adminId, adminSecret);
    admin = new GenesysClient(
      resolveGenesysSettings({ clientId: adminId, clientSecret: adminSecret, apiBaseUrl: emulator.baseUrl, loginBaseUrl: emulator.baseUrl }, {}),
    );
    ws = new PulumiWorkspace("oauth-client");
    ws.extraEnv = {
      GENESYS_CLOUD_CLIENT_ID: adminId,
      GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
      GENESYS_CLOUD_API_URL: emulator.baseUrl,
      GENESYS_CLOUD_LOGIN_URL: emulator.baseUrl,
    };
    await ws.initStack("faults");
    await ws.ok(["config", "set", "--plaintext", "secretStore", reference]);
    await ws.ok(["config", "set", "clientName", `faults-${randomBytes(3).toString("hex")}`]);
  });

  after(async () => {
    ws?.dispose();
    await emulator?.stop();
  });

  async function storedWorks(): Promise<{ clientId: string; secret: string }> {
    const record = (await openStore(reference, { cwd: ws.programDir }).read())!.record;
    assert.equal(await tokenStatus(emulator.baseUrl, record.clientId, record.clientSecret), 200, "the stored secret gets a token");
    const exported = (await ws.ok(["stack", "export", "--show-secrets"])).stdout;
    for (const form of leakForms(record.clientSecret, record.clientId)) {
      assert.ok(!exported.includes(form) && !ws.transcript.some((t) => t.includes(form)), "no secret in state or output");
    }
    return { clientId: record.clientId, secret: record.clientSecret };
  }

  it("a lost create response: the client the server made is adopted, not duplicated", async () => {
    await setKnobs(emulator.baseUrl, { dropAfterAction: [{ route: "POST /api/v2/oauth/clients", count: 1 }] });
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const stats = await emulatorStats(emulator.baseUrl);
    assert.equal(stats.responsesDropped, 1, "the knob fired");
    const outputs = JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    const name = JSON.parse((await ws.ok(["config", "get", "clientName", "--json"])).stdout) as { value: string };
    const same = (await admin.listClients()).filter((c) => c.name === name.value && c.state !== "deleted");
    assert.equal(same.length, 1, "exactly one client");
    assert.equal(same[0].id, outputs.clientId);
    assert.equal(same[0].description, "e2e CI service account", "the creation marker is gone");
    const { clientId } = await storedWorks();
    assert.equal(clientId, outputs.clientId);
  });

  it("a lost regenerate response: the rotation regenerates again and stores the live secret", async () => {
    await setKnobs(emulator.baseUrl, { dropAfterAction: [{ route: "POST /api/v2/oauth/clients/{id}/secret", count: 1 }] });
    const before = await storedWorks();
    await ws.ok(["config", "set", "rotate", "true"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    assert.equal((await emulatorStats(emulator.baseUrl)).responsesDropped, 2, "the knob fired");
    const after = await storedWorks();
    assert.notEqual(after.secret, before.secret);
    assert.notEqual(await tokenStatus(emulator.baseUrl, before.clientId, before.secret), 200);
  });

  it("a new secret the token endpoint refuses for a while: verification waits for it", async () => {
    await setKnobs(emulator.baseUrl, { secretActivationDelayMs: 4_000 });
    const before = await storedWorks();
    await ws.ok(["config", "set", "trigger", "slow"]);
    const started = Date.now();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    assert.ok(Date.now() - started >= 4_000, "the up waited for the secret to become active");
    const outputs = JSON.parse((await ws.ok(["stack", "export"])).stdout) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    const rotation = outputs.deployment.resources.find((r) => r.type.endsWith(":SecretRotation"));
    assert.equal(rotation?.outputs?.verified, true);
    const after = await storedWorks();
    assert.notEqual(after.secret, before.secret);
    await setKnobs(emulator.baseUrl, { secretActivationDelayMs: 0 });
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
  });
});

describe("e2e: a store that cannot be written at create time", function () {
  this.timeout(300_000);
  const adminId = `e2e-admin-${randomBytes(4).toString("hex")}`;
  const adminSecret = randomBytes(18).toString("base64url");
  let emulator: Emulator;
  let bao: OpenBaoServer;
  let ws: PulumiWorkspace;
  let admin: GenesysClient;

  before(async function () {
    if (!pulumiAvailable() || !onPath("bao")) {
      if (process.env.CI) throw new Error("pulumi and bao must be on PATH");
      this.skip();
    }
    emulator = await startEmulator(adminId, adminSecret);
    bao = await startOpenBao();
    admin = new GenesysClient(
      resolveGenesysSettings({ clientId: adminId, clientSecret: adminSecret, apiBaseUrl: emulator.baseUrl, loginBaseUrl: emulator.baseUrl }, {}),
    );
    ws = new PulumiWorkspace("oauth-client");
    ws.extraEnv = {
      GENESYS_CLOUD_CLIENT_ID: adminId,
      GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
      GENESYS_CLOUD_API_URL: emulator.baseUrl,
      GENESYS_CLOUD_LOGIN_URL: emulator.baseUrl,
    };
    await ws.initStack("bad-store");
    await ws.ok(["config", "set", "--plaintext", "secretStore", `vault://secret/genesys/bad?addr=${encodeURIComponent(bao.addr)}`]);
    await ws.ok(["config", "set", "--secret", "genesys-oauth-guard:vaultToken", "hvs.wrong-token"]);
  });

  after(async () => {
    ws?.dispose();
    await bao?.stop();
    await emulator?.stop();
  });

  it("fails before any client exists, and succeeds once the token is fixed", async () => {
    const failed = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(failed.code, 0);
    assert.ok(/\[store\.(unauthorized|forbidden)\]/.test(failed.stdout + failed.stderr), `store error shown:\n${failed.stdout.slice(-2000)}`);
    const clients = (await admin.listClients()).filter((c) => c.id !== adminId && c.state !== "deleted");
    assert.deepEqual(
      clients.map((c) => c.name),
      [],
      "no client was created",
    );

    await ws.ok(["config", "set", "--secret", "genesys-oauth-guard:vaultToken", bao.rootToken]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const record = (await openStore(`vault://secret/genesys/bad?addr=${encodeURIComponent(bao.addr)}`, {
      credentials: { vaultToken: bao.rootToken },
      env: {},
    }).read())!.record;
    assert.equal(await tokenStatus(emulator.baseUrl, record.clientId, record.clientSecret), 200);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
  });
});
