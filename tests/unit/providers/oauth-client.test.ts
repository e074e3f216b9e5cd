import { strict as assert } from "assert";
import { isGuardError } from "../../../core/errors";
import { OAuthClientProvider } from "../../../providers/oauth-client-impl";
import { secretMarker } from "../../../rotation/delivery";
import type { OAuthClientInputs, OAuthClientOutputs } from "../../../providers/types";
import { FakeGenesys, fakeDeps } from "./fakes";

const STORE = "file://./secrets/ci";

function inputs(overrides: Partial<OAuthClientInputs> = {}): OAuthClientInputs {
  return {
    name: "ci-bot",
    description: "CI service account",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [{ role: "Developer" }],
    scopes: [],
    redirectUris: [],
    accessTokenValiditySeconds: 86400,
    state: "active",
    secretStore: STORE,
    deleteSecretOnDestroy: false,
    exposeSecretAsOutput: false,
    ...overrides,
  };
}

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("providers: OAuthClient", () => {
  let genesys: FakeGenesys;
  let deps: ReturnType<typeof fakeDeps>;
  let provider: OAuthClientProvider;

  beforeEach(() => {
    genesys = new FakeGenesys();
    deps = fakeDeps(genesys);
    provider = new OAuthClientProvider(deps);
  });

  describe("create", () => {
    it("stores the secret, returns only references and a marker, and clears the creation marker", async () => {
      const { id, outs } = await provider.create(inputs());
      const store = deps.stores.get(STORE)!;
      const secret = genesys.secrets.get(id)!;
      assert.equal(store.current?.record.clientSecret, secret);
      assert.equal(store.current?.record.clientId, id);
      assert.equal(store.current?.record.clientName, "ci-bot");
      assert.equal(store.current?.record.schema, "genesys-oauth-guard/credential@1");
      assert.ok(!strings(outs).some((s) => s.includes(secret)), "no output holds the secret");
      assert.equal(outs!.clientSecret, undefined);
      assert.equal(outs!.secretMarker, secretMarker(id, secret));
      assert.match(outs!.secretMarker, /^sha256:[0-9a-f]{16}$/);
      assert.equal(outs!.storeVersion, "1");
      assert.deepEqual(outs!.roleDivisions, [{ roleId: "role-dev", divisionId: "div-home" }]);
      // The POST carried the marker; the PUT afterwards restored the plain description.
      assert.match(genesys.calls.createClient.firstCall.args[0].description, /^CI service account \[goag-create:[0-9a-f]+\]$/);
      assert.equal(genesys.clients.get(id)!.description, "CI service account");
      assert.equal(outs!.description, "CI service account");
    });

    it("checks the store before creating anything", async () => {
      deps.openStore(STORE);
      deps.stores.get(STORE)!.notWritable = true;
      await assert.rejects(provider.create(inputs()), (e: unknown) => isGuardError(e, "store.forbidden"));
      assert.equal(genesys.calls.createClient.callCount, 0);
    });

    it("deletes the new client when the secret cannot be stored", async () => {
      deps.openStore(STORE);
      deps.stores.get(STORE)!.failWrites = 10;
      await assert.rejects(provider.create(inputs()), (e: unknown) => {
        assert.ok(isGuardError(e, "provider.create-rolled-back"));
        assert.match(e.message, /could not be written to file:\/\/\.\/secrets\/ci .*the client was deleted again/);
        return true;
      });
      assert.equal(genesys.calls.deleteClient.callCount, 1);
      assert.equal(genesys.clients.size, 0, "nothing orphaned");
    });

    it("reports an orphan (with its id) when the rollback fails too", async () => {
      deps.openStore(STORE);
      deps.stores.get(STORE)!.failWrites = 10;
      genesys.deleteClient = async () => {
        throw new Error("boom");
      };
      await assert.rejects(provider.create(inputs()), (e: unknown) => {
        assert.ok(isGuardError(e, "provider.orphan"));
        assert.match(e.message, /^Client client-1-\w+ was created/);
        return true;
      });
    });

    it("adopts the client a lost create response made, regenerating its secret, instead of making another", async () => {
      genesys.loseCreateResponses = 1;
      const { id, outs } = await provider.create(inputs());
      assert.equal(genesys.clients.size, 1, "no second client");
      assert.equal(genesys.calls.createClient.callCount, 1);
      assert.equal(genesys.calls.regenerateSecret.callCount, 1);
      const store = deps.stores.get(STORE)!;
      assert.equal(store.current?.record.clientSecret, genesys.secrets.get(id), "the stored secret is the live one");
      assert.equal(genesys.clients.get(id)!.description, "CI service account");
      assert.equal(outs!.secretMarker, secretMarker(id, genesys.secrets.get(id)!));
    });

    it("repeats the adopted client's lost regenerate on the provider's clock (its injected sleep), and stores the last secret", async () => {
      genesys.loseCreateResponses = 1;
      let lose = 1;
      const realRegenerate = genesys.regenerateSecret.bind(genesys);
      genesys.regenerateSecret = async (id) => {
        const answer = await realRegenerate(id);
        if (lose-- > 0) {
          const { GuardError } = await import("../../../core/errors");
          throw new GuardError("genesys.network", "ECONNRESET after acting", { retryable: true });
        }
        return answer;
      };
      const { id } = await provider.create(inputs());
      assert.equal(genesys.calls.regenerateSecret.callCount, 2, "regenerate repeated once after the lost response");
      // findByMarker waits 1 s before its second listing; the regenerate recovery's wait (250 ms) is on the same fake clock.
      assert.ok(deps.slept.includes(250), `the recovery waited through deps.sleep: ${JSON.stringify(deps.slept)}`);
      assert.equal(deps.stores.get(STORE)!.current?.record.clientSecret, genesys.secrets.get(id), "the stored secret is the live one");
    });

    it("posts again when the lost attempt made no client", async () => {
      // A connection reset before the server acted: no client with the marker exists.
      let first = true;
      const realCreate = genesys.createClient.bind(genesys);
      genesys.createClient = async (request) => {
        if (first) {
          first = false;
          genesys.calls.createClient(request);
          const { GuardError } = await import("../../../core/errors");
          throw new GuardError("genesys.network", "ECONNRESET", { retryable: true });
        }
        return realCreate(request);
      };
      await provider.create(inputs());
      assert.equal(genesys.clients.size, 1);
      assert.equal(genesys.calls.createClient.callCount, 2);
      assert.equal(genesys.calls.regenerateSecret.callCount, 0);
    });

    it("puts the secret in outputs only when asked", async () => {
      const { id, outs } = await provider.create(inputs({ exposeSecretAsOutput: true }));
      assert.equal(outs!.clientSecret, genesys.secrets.get(id));
    });
  });

  describe("diff", () => {
    let outs: OAuthClientOutputs;
    beforeEach(async () => {
      outs = (await provider.create(inputs())).outs!;
    });

    it("reports no change for the same inputs (roles and lists compared as sets)", async () => {
      const d = await provider.diff(outs.clientId, outs, inputs());
      assert.equal(d.changes, false);
    });

    it("replaces on a grant type change and updates in place otherwise", async () => {
      const replace = await provider.diff(outs.clientId, outs, inputs({ authorizedGrantType: "CODE", scopes: ["x"] }));
      assert.deepEqual(replace.replaces, ["authorizedGrantType"]);
      const update = await provider.diff(outs.clientId, outs, inputs({ description: "new", secretStore: "file://./other" }));
      assert.equal(update.changes, true);
      assert.deepEqual(update.replaces, []);
    });
  });

  describe("read", () => {
    it("reports drift in managed fields and keeps role names while the pairs match", async () => {
      const { id, outs } = await provider.create(inputs());
      const client = genesys.clients.get(id)!;
      genesys.clients.set(id, { ...client, description: "changed by hand", accessTokenValiditySeconds: 600 });
      const read = await provider.read(id, outs!);
      assert.equal(read.id, id);
      assert.equal(read.props!.description, "changed by hand");
      assert.equal(read.props!.accessTokenValiditySeconds, 600);
      assert.deepEqual(read.props!.roles, [{ role: "Developer" }]);
      assert.equal(read.props!.secretMarker, outs!.secretMarker);
      const d = await provider.diff(id, read.props!, inputs());
      assert.equal(d.changes, true, "the next up puts the program's values back");
    });

    it("shows role drift as the actual role/division ids", async () => {
      const { id, outs } = await provider.create(inputs());
      genesys.clients.set(id, { ...genesys.clients.get(id)!, roleDivisions: [{ roleId: "role-admin", divisionId: "*" }] });
      const read = await provider.read(id, outs!);
      assert.deepEqual(read.props!.roles, [{ role: "role-admin", division: "*" }]);
      assert.equal((await provider.diff(id, read.props!, inputs())).changes, true);
    });

    it("returns an empty id for a client deleted outside Pulumi", async () => {
      const { id, outs } = await provider.create(inputs());
      genesys.clients.delete(id);
      assert.equal((await provider.read(id, outs!)).id, "");
    });
  });

  describe("update", () => {
    it("PUTs the whole client with resolved roles and keeps the secret where it is", async () => {
      const { id, outs } = await provider.create(inputs());
      const before = genesys.secrets.get(id);
      const result = await provider.update(id, outs!, inputs({ description: "v2", roles: [{ role: "Admin", division: "*" }] }));
      const put = genesys.calls.updateClient.lastCall.args[1];
      assert.equal(put.description, "v2");
      assert.deepEqual(put.roleDivisions, [{ roleId: "role-admin", divisionId: "*" }]);
      assert.equal(put.authorizedGrantType, "CLIENT-CREDENTIALS");
      assert.equal(genesys.secrets.get(id), before, "no regeneration");
      assert.equal(result.outs!.description, "v2");
    });

    it("says to refresh when the client was deleted outside Pulumi", async () => {
      const { id, outs } = await provider.create(inputs());
      genesys.clients.delete(id);
      await assert.rejects(provider.update(id, outs!, inputs({ description: "v2" })), (e: unknown) => {
        assert.ok(isGuardError(e, "genesys.not-found"));
        assert.match(e.describe(), /deleted outside Pulumi.*pulumi refresh/);
        return true;
      });
    });

    it("copies the current secret to a new store without regenerating", async () => {
      const { id, outs } = await provider.create(inputs());
      const puts = genesys.calls.updateClient.callCount;
      const result = await provider.update(id, outs!, inputs({ secretStore: "vault://secret/ci" }));
      const target = deps.stores.get("vault://secret/ci")!;
      assert.equal(target.current?.record.clientSecret, genesys.secrets.get(id));
      assert.equal(genesys.calls.regenerateSecret.callCount, 0);
      assert.equal(genesys.calls.updateClient.callCount, puts, "no PUT for a store change");
      assert.equal(result.outs!.secretStore, "vault://secret/ci");
      assert.equal(result.outs!.secretMarker, outs!.secretMarker);
    });

    it("regenerates into the new store when the old one lost the secret", async () => {
      const { id, outs } = await provider.create(inputs());
      deps.stores.get(STORE)!.current = undefined;
      const result = await provider.update(id, outs!, inputs({ secretStore: "vault://secret/ci" }));
      assert.equal(genesys.calls.regenerateSecret.callCount, 1);
      assert.equal(deps.stores.get("vault://secret/ci")!.current?.record.clientSecret, genesys.secrets.get(id));
      assert.notEqual(result.outs!.secretMarker, outs!.secretMarker);
    });
  });

  describe("delete", () => {
    it("deletes the client and keeps the stored secret by default", async () => {
      const { id, outs } = await provider.create(inputs());
      await provider.delete(id, outs!);
      assert.equal(genesys.clients.size, 0);
      assert.ok(deps.stores.get(STORE)!.current);
    });

    it("removes the stored secret when asked, but only if it is this client's", async () => {
      const a = await provider.create(inputs({ deleteSecretOnDestroy: true }));
      const b = await provider.create(inputs({ deleteSecretOnDestroy: true })); // a replacement wrote over it
      await provider.delete(a.id, a.outs!);
      assert.equal(deps.stores.get(STORE)!.current?.record.clientId, b.id, "the replacement's secret stays");
      await provider.delete(b.id, b.outs!);
      assert.equal(deps.stores.get(STORE)!.current, undefined);
    });
  });
});
