/**
 * `genesys-oauth-guard inventory` as a reviewer runs it: the real command in a child process against the
 * emulator (clients, roles, divisions, the usage API with seeded history) joined with a stack export and the
 * file store its OAuthClient delivers to. Checks the facts and verdicts per client, exit codes, the formats,
 * and that no secret is printed.
 */
import { strict as assert } from "assert";
import { CliRun, runCli } from "../../support/cli";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { GenesysClient, resolveGenesysSettings } from "../../../genesys";
import type { InventoryReport } from "../../../inventory";
import { openStore } from "../../../stores";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";

const ADMIN = { id: "inventory-admin", secret: "inventory-admin-secret-0001" };
const EMPLOYEE = { id: "inventory-employee", secret: "inventory-employee-secret-01" };
const READ_ONLY = { id: "inventory-reviewer", secret: "inventory-reviewer-secret-01" };
/** A client made by hand a year ago that nothing has used since. */
const FORGOTTEN = { id: "inventory-forgotten", secret: "inventory-forgotten-secret-1", name: "forgotten-integration" };
const DAY = 86_400_000;

describe("cli inventory", function () {
  this.timeout(120_000);
  let emu: RunningEmulator;
  let admin: GenesysClient;
  let dir: string;
  const secrets: string[] = [ADMIN.secret];
  const ids: Record<string, string> = {};

  const run = (args: string[], who: { id: string; secret: string } = ADMIN): Promise<CliRun> =>
    runCli(["inventory", ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, GENESYS_CLOUD_CLIENT_ID: who.id, GENESYS_CLOUD_CLIENT_SECRET: who.secret, GENESYS_CLOUD_API_URL: emu.baseUrl },
    });

  before(async () => {
    emu = await startEmulator({
      adminClientId: ADMIN.id,
      adminClientSecret: ADMIN.secret,
      extraClients: [
        { ...EMPLOYEE, roles: ["Employee"] },
        { ...READ_ONLY, roles: ["Read Only"] },
        { ...FORGOTTEN, roles: ["Developer"], dateCreated: new Date(Date.now() - 365 * DAY).toISOString() },
      ],
    });
    admin = new GenesysClient(resolveGenesysSettings({ clientId: ADMIN.id, clientSecret: ADMIN.secret, apiBaseUrl: emu.baseUrl }, {}));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-inventory-"));
    const roles = new Map((await admin.listRoles()).map((r) => [r.name, r.id]));
    const home = (await admin.getHomeDivision()).id;
    const create = async (name: string, role: string, division: string, state?: "inactive"): Promise<string> => {
      const c = await admin.createClient({
        name,
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [{ roleId: roles.get(role)!, divisionId: division }],
        ...(state ? { state } : {}),
      });
      secrets.push(c.secret);
      return c.id;
    };
    ids.managed = await create("managed-ci", "Developer", home);
    ids.handmade = await create("hand-made-admin", "Admin", "*");
    ids.dormant = await create("dormant", "Employee", home, "inactive");

    // The managed client's store record: issued 200 days ago (a stale secret).
    const store = `file://${path.join(dir, "secrets", "managed-ci")}`;
    const stored = "Zq8Wn3Lk5Pv7Xr2Tb9Hm4d";
    secrets.push(stored);
    await openStore(store).write({
      schema: CREDENTIAL_SCHEMA,
      clientId: ids.managed,
      clientSecret: stored,
      rotationId: "r-1",
      rotatedAt: new Date(Date.now() - 200 * DAY).toISOString(),
    });
    // Its stack, plus a resource whose client was deleted outside Pulumi.
    const resource = (name: string, clientId: string) => ({
      urn: `urn:pulumi:prod::payments::${OAUTH_CLIENT_TYPE}::${name}`,
      type: OAUTH_CLIENT_TYPE,
      id: clientId,
      custom: true,
      inputs: { secretStore: store },
      outputs: { clientId, secretStore: store, name },
    });
    fs.writeFileSync(
      path.join(dir, "prod.json"),
      JSON.stringify({
        version: 3,
        deployment: { manifest: {}, resources: [resource("managed-ci", ids.managed), resource("gone", "00000000-0000-4000-8000-000000000000")] },
      }),
    );

    // Usage history of the managed client: 42 requests three days ago.
    const seeded = await fetch(`${emu.baseUrl}/__emulator/usage`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ clientId: ids.managed, entries: [{ date: new Date(Date.now() - 3 * DAY).toISOString(), requests: 42 }] }),
    });
    assert.ok(seeded.ok, `seeding usage: ${seeded.status} ${await seeded.text()}`);
  });
  after(async () => {
    await emu?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("joins every client with its stack, store record and usage, and judges it (JSON); exits 1 on a critical verdict", async () => {
    const r = await run(["prod.json", "--format", "json", "--fail-on", "critical"]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as InventoryReport;
    const byName = new Map(report.clients.map((c) => [c.name, c]));
    const managed = byName.get("managed-ci")!;
    assert.deepEqual(
      managed.managedBy.map((m) => m.stack),
      ["payments/prod"],
    );
    assert.ok(managed.secretIssuedAt && Date.now() - Date.parse(managed.secretIssuedAt) > 199 * DAY, "secret age from the store record");
    assert.equal(managed.requests, 42);
    assert.deepEqual(
      managed.roles.map((x) => [x.roleName, x.divisionName]),
      [["Developer", "Home"]],
    );
    const verdicts = (name: string): string[] =>
      report.verdicts
        .filter((v) => v.clientName === name)
        .map((v) => `${v.rule}:${v.severity}`)
        .sort();
    assert.deepEqual(verdicts("managed-ci"), ["genesys-client-secret-stale:medium"]);
    assert.deepEqual(verdicts("hand-made-admin"), ["genesys-client-unmanaged:low", "genesys-oauth-client-least-privilege:critical"]);
    assert.deepEqual(verdicts("dormant"), ["genesys-client-inactive-undeleted:low", "genesys-client-unmanaged:low"]);
    assert.deepEqual(verdicts("forgotten-integration"), ["genesys-client-unmanaged:low", "genesys-client-unused:medium"]);
    assert.equal(byName.get("forgotten-integration")?.requests, 0);
    assert.deepEqual(
      report.missing.map((m) => m.clientId),
      ["00000000-0000-4000-8000-000000000000"],
    );
    assert.ok(report.verdicts.some((v) => v.rule === "genesys-client-missing"));
    assert.match(r.stderr, /inventory: .*client\(s\).*unmanaged/);
    for (const s of secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), "no secret printed");
  });

  it("table for people, CSV and SARIF for machines; --fail-on decides the exit code; a config file switches rules", async () => {
    const table = await run(["prod.json", "--no-progress"]);
    assert.equal(table.code, 1, "the default --fail-on high counts the critical verdict");
    assert.match(table.stdout, /hand-made-admin .*unmanaged/);
    assert.match(table.stdout, /critical +genesys-oauth-client-least-privilege/);
    const csv = await run(["prod.json", "--format", "csv", "--fail-on", "critical", "--no-usage"]);
    assert.equal(csv.stdout.trim().split("\r\n").length, 1 + 7, "a header and one row per client (the seeded ones too)");
    const sarif = await run(["prod.json", "--format", "sarif"]);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(log.runs[0].results.some((x) => x.ruleId === "genesys-oauth-client-least-privilege"));
    fs.writeFileSync(path.join(dir, "relaxed.json"), JSON.stringify({ "genesys-oauth-client-least-privilege": { enforcementLevel: "disabled" } }));
    const relaxed = await run(["prod.json", "--config", "relaxed.json", "--format", "json"]);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.ok(!(JSON.parse(relaxed.stdout) as InventoryReport).verdicts.some((v) => v.rule === "genesys-oauth-client-least-privilege"));
    const bad = await run(["--config", "relaxed.json", "--days", "0"]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--days must be a whole number from 1 to 365/);
  });

  it("bad input: a client without oauth:client:view gets the permission named; a reviewer without the org usage permission falls back per client; a broken input gives a partial report, exit 1", async () => {
    const refused = await run(["prod.json"], EMPLOYEE);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /oauth:client:view/);
    assert.equal(refused.stdout, "");

    const reviewer = await run(["prod.json", "--format", "json", "--fail-on", "critical"], READ_ONLY);
    const report = JSON.parse(reviewer.stdout) as InventoryReport;
    assert.equal(report.clients.find((c) => c.name === "managed-ci")?.requests, 42, "usage read per client");
    assert.match(reviewer.stderr, /note: the organization usage query was refused .*usage:organization:view/);

    fs.writeFileSync(path.join(dir, "broken.json"), '{"version": 3, "deployment": {"resources": [{"urn": ');
    const partial = await run(["prod.json", "broken.json", "--format", "json", "--fail-on", "critical"]);
    assert.equal(partial.code, 1);
    assert.match(partial.stderr, /error: cannot read .*broken\.json/);
    assert.ok(
      (JSON.parse(partial.stdout) as InventoryReport).clients.some((c) => c.name === "managed-ci" && c.managedBy.length === 1),
      "the readable input still joined",
    );
    for (const r of [refused, reviewer, partial]) for (const secret of secrets) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
  });
});
