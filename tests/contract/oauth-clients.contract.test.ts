/**
 * Contract tests: the official Genesys SDK and our own client run the same scenarios against the
 * emulator. The SDK must not be able to tell the emulator from Genesys Cloud: it logs in with client
 * credentials, manages clients, sees the secret only where the real API returns it, and gets the real
 * error shapes.
 */
import { strict as assert } from "assert";
import { startEmulator, RunningEmulator } from "../../emulator";
import { CallError, Driver, failure, OurDriver, SdkDriver } from "./drivers";

const ADMIN = { id: "contract-admin", secret: "contract-admin-secret-0001" };
const READER = { id: "contract-reader", secret: "contract-reader-secret-0001" };
const EMPLOYEE = { id: "contract-employee", secret: "contract-employee-secret-01" };
const OAUTH_ONLY = { id: "contract-oauth-only", secret: "contract-oauth-only-secret-1" };

for (const make of [(url: string) => new SdkDriver(url), (url: string) => new OurDriver(url)]) {
  describe(`contract: ${make("http://127.0.0.1:1").name} against the emulator`, function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let api: Driver;

    before(async () => {
      emulator = await startEmulator({
        adminClientId: ADMIN.id,
        adminClientSecret: ADMIN.secret,
        extraClients: [
          { ...READER, roles: ["Read Only"] },
          { ...EMPLOYEE, roles: ["Employee"] },
          { ...OAUTH_ONLY, roles: ["Admin"] },
        ],
      });
      api = make(emulator.baseUrl);
      await api.login(ADMIN.id, ADMIN.secret);
    });
    after(() => emulator.close());

    it("creates, lists, reads, updates, regenerates and deletes a client", async () => {
      const developer = await api.roleId("Developer");
      const created = await api.createClient({
        name: "contract-ci",
        description: "first",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [{ roleId: developer, divisionId: "*" }],
        accessTokenValiditySeconds: 3600,
      });
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.ok(created.secret && created.secret.length >= 20 && created.secret.length <= 22, "create returns a 20–22 character secret");
      assert.equal(await api.tokenWorks(created.id, created.secret), true);

      const listed = await api.listClients();
      const entry = listed.find((c) => c.id === created.id);
      assert.ok(entry, "the new client is listed");
      assert.equal(entry.secret, undefined, "list never returns a secret");

      const read = await api.getClient(created.id);
      assert.equal(read.secret, undefined, "get never returns a secret");
      assert.equal(read.description, "first");
      assert.equal(read.accessTokenValiditySeconds, 3600);

      const updated = await api.updateClient(created.id, {
        name: "contract-ci",
        authorizedGrantType: "CLIENT-CREDENTIALS",
        roleDivisions: [{ roleId: developer, divisionId: "*" }],
      });
      assert.equal(updated.secret, undefined, "put never returns a secret");
      assert.equal(updated.description, undefined, "PUT is a replace: the description left out is gone");
      assert.equal(updated.accessTokenValiditySeconds, 86400, "PUT is a replace: validity back to the default");

      const regenerated = await api.regenerateSecret(created.id);
      assert.ok(regenerated.secret && regenerated.secret !== created.secret, "regenerate returns a new secret");
      assert.equal(await api.tokenWorks(created.id, created.secret), false, "the old secret stops working at once");
      assert.equal(await api.tokenWorks(created.id, regenerated.secret), true);

      await api.deleteClient(created.id);
      const gone = await failure(() => api.getClient(created.id));
      assert.deepEqual([gone.status, gone.code], [404, "not.found"]);
      assert.equal(await api.tokenWorks(created.id, regenerated.secret), false, "a deleted client gets no token");
    });

    it("normalises SAML2BEARER to SAML2-BEARER and enforces grant-type rules with ErrorBody 400s", async () => {
      const saml = await api.createClient({ name: "contract-saml", authorizedGrantType: "SAML2BEARER", scope: ["users:readonly"] });
      assert.equal(saml.authorizedGrantType, "SAML2-BEARER");
      for (const body of [
        { name: "bad-grant", authorizedGrantType: "CLIENT_CREDENTIALS" },
        { name: "no-roles", authorizedGrantType: "CLIENT-CREDENTIALS" },
        { name: "no-scope", authorizedGrantType: "CODE", registeredRedirectUri: ["https://example.com/cb"] },
        { name: "short-validity", authorizedGrantType: "TOKEN", scope: ["x"], accessTokenValiditySeconds: 60 },
      ]) {
        const e = await failure(() => api.createClient(body));
        assert.equal(e.status, 400, body.name);
        assert.ok(["invalid.value", "bad.request"].includes(e.code), `${body.name}: ${e.code}`);
      }
    });

    it("refuses to grant a role the caller does not hold", async () => {
      const developer = await api.roleId("Developer");
      const oauthOnly = make(emulator.baseUrl);
      await oauthOnly.login(OAUTH_ONLY.id, OAUTH_ONLY.secret);
      const e = await failure(() =>
        oauthOnly.createClient({ name: "x", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: developer, divisionId: "*" }] }),
      );
      assert.deepEqual([e.status, e.code], [400, "invalid.value"]);
      assert.match(e.message, /only grant roles it holds/);
      const before = (await api.listClients()).length;
      assert.equal((await api.listClients()).length, before, "nothing was created");
    });

    it("answers 403 missing.permissions naming oauth:client:add to a client that may only view", async () => {
      const developer = await api.roleId("Developer");
      const reader = make(emulator.baseUrl);
      await reader.login(READER.id, READER.secret);
      const e = await failure(() =>
        reader.createClient({ name: "x", authorizedGrantType: "CLIENT-CREDENTIALS", roleDivisions: [{ roleId: developer, divisionId: "*" }] }),
      );
      assert.deepEqual([e.status, e.code], [403, "missing.permissions"]);
      assert.match(e.message, /oauth:client:add/);
    });

    it("answers 401 for a wrong secret, 403 missing.permissions without oauth:client:*, 404 for unknown ids", async () => {
      assert.equal(await api.tokenWorks(ADMIN.id, "not-the-secret"), false);
      assert.equal(await api.tokenWorks("no-such-client", "whatever-secret"), false);
      const employee = make(emulator.baseUrl);
      await employee.login(EMPLOYEE.id, EMPLOYEE.secret);
      const forbidden = await failure(() => employee.listClients());
      assert.deepEqual([forbidden.status, forbidden.code], [403, "missing.permissions"]);
      assert.match(forbidden.message, /oauth:client:view/);
      const missing = await failure(() => api.getClient("00000000-0000-0000-0000-000000000000"));
      assert.deepEqual([missing.status, missing.code], [404, "not.found"]);
    });

    it("answers 429 too.many.requests with Retry-After when the token's rate limit is spent", async () => {
      emulator.knobs.set({ rateLimitPerMinute: 3 });
      try {
        const limited = make(emulator.baseUrl);
        await limited.login(ADMIN.id, ADMIN.secret);
        let seen: CallError | undefined;
        for (let i = 0; i < 6 && !seen; i++) {
          await limited.listClients().catch(async (error: unknown) => {
            seen = await failure(() => Promise.reject(error));
          });
        }
        assert.ok(seen, "a call was refused");
        assert.deepEqual([seen.status, seen.code], [429, "too.many.requests"]);
        assert.match(seen.message, /Rate limit exceeded the maximum \[3\] requests within \[60\] seconds/);
        assert.ok(emulator.stats.rateLimited > 0);
      } finally {
        emulator.knobs.set({ rateLimitPerMinute: 300 });
      }
    });
  });
}

describe("contract: the official SDK surfaces the emulator's errors as it does Genesys Cloud's", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let sdk: SdkDriver;
  before(async () => {
    emulator = await startEmulator({ adminClientId: ADMIN.id, adminClientSecret: ADMIN.secret });
    sdk = new SdkDriver(emulator.baseUrl);
    await sdk.login(ADMIN.id, ADMIN.secret);
  });
  after(() => emulator.close());

  const rejection = async (fn: () => Promise<unknown>): Promise<Record<string, unknown>> => {
    try {
      await fn();
    } catch (error) {
      return error as Record<string, unknown>;
    }
    throw new Error("expected the SDK call to reject");
  };

  it("rejects API calls with the Genesys ErrorBody itself (message, code, status, contextId, details, errors)", async () => {
    const notFound = await rejection(() => sdk.getClient("00000000-0000-0000-0000-000000000000"));
    assert.deepEqual(Object.keys(notFound).sort(), ["code", "contextId", "details", "errors", "message", "status"]);
    assert.deepEqual([notFound.status, notFound.code, notFound.details, notFound.errors], [404, "not.found", [], []]);
    const invalid = await rejection(() => sdk.createClient({ name: "x", authorizedGrantType: "CLIENT_CREDENTIALS" }));
    assert.deepEqual([invalid.status, invalid.code], [400, "invalid.value"]);
  });

  it("rejects a failed login with the token endpoint's OAuth error body", async () => {
    const wrong = await rejection(() => new SdkDriver(emulator.baseUrl).login(ADMIN.id, "not-the-secret"));
    const response = wrong.response as { status: number; data: Record<string, string> };
    assert.equal(response.status, 401);
    assert.deepEqual(response.data, { error: "invalid_client", description: "authentication failed", error_description: "authentication failed" });
    const unknown = await rejection(() => new SdkDriver(emulator.baseUrl).login("no-such-client", "whatever"));
    assert.equal((unknown.response as { status: number }).status, 400);
  });
});
