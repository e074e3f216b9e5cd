/**
 * In-memory stand-ins for the Genesys API and a secret store, with sinon spies on every method, so the
 * provider implementations can be driven through their failure paths without servers.
 */
import * as sinon from "sinon";
import { GuardError } from "../../../core/errors";
import { writeKey } from "../../../stores/record";
import type { CredentialRecord, SecretStore, StoredCredential } from "../../../stores/store";
import type { CredentialCheck, GenesysApi, GenesysClientRecord, GenesysClientRequest, GenesysRole, ProviderDeps } from "../../../providers/ports";

/** A Genesys org in memory: clients, roles, the one valid secret per client. */
export class FakeGenesys implements GenesysApi {
  clients = new Map<string, GenesysClientRecord>();
  secrets = new Map<string, string>();
  roles: GenesysRole[] = [
    { id: "role-dev", name: "Developer" },
    { id: "role-admin", name: "Admin" },
  ];
  homeDivision = "div-home";
  private counter = 0;
  /** Throw a lost-response error from the next N creates after the client was made. */
  loseCreateResponses = 0;
  /** Fail the next N creates before acting (connection refused). */
  refuseCreates = 0;
  /** verifyCredentials answers false for the next N calls (propagation delay). */
  verifyDelayCalls = 0;

  readonly calls = {
    listClients: sinon.spy(),
    getClient: sinon.spy() as sinon.SinonSpy<[string]>,
    createClient: sinon.spy() as sinon.SinonSpy<[GenesysClientRequest]>,
    updateClient: sinon.spy() as sinon.SinonSpy<[string, GenesysClientRequest]>,
    deleteClient: sinon.spy() as sinon.SinonSpy<[string]>,
    regenerateSecret: sinon.spy() as sinon.SinonSpy<[string]>,
    verifyCredentials: sinon.spy(),
    listRoles: sinon.spy(),
    getHomeDivisionId: sinon.spy(),
  };

  private newSecret(): string {
    this.counter++;
    return `Sec${this.counter}${"x".repeat(14)}Zq${this.counter}`;
  }

  async listClients(): Promise<GenesysClientRecord[]> {
    this.calls.listClients();
    return [...this.clients.values()].map((c) => ({ ...c }));
  }

  async getClient(id: string): Promise<GenesysClientRecord | undefined> {
    this.calls.getClient(id);
    const c = this.clients.get(id);
    return c ? { ...c } : undefined;
  }

  async createClient(request: GenesysClientRequest): Promise<GenesysClientRecord & { secret: string }> {
    this.calls.createClient(request);
    if (this.refuseCreates > 0) {
      this.refuseCreates--;
      throw new GuardError("genesys.network", "POST /api/v2/oauth/clients failed: ECONNREFUSED", { retryable: true, notActed: true });
    }
    const id = `client-${this.clients.size + 1}-${Math.random().toString(16).slice(2, 8)}`;
    const secret = this.newSecret();
    const record: GenesysClientRecord = {
      ...request,
      scope: request.scope,
      id,
      dateCreated: "2026-11-25T10:00:00.000Z",
      dateModified: "2026-11-25T10:00:00.000Z",
    };
    this.clients.set(id, record);
    this.secrets.set(id, secret);
    if (this.loseCreateResponses > 0) {
      this.loseCreateResponses--;
      throw new GuardError("genesys.network", "POST /api/v2/oauth/clients failed: ECONNRESET", { retryable: true });
    }
    return { ...record, secret };
  }

  async updateClient(id: string, request: GenesysClientRequest): Promise<GenesysClientRecord> {
    this.calls.updateClient(id, request);
    const existing = this.clients.get(id);
    if (!existing) throw new GuardError("genesys.not-found", "not found", { status: 404 });
    const record: GenesysClientRecord = { ...existing, ...request, dateModified: "2026-11-25T11:00:00.000Z" };
    this.clients.set(id, record);
    return { ...record };
  }

  async deleteClient(id: string): Promise<void> {
    this.calls.deleteClient(id);
    this.clients.delete(id);
    this.secrets.delete(id);
  }

  async regenerateSecret(id: string): Promise<{ secret: string; name?: string }> {
    this.calls.regenerateSecret(id);
    const client = this.clients.get(id);
    if (!client) throw new GuardError("genesys.not-found", "not found", { status: 404 });
    const secret = this.newSecret();
    this.secrets.set(id, secret);
    return { secret, name: client.name };
  }

  async checkCredentials(clientId: string, clientSecret: string): Promise<CredentialCheck> {
    return (await this.verifyCredentials(clientId, clientSecret)) ? { ok: true } : { ok: false, reason: "authentication_failed" };
  }

  /** The grant as a boolean (what tests assert on); counted in `calls.verifyCredentials` like the port's calls. */
  async verifyCredentials(clientId: string, clientSecret: string): Promise<boolean> {
    this.calls.verifyCredentials(clientId);
    if (this.verifyDelayCalls > 0) {
      this.verifyDelayCalls--;
      return false;
    }
    return this.secrets.get(clientId) === clientSecret;
  }

  async listRoles(): Promise<GenesysRole[]> {
    this.calls.listRoles();
    return this.roles;
  }

  async getHomeDivisionId(): Promise<string> {
    this.calls.getHomeDivisionId();
    return this.homeDivision;
  }

  /** Number of calls that change something in the org. */
  writeCalls(): number {
    return this.calls.createClient.callCount + this.calls.updateClient.callCount + this.calls.deleteClient.callCount + this.calls.regenerateSecret.callCount;
  }
}

/** A store in memory, idempotent per rotation id, with failure switches. */
export class FakeStore implements SecretStore {
  readonly kind = "file";
  current: StoredCredential | undefined;
  versions = 0;
  failWrites = 0;
  notWritable = false;
  readonly writes: CredentialRecord[] = [];
  readonly removeSpy = sinon.spy();
  readonly checkWritableSpy = sinon.spy();

  constructor(readonly reference: string) {}

  async checkWritable(): Promise<void> {
    this.checkWritableSpy();
    if (this.notWritable) throw new GuardError("store.forbidden", `cannot write ${this.reference}`, { hint: "fix permissions" });
  }

  async write(record: CredentialRecord): Promise<StoredCredential> {
    if (this.failWrites > 0) {
      this.failWrites--;
      throw new GuardError("store.unavailable", `${this.reference} unavailable`, { retryable: false });
    }
    if (this.current && writeKey(this.current.record) === writeKey(record)) return this.current;
    this.writes.push(record);
    this.versions++;
    this.current = { record: { ...record }, version: String(this.versions) };
    return this.current;
  }

  async read(): Promise<StoredCredential | undefined> {
    return this.current;
  }

  async remove(): Promise<void> {
    this.removeSpy();
    this.current = undefined;
  }
}

/** Deps over a FakeGenesys and FakeStores (one per reference), with an instant clock. */
export function fakeDeps(
  genesys: FakeGenesys,
  stores = new Map<string, FakeStore>(),
): ProviderDeps & { stores: Map<string, FakeStore>; slept: number[]; advance(ms: number): void } {
  let ids = 0;
  let clock = Date.parse("2026-11-25T10:00:00.000Z");
  const slept: number[] = [];
  return {
    stores,
    slept,
    /** Move the fake clock forward (time passing between two `pulumi up`s). */
    advance: (ms) => {
      clock += ms;
    },
    genesys: () => genesys,
    location: () => ({ apiBaseUrl: "http://127.0.0.1:9999", loginBaseUrl: "http://127.0.0.1:9999" }),
    openStore: (reference) => {
      let store = stores.get(reference);
      if (!store) {
        store = new FakeStore(reference);
        stores.set(reference, store);
      }
      return store;
    },
    parseStoreReference: (reference) => {
      if (!/^(file|vault|awssm):\/\//.test(reference)) {
        throw new GuardError("store.invalid-reference", "use file://, vault:// or awssm://");
      }
    },
    now: () => new Date(clock),
    randomId: () => (++ids).toString(16).padStart(16, "0"),
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  };
}

/** A program's OAuthClient args as the classes pass them to the provider (`overrides` replace or add fields). */
export function programArgs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "ci-bot",
    description: "CI service account",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: ["Developer"],
    accessTokenValiditySeconds: 3600,
    secretStore: "vault://secret/genesys/ci",
    adoptionKey: "0123456789abcdef01234567",
    ...overrides,
  };
}
