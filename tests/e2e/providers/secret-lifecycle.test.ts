/**
 * End to end with the real Pulumi CLI, the Genesys emulator and each secret store: OAuthClient up →
 * no-op up → rotation (SecretRotation created, then its trigger changed) → refresh after an out-of-band
 * change → destroy.
 *
 * After every step: the secret in the store gets a token from the emulator and every earlier one does
 * not, and no generated secret (nor the admin secret) appears — raw, JSON-escaped, base64, or as a Basic
 * credential — in any file under the backend directory, in `pulumi stack export --show-secrets`, or in
 * anything the CLI printed with verbose engine and plugin logging and the provider's debug log on.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import type { StoredCredential } from "../../../stores/store";
import type { PulumiWorkspace } from "../../support/pulumi";
import {
  emulatorStats,
  Emulator,
  leakForms,
  requireE2eTools,
  startEmulatorWorkspace,
  type EmulatorWorkspace,
  StoreCase,
  storeCases,
  tokenStatus,
  totalRequests,
  writeCalls,
} from "./helpers";

/** Verbose engine + plugin logging for the runs whose output is searched. */
const VERBOSE = ["-v=9", "--logtostderr", "--logflow"];

const STORE_CASES: StoreCase[] = storeCases("ci-client");

for (const storeCase of STORE_CASES) {
  describe(`e2e: OAuthClient and SecretRotation with the ${storeCase.name} store`, function () {
    this.timeout(900_000);
    let started: EmulatorWorkspace | undefined;
    let adminId = "";
    let adminSecret = "";
    let emulator: Emulator;
    let store: Awaited<ReturnType<StoreCase["start"]>>;
    let ws: PulumiWorkspace;
    let admin: GenesysClient;
    /** Every generated secret seen so far, oldest first, with its client id. */
    const seen: { clientId: string; secret: string }[] = [];
    let clientId = "";

    before(async function () {
      requireE2eTools(this, storeCase.unavailable());
      store = await storeCase.start();
      started = await startEmulatorWorkspace("oauth-client", { env: { GENESYS_OAUTH_GUARD_DEBUG: "1", ...store.env } });
      ({ emulator, ws, adminId, adminSecret } = started);
      admin = new GenesysClient(
        resolveGenesysSettings({ clientId: adminId, clientSecret: adminSecret, apiBaseUrl: emulator.baseUrl, loginBaseUrl: emulator.baseUrl }, {}),
      );
      await ws.initStack("e2e");
      await ws.ok(["config", "set", "--plaintext", "secretStore", store.reference]);
      for (const [key, value] of Object.entries(store.config)) await ws.ok(["config", "set", "--secret", key, value]);
    });

    after(async () => {
      await started?.dispose();
      await store?.stop();
    });

    /** Read the store; remember a secret not seen before. */
    async function stored(): Promise<StoredCredential> {
      const current = await store.open(ws.programDir).read();
      assert.ok(current, "the store holds a record");
      if (!seen.some((s) => s.secret === current.record.clientSecret)) seen.push({ clientId: current.record.clientId, secret: current.record.clientSecret });
      return current;
    }

    /** The store's secret works; every earlier one does not; nothing leaked anywhere. */
    async function assertAfterStep(step: string, expectWorking = true): Promise<void> {
      const current = await stored();
      const latest = seen[seen.length - 1];
      assert.equal(current.record.clientSecret, latest.secret);
      if (expectWorking) assert.equal(await tokenStatus(emulator.baseUrl, latest.clientId, latest.secret), 200, `${step}: the stored secret gets a token`);
      for (const old of seen.slice(0, -1)) {
        assert.notEqual(await tokenStatus(emulator.baseUrl, old.clientId, old.secret), 200, `${step}: an earlier secret no longer gets a token`);
      }
      await assertNoLeak(step);
    }

    async function assertNoLeak(step: string): Promise<void> {
      const exported = await ws.ok(["stack", "export", "--show-secrets"]);
      const texts: { where: string; text: string }[] = [
        ...ws.backendFiles().map((f) => ({ where: path.relative(ws.root, f.file), text: f.text })),
        { where: "stack export --show-secrets", text: exported.stdout },
        ...ws.transcript.map((t, i) => ({ where: `CLI output #${i} (${t.split("\n")[0]})`, text: t })),
      ];
      assert.ok(
        texts.some((t) => t.where.includes(".pulumi")),
        "the backend directory was searched",
      );
      const secrets = [
        ...seen.map((s) => ({ label: "generated secret", forms: leakForms(s.secret, s.clientId) })),
        { label: "admin secret", forms: leakForms(adminSecret, adminId) },
      ];
      for (const { label, forms } of secrets) {
        for (const form of forms) {
          const hit = texts.find((t) => t.text.includes(form));
          assert.ok(!hit, `${step}: a ${label} appears in ${hit?.where}`);
        }
      }
    }

    async function outputs(): Promise<Record<string, string>> {
      return JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    }

    it("up creates the client and delivers its secret to the store only", async () => {
      const up = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(up.stdout, /\+ 2 created/);
      assert.ok(up.stderr.length > 20_000, `verbose engine logging is in the searched output (${up.stderr.length} chars)`);
      assert.match(
        up.stdout + up.stderr,
        /\[genesys-oauth-guard:genesys\] CreateClient POST \/api\/v2\/oauth\/clients/,
        "the provider's debug log is in the searched output",
      );
      const out = await outputs();
      clientId = out.clientId;
      const current = await stored();
      assert.equal(current.record.clientId, clientId);
      assert.equal(out.secretStore, store.reference);
      assert.match(out.secretMarker, /^sha256:[0-9a-f]{16}$/);
      assert.ok((await admin.getClient(clientId)).description === "e2e CI service account", "the creation marker was removed");
      await assertAfterStep("up");
    });

    it("a second up changes nothing: no API writes, no rotation", async () => {
      const before = await emulatorStats(emulator.baseUrl);
      const versionBefore = (await stored()).version;
      const up = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.doesNotMatch(up.stdout, /created|updated|replaced|deleted/);
      const after = await emulatorStats(emulator.baseUrl);
      assert.equal(writeCalls(after), writeCalls(before), `no write calls (before ${JSON.stringify(before)}, after ${JSON.stringify(after)})`);
      assert.equal(totalRequests(after), totalRequests(before), "no Genesys call at all: check and diff work from state");
      assert.equal((await stored()).version, versionBefore);
      await assertAfterStep("no-op up");
    });

    it("rotation: creating a SecretRotation and changing its trigger each replace the secret", async () => {
      await ws.ok(["config", "set", "rotate", "true"]);
      const first = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(first.stdout, /\+ 1 created/);
      assert.equal(seen.length, 1);
      await assertAfterStep("rotation created");
      assert.equal(seen.length, 2, "a new secret");
      const out = await outputs();
      assert.ok(Date.parse(out.rotatedAt) > 0);

      await ws.ok(["config", "set", "trigger", "2"]);
      const second = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(second.stdout, /~ 1 updated/);
      await assertAfterStep("trigger changed");
      assert.equal(seen.length, 3, "another new secret");
      assert.notEqual((await outputs()).rotationMarker, out.rotationMarker);

      const before = await emulatorStats(emulator.baseUrl);
      const again = await ws.ok(["up", "--yes", "--skip-preview"]);
      assert.doesNotMatch(again.stdout, /created|updated|replaced|deleted/);
      const after = await emulatorStats(emulator.baseUrl);
      assert.equal(writeCalls(after), writeCalls(before), "no rotation without a trigger change");
      assert.equal(totalRequests(after), totalRequests(before), "no Genesys call at all");
      await assertAfterStep("no-op up after rotation");
      assert.equal(seen.length, 3);
    });

    // Only where a store can be broken through stack config (a wrong Vault token); root ignores file modes.
    const breakWith = storeCase.breakWith;
    if (breakWith)
      it("a rotation into a store it cannot write fails before the old secret is invalidated; the next up converges", async () => {
        const { broken, fixed } = breakWith(store.config);
        const secretsBefore = seen.length;
        for (const [k, v] of Object.entries(broken)) await ws.ok(["config", "set", "--secret", k, v]);
        await ws.ok(["config", "set", "trigger", "3"]);
        const failed = await ws.run(["up", "--yes", "--skip-preview", ...VERBOSE]);
        assert.notEqual(failed.code, 0, "up fails");
        const text = failed.stdout + failed.stderr;
        assert.ok(/\[store\.(unauthorized|forbidden)\]/.test(text), `the error names the store problem; output ends:\n${failed.stdout.slice(-3000)}`);
        await assertAfterStep("rotation into a broken store");
        assert.equal(seen.length, secretsBefore, "no secret was regenerated");

        for (const [k, v] of Object.entries(fixed)) await ws.ok(["config", "set", "--secret", k, v]);
        const up = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
        assert.match(up.stdout, /~ 1 updated/);
        await assertAfterStep("rotation after the store was fixed");
        assert.equal(seen.length, secretsBefore + 1, "the trigger was still pending and rotated now");
      });

    it("refresh sees an out-of-band change, and up puts the program's value back without rotating", async () => {
      const current = await admin.getClient(clientId);
      await admin.updateClient(clientId, {
        name: current.name,
        authorizedGrantType: "CLIENT-CREDENTIALS",
        description: "changed by hand in the admin UI",
        roleDivisions: current.roleDivisions,
        accessTokenValiditySeconds: current.accessTokenValiditySeconds,
        state: "active",
      });
      const refresh = await ws.ok(["refresh", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(refresh.stdout, /~ 1 updated|1 updated/);
      const exported = JSON.parse((await ws.ok(["stack", "export"])).stdout) as {
        deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
      };
      const client = exported.deployment.resources.find((r) => r.type.endsWith(":OAuthClient"));
      assert.equal(client?.outputs?.description, "changed by hand in the admin UI");
      await assertAfterStep("refresh");

      const up = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(up.stdout, /~ 1 updated/);
      assert.equal((await admin.getClient(clientId)).description, "e2e CI service account");
      const rotations = seen.length;
      await assertAfterStep("up after drift");
      assert.equal(seen.length, rotations, "fixing drift does not rotate");
    });

    it("refresh drops a client deleted outside Pulumi, and up creates and rotates a new one", async () => {
      await admin.deleteClient(clientId);
      const refresh = await ws.ok(["refresh", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(refresh.stdout, /- 1 deleted|1 deleted/);
      const up = await ws.ok(["up", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(up.stdout, /\+ 1 created/);
      assert.match(up.stdout, /\+-1 replaced|1 replaced/, "the rotation follows the new client");
      const out = await outputs();
      assert.notEqual(out.clientId, clientId);
      clientId = out.clientId;
      const current = await stored();
      assert.equal(current.record.clientId, clientId);
      await assertAfterStep("re-create after out-of-band delete");
    });

    it("destroy deletes the client and leaves the store record (deleteSecretOnDestroy is off)", async () => {
      const destroy = await ws.ok(["destroy", "--yes", "--skip-preview", ...VERBOSE]);
      assert.match(destroy.stdout, /- 3 deleted/);
      await assert.rejects(admin.getClient(clientId), /not found|404/i);
      const current = await stored();
      assert.equal(current.record.clientId, clientId, "the record stays for consumers until they switch");
      assert.notEqual(await tokenStatus(emulator.baseUrl, clientId, current.record.clientSecret), 200, "the deleted client's secret gets no token");
      await assertAfterStep("destroy", false);
    });
  });
}

describe("e2e: control — the same search finds an opted-in secret output", function () {
  this.timeout(300_000);
  let started: EmulatorWorkspace | undefined;
  let ws: PulumiWorkspace;

  before(async function () {
    requireE2eTools(this);
    started = await startEmulatorWorkspace("oauth-client");
    ({ ws } = started);
    await ws.initStack("control");
    await ws.ok(["config", "set", "--plaintext", "secretStore", "file://./.secrets/control"]);
    await ws.ok(["config", "set", "exposeSecret", "true"]);
  });

  after(async () => {
    await started?.dispose();
  });

  it("exposeSecretAsOutput puts the secret in state encrypted only: ciphertext in the backend, plaintext with --show-secrets", async () => {
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const record = (await openStore("file://./.secrets/control", { cwd: ws.programDir }).read())!.record;
    const state = ws
      .backendFiles()
      .map((f) => f.text)
      .join("\n");
    for (const form of leakForms(record.clientSecret)) assert.ok(!state.includes(form), "not in plain text in the backend");
    const exported = (await ws.ok(["stack", "export", "--show-secrets"])).stdout;
    assert.ok(exported.includes(record.clientSecret), "the search would find it: --show-secrets decrypts it");
    const deployment = JSON.parse((await ws.ok(["stack", "export"])).stdout) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    const client = deployment.deployment.resources.find((r) => r.type.endsWith(":OAuthClient"));
    assert.ok(JSON.stringify(client?.outputs?.clientSecret).includes("ciphertext"), "clientSecret is a secret output");
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
  });
});
