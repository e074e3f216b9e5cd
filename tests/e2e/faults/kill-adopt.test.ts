/**
 * Crash tests of an adoption (`{ import: id }`, issue 15): `pulumi up` is SIGKILLed at each adopt:* failpoint
 * (core/failpoints.ts), then recovered as docs/FAULTS.md says. After recovery the same client is managed (never a
 * second one), the Terraform-state secret is dead, the stored one works, and no secret leaked. Its own stack, so
 * this file runs at the same time as the other crash files.
 */
import { strict as assert } from "assert";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import type { SecretStore } from "../../../stores/store";
import {
  assertNoLeak,
  assertNoOrphans,
  assertStoreMatchesState,
  assertStoreWorks,
  failpointsInProviders,
  Harness,
  killUpAt,
  recoverAfterKill,
  requireFailpoint,
  requireTools,
  startHarness,
  tokenStatus,
  upConverges,
} from "./support";

describe("e2e crash: SIGKILL of pulumi up while it adopts an existing client ({ import: id })", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/kill-adopt";
  let h: Harness;
  let store: SecretStore;
  let admin: GenesysClient;

  before(async function () {
    requireTools(this);
    if (![...failpointsInProviders()].some((n) => n.startsWith("adopt:"))) this.skip();
    h = await startHarness("kill-adopt", reference);
    store = openStore(reference, { cwd: h.ws.programDir });
    admin = new GenesysClient(
      resolveGenesysSettings({ clientId: h.adminId, clientSecret: h.adminSecret, apiBaseUrl: h.emulator.baseUrl, loginBaseUrl: h.emulator.baseUrl }, {}),
    );
  });
  after(async () => h?.dispose());

  afterEach(async function () {
    if (this.currentTest?.state !== "failed" || !h) return;
    await h.ws.run(["cancel", "--yes"]);
    await h.ws.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  });

  /** A client as Terraform made it (its secret known, as in Terraform state), set as the program's import id. */
  async function terraformClient(): Promise<{ clientId: string; secret: string }> {
    await h.ws.ok(["destroy", "--yes", "--skip-preview"]);
    await store.remove().catch(() => undefined);
    const role = (await admin.listRoles()).find((r) => r.name === "Employee");
    assert.ok(role);
    const created = await admin.createClient({
      name: "tf-kill",
      description: "Managed by Terraform",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: role.id, divisionId: (await admin.getHomeDivision()).id }],
      accessTokenValiditySeconds: 86400,
      state: "active",
    });
    const terraform = { clientId: created.id, secret: created.secret };
    h.seen.push(terraform); // searched for in everything the runs wrote
    await h.ws.ok(["config", "set", "importId", created.id]);
    return terraform;
  }

  // Killed before the store write: nothing recorded, the next up adopts again. Killed after it: the next up
  // takes over the secret the killed adoption stored (no second regenerate). Never a second client.
  for (const name of ["adopt:after-update", "adopt:after-regenerate", "adopt:after-store-write"]) {
    it(`${name} — the next up adopts the same client; the Terraform secret is dead, the stored one works`, async function () {
      requireFailpoint(this, name);
      const terraform = await terraformClient();
      await killUpAt(h, name);
      const killedAt = name === "adopt:after-update" ? 200 : 401;
      assert.equal(
        await tokenStatus(h.emulator.baseUrl, terraform.clientId, terraform.secret),
        killedAt,
        "killed before regenerate the old secret still works; after it, it is dead",
      );
      const storedByKilledRun = (await store.read())?.record;
      await recoverAfterKill(h);
      await converged(terraform);
      if (name === "adopt:after-store-write") {
        assert.ok(storedByKilledRun, "the killed adoption stored its secret");
        // booleans only: never print a secret
        assert.ok(
          (await store.read())?.record.clientSecret === storedByKilledRun.clientSecret,
          "the next up took the stored secret over: no second regenerate",
        );
      }
    });
  }

  async function converged(terraform: { clientId: string; secret: string }): Promise<void> {
    await upConverges(h);
    const stored = await assertStoreWorks(h, store, "after recovery the stored secret gets a token");
    assert.equal(stored.clientId, terraform.clientId, "the adopted client, not a new one");
    await assertStoreMatchesState(h, stored);
    await assertNoOrphans(h);
    assert.notEqual(await tokenStatus(h.emulator.baseUrl, terraform.clientId, terraform.secret), 200, "the Terraform-state secret is dead");
    await assertNoLeak(h);
  }
});
