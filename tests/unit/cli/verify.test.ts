/** `verify` against the emulator and the file store: working, broken after an out-of-band regenerate, missing, overdue. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { verify } from "../../../cli/commands/verify";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import { openStore } from "../../../stores";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";

describe("cli verify", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let dir: string;
  let admin: GenesysClient;

  before(async () => {
    emu = await startEmulator({ adminClientId: "verify-admin", adminClientSecret: "verify-admin-secret-0001" });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: "verify-admin", clientSecret: "verify-admin-secret-0001", apiBaseUrl: emu.baseUrl }, {}));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-verify-"));
    fs.chmodSync(dir, 0o700);
  });
  after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function storedClient(name: string, rotatedAt = new Date()): Promise<{ reference: string; id: string }> {
    const roles = await admin.listRoles({ name: "Developer" });
    const created = await admin.createClient({ name, authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: roles[0].id, divisionId: "*" }] });
    const reference = `file://${path.join(dir, name)}`;
    await openStore(reference).write({
      schema: CREDENTIAL_SCHEMA,
      clientId: created.id,
      clientSecret: created.secret,
      rotationId: `r-${name}`,
      rotatedAt: rotatedAt.toISOString(),
      apiBaseUrl: emu.baseUrl,
      loginBaseUrl: emu.baseUrl,
    });
    return { reference, id: created.id };
  }

  it("reports working, broken, missing and overdue credentials", async () => {
    const good = await storedClient("good");
    const rotatedAway = await storedClient("rotated-away");
    await admin.regenerateSecret(rotatedAway.id); // the stored secret is dead now
    const old = await storedClient("old", new Date(Date.now() - 40 * 86_400_000));
    const missing = `file://${path.join(dir, "nothing-here")}`;

    const results = await verify({ store: [good.reference, rotatedAway.reference, old.reference, missing], maxAge: "30d" }, {});
    const byStore = new Map(results.map((r) => [r.store, r]));
    assert.equal(byStore.get(good.reference)?.status, "working");
    assert.equal(byStore.get(good.reference)?.overdue, false);
    assert.equal(byStore.get(rotatedAway.reference)?.status, "broken");
    assert.match(byStore.get(rotatedAway.reference)?.detail ?? "", /token refused/);
    assert.equal(byStore.get(old.reference)?.status, "working");
    assert.equal(byStore.get(old.reference)?.overdue, true);
    assert.equal(byStore.get(missing)?.status, "missing");
  });

  it("needs something to verify", async () => {
    await assert.rejects(verify({ maxAge: "90d" }, {}), /Nothing to verify/);
    await assert.rejects(verify({ store: ["file:///tmp/x"], maxAge: "ninety days" }, {}), /not a duration/);
  });
});
