/**
 * Inventory verdicts from joined facts (no server): each rule fires on its fact and only there; config files
 * in the pack's format switch rules and thresholds; formats carry every verdict.
 */
import * as assert from "assert";
import { allowlistMismatch, deniedPermissions, permissionCovers } from "../../../detection/privileges";
import {
  INVENTORY_RULE_IDS,
  applyConfigFile,
  defaultInventoryConfig,
  formatInventoryCsv,
  formatInventoryJson,
  formatInventorySarif,
  formatInventoryTable,
  hasVerdictAtOrAbove,
  judge,
  type InventoryClient,
  type InventoryReport,
} from "../../../inventory";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const daysAgo = (n: number): string => new Date(NOW - n * 86_400_000).toISOString();

function client(over: Partial<InventoryClient>): InventoryClient {
  return {
    id: "c-1",
    name: "ci",
    grantType: "CLIENT-CREDENTIALS",
    state: "active",
    dateCreated: daysAgo(400),
    roles: [{ roleId: "r-dev", roleName: "Developer", divisionId: "home", permissions: ["routing:queue:view"] }],
    managedBy: [{ stack: "p/prod", urn: "urn:pulumi:prod::p::t::ci" }],
    secretIssuedAt: daysAgo(10),
    requests: 12,
    ...over,
  };
}

const rulesOf = (clients: InventoryClient[], config = defaultInventoryConfig()): string[] =>
  judge(clients, [], config, NOW)
    .map((v) => v.rule)
    .sort();

describe("inventory: privileges", () => {
  it("a held permission covers a denied one part by part, * matching anything", () => {
    assert.ok(permissionCovers("oauth:*:*", "oauth:client:*"));
    assert.ok(permissionCovers("*", "oauth:client:*"));
    assert.ok(permissionCovers("oauth:client:*", "oauth:client:*"));
    assert.ok(!permissionCovers("oauth:client:view", "oauth:client:*"));
    assert.ok(!permissionCovers("routing:*:*", "oauth:client:*"));
    assert.deepStrictEqual(deniedPermissions(["authorization:role:add", "authorization:*:*"], ["oauth:client:*", "authorization:role:*"]), [
      "authorization:role:*",
    ]);
  });

  it("the allowlist names the roles outside it", () => {
    const allow = [{ grantType: "CLIENT-CREDENTIALS", roles: ["Developer"] }];
    assert.strictEqual(allowlistMismatch("CLIENT-CREDENTIALS", [{ name: "Developer" }], allow), undefined);
    assert.match(allowlistMismatch("CLIENT-CREDENTIALS", [{ name: "Developer" }, { name: "Telephony Admin" }], allow) ?? "", /Telephony Admin not allowed/);
    assert.match(allowlistMismatch("CODE", [], allow) ?? "", /grant type CODE is not in the allowlist/);
    assert.strictEqual(allowlistMismatch("CODE", [], undefined), undefined);
  });
});

describe("inventory: verdicts", () => {
  it("a well-kept client has none", () => {
    assert.deepStrictEqual(rulesOf([client({})]), []);
  });

  it("each fact gives its verdict", () => {
    assert.deepStrictEqual(rulesOf([client({ managedBy: [] })]), [INVENTORY_RULE_IDS.unmanaged]);
    assert.deepStrictEqual(
      rulesOf([
        client({
          managedBy: [
            { stack: "a/x", urn: "u1" },
            { stack: "b/y", urn: "u2" },
          ],
        }),
      ]),
      [INVENTORY_RULE_IDS.managedTwice],
    );
    assert.deepStrictEqual(rulesOf([client({ requests: 0 })]), [INVENTORY_RULE_IDS.unused]);
    assert.deepStrictEqual(rulesOf([client({ state: "inactive" })]), [INVENTORY_RULE_IDS.inactive]);
    assert.deepStrictEqual(rulesOf([client({ secretIssuedAt: daysAgo(120) })]), [INVENTORY_RULE_IDS.staleSecret]);
  });

  it("unknown facts give no verdict: usage not read, secret age unknown, a client younger than the window", () => {
    assert.deepStrictEqual(rulesOf([client({ requests: undefined, secretIssuedAt: undefined })]), []);
    assert.deepStrictEqual(rulesOf([client({ requests: 0, dateCreated: daysAgo(3) })]), []);
  });

  it("least privilege: a denied role (critical on all divisions), a denied permission, only for client credentials", () => {
    const admin = client({ roles: [{ roleId: "r-admin", roleName: "Admin", divisionId: "*", permissions: ["*"] }] });
    const vs = judge([admin], [], defaultInventoryConfig(), NOW);
    assert.deepStrictEqual(
      vs.map((v) => [v.rule, v.severity]),
      [[INVENTORY_RULE_IDS.leastPrivilege, "critical"]],
    );
    assert.match(
      vs[0].message,
      /holds Admin on all divisions: a denied role; grants oauth:client:add, oauth:client:edit, authorization:role:add, authorization:role:edit, authorization:grant:add, \*/,
    );
    const custom = client({ roles: [{ roleId: "r-x", roleName: "Integrator", divisionId: "home", divisionName: "Home", permissions: ["oauth:*:*"] }] });
    assert.deepStrictEqual(
      judge([custom], [], defaultInventoryConfig(), NOW).map((v) => [v.severity, v.message]),
      [["high", "holds Integrator on Home: grants oauth:client:add, oauth:client:edit"]],
    );
    const viewer = client({ roles: [{ roleId: "r-v", roleName: "Viewer", divisionId: "*", permissions: ["oauth:client:view", "authorization:role:view"] }] });
    assert.deepStrictEqual(rulesOf([viewer]), [], "viewing clients and roles is not denied");
    assert.deepStrictEqual(rulesOf([{ ...admin, grantType: "CODE" }]), []);
  });

  it("a stack resource whose client is gone", () => {
    const vs = judge([], [{ clientId: "gone", stack: "p/prod", urn: "urn:pulumi:prod::p::t::old" }], defaultInventoryConfig(), NOW);
    assert.deepStrictEqual(
      vs.map((v) => [v.rule, v.clientId, v.clientName]),
      [[INVENTORY_RULE_IDS.missing, "gone", "old"]],
    );
  });

  it("a config file in the pack's format: thresholds, deny lists, allowlist, disabled rules; bad values name the key", () => {
    const config = applyConfigFile(defaultInventoryConfig(), {
      all: { enforcementLevel: "mandatory" },
      "genesys-client-unmanaged": { enforcementLevel: "disabled" },
      "genesys-client-unused": { days: 90 },
      "genesys-client-secret-stale": { maxAgeDays: 5 },
      "genesys-oauth-client-least-privilege": { denyRoles: ["Developer"], allowlist: [{ grantType: "CLIENT-CREDENTIALS", roles: ["Employee"] }] },
      "genesys-no-secret-in-stack-outputs": { enforcementLevel: "advisory" },
    });
    assert.strictEqual(config.usageDays, 90);
    assert.deepStrictEqual(
      rulesOf([client({ managedBy: [] })], config),
      [INVENTORY_RULE_IDS.staleSecret, INVENTORY_RULE_IDS.leastPrivilege, INVENTORY_RULE_IDS.leastPrivilege].sort(),
    );
    assert.throws(() => applyConfigFile(defaultInventoryConfig(), { "genesys-client-unused": { days: "30" } }), /genesys-client-unused\.days/);
    assert.throws(
      () => applyConfigFile(defaultInventoryConfig(), { "genesys-oauth-client-least-privilege": { denyRoles: "Admin" } }),
      /denyRoles must be a list/,
    );
  });
});

describe("inventory: formats", () => {
  const clients = [client({ id: "c-1", name: "=cmd()", managedBy: [] }), client({ id: "c-2", name: "old", secretIssuedAt: daysAgo(200) })];
  const report: InventoryReport = {
    generatedAt: new Date(NOW).toISOString(),
    usageDays: 30,
    clients,
    missing: [],
    verdicts: judge(clients, [], defaultInventoryConfig(), NOW),
    notes: ["store x not readable"],
    failures: ["usage not readable for 1 of 2 client(s)"],
  };

  it("table, JSON, CSV and SARIF carry every client and verdict", () => {
    const table = formatInventoryTable(report);
    assert.match(table, /c-1 .*unmanaged/);
    assert.match(table, /genesys-client-secret-stale/);
    assert.deepStrictEqual((JSON.parse(formatInventoryJson(report)) as InventoryReport).verdicts, report.verdicts);
    const csv = formatInventoryCsv(report).trim().split("\r\n");
    assert.strictEqual(csv.length, 3);
    assert.match(csv[1], /^"c-1","'=cmd\(\)"/, "a formula-looking cell is neutralised");
    const sarif = JSON.parse(formatInventorySarif(report, "1.0.0")) as {
      runs: { results: { ruleId: string }[]; invocations: { toolExecutionNotifications: unknown[] }[] }[];
    };
    assert.deepStrictEqual(sarif.runs[0].results.map((r) => r.ruleId).sort(), report.verdicts.map((v) => v.rule).sort());
    assert.strictEqual(sarif.runs[0].invocations[0].toolExecutionNotifications.length, 2);
  });

  it("--fail-on compares severities", () => {
    assert.ok(hasVerdictAtOrAbove(report, "medium"));
    assert.ok(!hasVerdictAtOrAbove(report, "high"));
  });
});
