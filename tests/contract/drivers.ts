/**
 * Two clients of the Genesys Platform API behind one small interface, so the contract tests run the same
 * scenarios through the official SDK (purecloud-platform-client-v2, gateway mode) and through our own
 * client (genesys/). Errors are normalised to {status, code}.
 */
import { GuardError } from "../../core/errors";
import { RetryPolicy } from "../../core/retry";
import { GenesysClient, resolveGenesysSettings } from "../../genesys";
import { RatePacerRegistry } from "../../genesys/rate-pacer";

/** The fields of an OAuth client the scenarios read. */
export interface ClientView {
  id: string;
  name: string;
  description?: string;
  authorizedGrantType: string;
  state?: string;
  accessTokenValiditySeconds?: number;
  roleDivisions?: { roleId: string; divisionId: string }[];
  secret?: string;
}

/** A request body for create/update. */
export interface ClientBody {
  name: string;
  authorizedGrantType: string;
  description?: string;
  roleDivisions?: { roleId: string; divisionId: string }[];
  scope?: string[];
  state?: string;
  accessTokenValiditySeconds?: number;
}

/** A failed call, normalised. */
export interface CallError {
  status: number;
  code: string;
  message: string;
  /** Retry-After in seconds, when the answer carried one. */
  retryAfterSeconds?: number;
}

/** What the scenarios do. */
export interface Driver {
  readonly name: string;
  login(clientId: string, secret: string): Promise<void>;
  listClients(): Promise<ClientView[]>;
  getClient(id: string): Promise<ClientView>;
  createClient(body: ClientBody): Promise<ClientView>;
  updateClient(id: string, body: ClientBody): Promise<ClientView>;
  regenerateSecret(id: string): Promise<ClientView>;
  deleteClient(id: string): Promise<void>;
  roleId(name: string): Promise<string>;
  /** True when a client-credentials token grant with these credentials succeeds. */
  tokenWorks(clientId: string, secret: string): Promise<boolean>;
}

/** Run `fn` and return its normalised error (or fail when it succeeds). */
export async function failure(fn: () => Promise<unknown>): Promise<CallError> {
  try {
    await fn();
  } catch (error) {
    return normalise(error);
  }
  throw new Error("expected the call to fail");
}

function normalise(error: unknown): CallError {
  if (error instanceof GuardError) {
    const out: CallError = { status: error.status ?? 0, code: error.serviceCode ?? error.code, message: error.message };
    if (error.retryAfterMs !== undefined) out.retryAfterSeconds = error.retryAfterMs / 1000;
    return out;
  }
  const e = error as {
    status?: number;
    code?: string;
    message?: string;
    response?: { status: number; data?: { error?: string; code?: string; message?: string } };
  };
  if (e?.response) return { status: e.response.status, code: e.response.data?.code ?? e.response.data?.error ?? "", message: e.response.data?.message ?? "" };
  if (typeof e?.status === "number") return { status: e.status, code: e.code ?? "", message: e.message ?? "" };
  throw error;
}

// ---- the official SDK -------------------------------------------------------------------------------

interface SdkApiClient {
  setGateway(g: { host: string; port: number; protocol: string; path_params_login: string; path_params_api: string }): void;
  loginClientCredentialsGrant(id: string, secret: string): Promise<unknown>;
}
interface SdkOAuthApi {
  getOauthClients(): Promise<{ entities: ClientView[] }>;
  getOauthClient(id: string): Promise<ClientView>;
  postOauthClients(body: ClientBody): Promise<ClientView>;
  putOauthClient(id: string, body: ClientBody): Promise<ClientView>;
  postOauthClientSecret(id: string): Promise<ClientView>;
  deleteOauthClient(id: string): Promise<void>;
}
interface SdkAuthorizationApi {
  getAuthorizationRoles(opts: { name?: string[] | string; pageSize?: number }): Promise<{ entities: { id: string; name: string }[] }>;
}
interface SdkModule {
  ApiClientClass: new () => SdkApiClient;
  OAuthApi: new (client: SdkApiClient) => SdkOAuthApi;
  AuthorizationApi: new (client: SdkApiClient) => SdkAuthorizationApi;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK ships no type declarations; SdkModule types the part the tests use
const sdk = require("purecloud-platform-client-v2") as SdkModule;

/** The official SDK, a fresh ApiClient per login (its default client is a process-wide singleton). */
export class SdkDriver implements Driver {
  readonly name = "official SDK (purecloud-platform-client-v2)";
  private oauth?: SdkOAuthApi;
  private authorization?: SdkAuthorizationApi;
  constructor(private readonly baseUrl: string) {}

  private newClient(): SdkApiClient {
    const url = new URL(this.baseUrl);
    const client = new sdk.ApiClientClass();
    client.setGateway({ host: url.hostname, port: Number(url.port), protocol: "http", path_params_login: "", path_params_api: "" });
    return client;
  }

  async login(clientId: string, secret: string): Promise<void> {
    const client = this.newClient();
    await client.loginClientCredentialsGrant(clientId, secret);
    this.oauth = new sdk.OAuthApi(client);
    this.authorization = new sdk.AuthorizationApi(client);
  }
  private api(): SdkOAuthApi {
    if (!this.oauth) throw new Error("login first");
    return this.oauth;
  }
  async listClients(): Promise<ClientView[]> {
    return (await this.api().getOauthClients()).entities;
  }
  getClient(id: string): Promise<ClientView> {
    return this.api().getOauthClient(id);
  }
  createClient(body: ClientBody): Promise<ClientView> {
    return this.api().postOauthClients(body);
  }
  updateClient(id: string, body: ClientBody): Promise<ClientView> {
    return this.api().putOauthClient(id, body);
  }
  regenerateSecret(id: string): Promise<ClientView> {
    return this.api().postOauthClientSecret(id);
  }
  async deleteClient(id: string): Promise<void> {
    const current = await this.api().getOauthClient(id);
    await this.api().putOauthClient(id, { ...current, state: "inactive" });
    await this.api().deleteOauthClient(id);
  }
  async roleId(name: string): Promise<string> {
    const found = await this.authorization!.getAuthorizationRoles({ name: [name] });
    return found.entities[0].id;
  }
  async tokenWorks(clientId: string, secret: string): Promise<boolean> {
    try {
      await this.newClient().loginClientCredentialsGrant(clientId, secret);
      return true;
    } catch (error) {
      const e = normalise(error);
      if (e.status === 400 || e.status === 401) return false;
      throw error;
    }
  }
}

// ---- our client -------------------------------------------------------------------------------------

/** Pacers on a clock that a wait moves forward at once: they never hold a request back in real time. */
function virtualTimePacers(): RatePacerRegistry {
  let skipped = 0;
  return new RatePacerRegistry({ now: () => Date.now() + skipped, sleep: async (ms: number) => void (skipped += ms) });
}

/**
 * genesys/GenesysClient against the same emulator. `retries: false` makes one attempt per call and turns
 * client-side rate pacing waits no real time, so the scenarios see the service's own answers (the SDK neither retries
 * nor paces); the retry policy and the pacer have their own tests.
 */
export class OurDriver implements Driver {
  readonly name = "our client (genesys/)";
  private client?: GenesysClient;
  constructor(
    private readonly baseUrl: string,
    private readonly retries = false,
  ) {}

  private connect(clientId: string, secret: string): GenesysClient {
    const settings = resolveGenesysSettings({ clientId, clientSecret: secret, apiBaseUrl: this.baseUrl, loginBaseUrl: this.baseUrl }, {});
    return new GenesysClient(settings, this.retries ? {} : { retryPolicy: new RetryPolicy({ maxAttempts: 1 }), ratePacers: virtualTimePacers() });
  }
  async login(clientId: string, secret: string): Promise<void> {
    this.client = this.connect(clientId, secret);
    this.client.invalidateToken();
    await this.client.listRoles({ name: "Admin" }).catch((error: unknown) => {
      // A client without role permissions still logged in if the failure is a 403.
      if (!(error instanceof GuardError && error.status === 403)) throw error;
    });
  }
  private api(): GenesysClient {
    if (!this.client) throw new Error("login first");
    return this.client;
  }
  listClients(): Promise<ClientView[]> {
    return this.api().listClients();
  }
  getClient(id: string): Promise<ClientView> {
    return this.api().getClient(id);
  }
  createClient(body: ClientBody): Promise<ClientView> {
    return this.api().createClient(body as never);
  }
  updateClient(id: string, body: ClientBody): Promise<ClientView> {
    return this.api().updateClient(id, body as never);
  }
  regenerateSecret(id: string): Promise<ClientView> {
    return this.api().regenerateSecret(id);
  }
  async deleteClient(id: string): Promise<void> {
    await this.api().deleteClient(id);
  }
  async roleId(name: string): Promise<string> {
    return (await this.api().listRoles({ name }))[0].id;
  }
  async tokenWorks(clientId: string, secret: string): Promise<boolean> {
    return (await this.api().verifyCredentials(clientId, secret)).ok;
  }
}
