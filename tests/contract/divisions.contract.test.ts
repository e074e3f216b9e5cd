/**
 * Contract: the official SDK's AuthorizationApi division methods against the emulator (paged listing with
 * its filters, home, by id), and divisions other than the home one in an OAuth client's roleDivisions.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../emulator";
import { AuthzDivision, sdkLogin, sdkRejection, SdkSession } from "./sdk";

const ADMIN = { id: "div-admin", secret: "div-admin-secret-000001" };
const EMPLOYEE = { id: "div-employee", secret: "div-employee-secret-0001" };

describe("contract: official SDK AuthorizationApi divisions against the emulator", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let admin: SdkSession;

  before(async () => {
    emulator = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret, extraClients: [{ ...EMPLOYEE, roles: ["Employee"] }] });
    admin = await sdkLogin(emulator.baseUrl, ADMIN.id, ADMIN.secret);
  });
  after(() => emulator.close());

  const all = async (): Promise<AuthzDivision[]> => (await admin.authorization.getAuthorizationDivisions()).entities ?? [];

  it("getAuthorizationDivisions answers an AuthzDivisionEntityListing with the home division and two more", async () => {
    const listing = await admin.authorization.getAuthorizationDivisions();
    assert.deepEqual([listing.pageSize, listing.pageNumber, listing.total, listing.pageCount], [25, 1, 3, 1]);
    assert.equal(listing.selfUri, "/api/v2/authorization/divisions?pageSize=25&pageNumber=1");
    assert.equal(listing.firstUri, listing.selfUri);
    assert.equal(listing.lastUri, listing.selfUri);
    assert.deepEqual([listing.nextUri, listing.previousUri], [undefined, undefined]);
    const entities = listing.entities ?? [];
    assert.deepEqual(
      entities.map((d) => d.name),
      ["Home", "Integrations", "Operations"],
      "sorted by name",
    );
    for (const d of entities) {
      assert.match(d.id ?? "", /^[0-9a-f-]{36}$/);
      assert.equal(typeof d.description, "string", "description is required in AuthzDivision");
      assert.equal(d.selfUri, `/api/v2/authorization/divisions/${d.id}`);
      assert.equal(d.objectCounts, undefined, "objectCounts only with objectCount=true");
    }
    assert.deepEqual(
      entities.map((d) => d.homeDivision),
      [true, false, false],
    );
  });

  it("pages with pageSize/pageNumber and filters by repeated id and by name", async () => {
    const [home, integrations, operations] = await all();
    const second = await admin.authorization.getAuthorizationDivisions({ pageSize: 2, pageNumber: 2 });
    assert.deepEqual([second.total, second.pageCount, (second.entities ?? []).map((d) => d.name)], [3, 2, ["Operations"]]);
    assert.equal(second.previousUri, "/api/v2/authorization/divisions?pageSize=2&pageNumber=1");
    assert.equal(second.nextUri, undefined);
    const first = await admin.authorization.getAuthorizationDivisions({ pageSize: 2 });
    assert.equal(first.nextUri, "/api/v2/authorization/divisions?pageSize=2&pageNumber=2");
    assert.equal(first.lastUri, first.nextUri);

    const byId = await admin.authorization.getAuthorizationDivisions({ id: [operations.id!, home.id!] });
    assert.deepEqual(
      (byId.entities ?? []).map((d) => d.id),
      [home.id, operations.id],
    );
    assert.equal(byId.total, 2);
    assert.equal(byId.selfUri, `/api/v2/authorization/divisions?pageSize=25&pageNumber=1&id=${operations.id}&id=${home.id}`);

    const byName = await admin.authorization.getAuthorizationDivisions({ name: "integrations" });
    assert.deepEqual(
      (byName.entities ?? []).map((d) => d.id),
      [integrations.id],
      "name is a case-insensitive search term",
    );
    const none = await admin.authorization.getAuthorizationDivisions({ name: "no such division" });
    assert.deepEqual([none.entities, none.total, none.pageCount], [[], 0, 0]);

    const counted = await admin.authorization.getAuthorizationDivisions({ objectCount: true, pageSize: 1 });
    assert.deepEqual((counted.entities ?? [])[0].objectCounts, {});
  });

  it("getAuthorizationDivisionsHome and getAuthorizationDivision answer AuthzDivision; an unknown id rejects with 404 not.found", async () => {
    const entities = await all();
    const home = await admin.authorization.getAuthorizationDivisionsHome();
    assert.deepEqual(
      home,
      entities.find((d) => d.homeDivision),
    );
    for (const d of entities) assert.deepEqual(await admin.authorization.getAuthorizationDivision(d.id!), d);
    const missing = await sdkRejection(() => admin.authorization.getAuthorizationDivision("00000000-0000-0000-0000-000000000000"));
    assert.deepEqual([missing.status, missing.code, missing.details, missing.errors], [404, "not.found", [], []]);
  });

  it("needs no permission (the SDK docs: Requires NO permissions)", async () => {
    const employee = await sdkLogin(emulator.baseUrl, EMPLOYEE.id, EMPLOYEE.secret);
    assert.equal((await employee.authorization.getAuthorizationDivisions()).total, 3);
    assert.equal((await employee.authorization.getAuthorizationDivisionsHome()).homeDivision, true);
  });

  it("grants a role in a division other than the home one, and refuses an unknown division id with 400 invalid.value", async () => {
    const operations = (await all()).find((d) => d.name === "Operations")!;
    const developer = ((await admin.authorization.getAuthorizationRoles({ name: ["Developer"] })).entities ?? [])[0].id!;
    const created = await admin.oauth.postOauthClients({
      name: "div-client",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: developer, divisionId: operations.id! }],
    });
    assert.deepEqual(created.roleDivisions, [{ roleId: developer, divisionId: operations.id }]);
    assert.deepEqual((await admin.oauth.getOauthClient(created.id!)).roleDivisions, [{ roleId: developer, divisionId: operations.id }]);

    const before = (await admin.oauth.getOauthClients()).entities?.length;
    const bad = await sdkRejection(() =>
      admin.oauth.postOauthClients({
        name: "bad-div",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [{ roleId: developer, divisionId: "00000000-0000-0000-0000-000000000000" }],
      }),
    );
    assert.deepEqual([bad.status, bad.code], [400, "invalid.value"]);
    assert.match(bad.message, /divisionId 00000000-0000-0000-0000-000000000000 does not exist/);
    assert.deepEqual(Object.keys(bad).sort(), ["code", "contextId", "details", "errors", "message", "status"]);
    assert.equal((await admin.oauth.getOauthClients()).entities?.length, before, "nothing was created");
  });

  it("lets a client grant a role only in the divisions it holds that role in", async () => {
    const divisions = await all();
    const operations = divisions.find((d) => d.name === "Operations")!;
    const home = divisions.find((d) => d.homeDivision)!;
    const adminRole = ((await admin.authorization.getAuthorizationRoles({ name: ["Admin"] })).entities ?? [])[0].id!;
    const opsAdmin = await admin.oauth.postOauthClients({
      name: "ops-admin",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: adminRole, divisionId: operations.id! }],
    });
    const ops = await sdkLogin(emulator.baseUrl, opsAdmin.id!, opsAdmin.secret!);
    const granted = await ops.oauth.postOauthClients({
      name: "ops-child",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      roleDivisions: [{ roleId: adminRole, divisionId: operations.id! }],
    });
    assert.deepEqual(granted.roleDivisions, [{ roleId: adminRole, divisionId: operations.id }]);
    for (const divisionId of [home.id!, "*"]) {
      const e = await sdkRejection(() =>
        ops.oauth.postOauthClients({ name: "ops-escalate", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: adminRole, divisionId }] }),
      );
      assert.deepEqual([e.status, e.code], [400, "invalid.value"], divisionId);
      assert.ok(e.message.includes(`in division ${divisionId}:`), e.message);
    }
  });
});
