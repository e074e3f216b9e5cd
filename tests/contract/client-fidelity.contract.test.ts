/**
 * Contract: OAuthClient fields and lifecycle as the official SDK reads them — a deleted client is gone
 * (getOauthClient rejects with 404, getOauthClients leaves it out, no state "deleted" anywhere the API
 * answers), dateToDelete round-trips, createdBy/modifiedBy are left out for a client-credentials caller,
 * dateCreated/dateModified are ISO-8601 date-times.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../emulator";
import { OAuthClientRequest, sdkLogin, sdkRejection, SdkSession } from "./sdk";

const ADMIN = { id: "fid-admin", secret: "fid-admin-secret-000001" };
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("contract: official SDK OAuthApi client fidelity against the emulator", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let admin: SdkSession;
  let developer: string;

  before(async () => {
    emulator = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    admin = await sdkLogin(emulator.baseUrl, ADMIN.id, ADMIN.secret);
    developer = ((await admin.authorization.getAuthorizationRoles({ name: ["Developer"] })).entities ?? [])[0].id!;
  });
  after(() => emulator.close());

  const body = (extra: Partial<OAuthClientRequest> = {}): OAuthClientRequest => ({
    name: "fidelity",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roleDivisions: [{ roleId: developer, divisionId: "*" }],
    ...extra,
  });

  it("a deleted client is gone: getOauthClient rejects with the 404 ErrorBody and getOauthClients leaves it out", async () => {
    const created = await admin.oauth.postOauthClients(body());
    const current = await admin.oauth.getOauthClient(created.id!);
    await admin.oauth.putOauthClient(created.id!, { ...body(), state: "inactive" });
    await admin.oauth.deleteOauthClient(created.id!);

    const gone = await sdkRejection(() => admin.oauth.getOauthClient(created.id!));
    assert.deepEqual(Object.keys(gone).sort(), ["code", "contextId", "details", "errors", "message", "status"]);
    assert.deepEqual([gone.status, gone.code, gone.details, gone.errors], [404, "not.found", [], []]);
    assert.match(gone.contextId, /^[0-9a-f-]{36}$/);

    const listed = (await admin.oauth.getOauthClients()).entities ?? [];
    assert.equal(
      listed.find((c) => c.id === created.id),
      undefined,
      "not listed",
    );
    assert.ok(listed.length > 0 && listed.every((c) => c.state !== "deleted"), "no client anywhere in state deleted");
    assert.equal((await sdkRejection(() => admin.oauth.putOauthClient(created.id!, body()))).status, 404);
    assert.equal((await sdkRejection(() => admin.oauth.deleteOauthClient(created.id!))).status, 404);
    assert.equal(current.state, "active");

    // The test control plane still shows it, for orphan checks.
    const control = (await (await fetch(`${emulator.baseUrl}/__emulator/clients`)).json()) as { entities: { id: string; state: string }[] };
    assert.equal(control.entities.find((c) => c.id === created.id)?.state, "deleted");
  });

  it("stores and returns dateToDelete (ISO-8601 date-time); a replace without it drops it; a malformed one is 400 invalid.value", async () => {
    const created = await admin.oauth.postOauthClients(body({ state: "inactive", dateToDelete: "2027-01-15T08:30:00Z" }));
    assert.equal(created.dateToDelete, "2027-01-15T08:30:00.000Z");
    assert.equal((await admin.oauth.getOauthClient(created.id!)).dateToDelete, "2027-01-15T08:30:00.000Z");
    assert.equal((await admin.oauth.getOauthClients()).entities?.find((c) => c.id === created.id)?.dateToDelete, "2027-01-15T08:30:00.000Z");
    const moved = await admin.oauth.putOauthClient(created.id!, body({ state: "inactive", dateToDelete: "2027-02-01T00:00:00.000+01:00" }));
    assert.equal(moved.dateToDelete, "2027-01-31T23:00:00.000Z");
    const replaced = await admin.oauth.putOauthClient(created.id!, body({ state: "inactive" }));
    assert.equal(replaced.dateToDelete, undefined);
    for (const bad of ["tomorrow", "2027-01-15", "2027-13-45T00:00:00Z"]) {
      const e = await sdkRejection(() => admin.oauth.postOauthClients(body({ dateToDelete: bad })));
      assert.deepEqual([e.status, e.code], [400, "invalid.value"], bad);
      assert.match(e.message, /dateToDelete/);
    }
  });

  it("leaves createdBy/modifiedBy out for a client-credentials caller and dates every change", async () => {
    const created = await admin.oauth.postOauthClients(body());
    assert.deepEqual([created.createdBy, created.modifiedBy], [undefined, undefined]);
    assert.match(created.dateCreated ?? "", ISO_MS);
    assert.equal(created.dateModified, created.dateCreated);
    await new Promise((r) => setTimeout(r, 5));
    const updated = await admin.oauth.putOauthClient(created.id!, body({ description: "changed" }));
    assert.deepEqual([updated.createdBy, updated.modifiedBy], [undefined, undefined]);
    assert.equal(updated.dateCreated, created.dateCreated);
    assert.match(updated.dateModified ?? "", ISO_MS);
    assert.ok(Date.parse(updated.dateModified!) > Date.parse(created.dateCreated!), "dateModified moves on a change");
    assert.deepEqual(await admin.oauth.getOauthClient(created.id!), updated);
  });
});
