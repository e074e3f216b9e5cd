/**
 * Typed access to the official JavaScript SDK (purecloud-platform-client-v2) for the contract tests of
 * divisions, deleted clients and the usage API. The interfaces copy the SDK's own declarations
 * (index.d.ts: AuthorizationApi, OAuthApi and Models.*) for the methods and fields the tests use: the
 * tests call the SDK's methods, and read what they resolve to, exactly as an SDK user would.
 */

/** Models.AuthzDivision. */
export interface AuthzDivision {
  id?: string;
  name?: string;
  description: string;
  homeDivision?: boolean;
  objectCounts?: Record<string, number>;
  selfUri?: string;
}

/** Models.AuthzDivisionEntityListing. */
export interface AuthzDivisionEntityListing {
  entities?: AuthzDivision[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  lastUri?: string;
  firstUri?: string;
  selfUri?: string;
  nextUri?: string;
  previousUri?: string;
  pageCount?: number;
}

/** Models.RoleDivision. */
export interface RoleDivision {
  roleId: string;
  divisionId: string;
}

/** Models.OAuthClientRequest. */
export interface OAuthClientRequest {
  name: string;
  accessTokenValiditySeconds?: number;
  description?: string;
  registeredRedirectUri?: string[];
  roleIds?: string[];
  authorizedGrantType: string;
  scope?: string[];
  roleDivisions?: RoleDivision[];
  state?: string;
  dateToDelete?: string;
}

/** Models.DomainEntityRef. */
export interface DomainEntityRef {
  id?: string;
  name?: string;
  selfUri?: string;
}

/** Models.OAuthClient. */
export interface OAuthClient extends OAuthClientRequest {
  id?: string;
  secret?: string;
  dateCreated?: string;
  dateModified?: string;
  createdBy?: DomainEntityRef;
  modifiedBy?: DomainEntityRef;
  selfUri?: string;
}

/** Models.OAuthClientEntityListing. */
export interface OAuthClientEntityListing {
  entities?: OAuthClient[];
  total?: number;
}

/** Models.ApiUsageClientQuery. */
export interface ApiUsageClientQuery {
  interval: string;
  granularity?: string;
  metrics?: string[];
  groupBy?: string[];
}

/** Models.UsageExecutionResult. */
export interface UsageExecutionResult {
  executionId?: string;
  resultsUri?: string;
}

/** Models.ApiUsageRow. */
export interface ApiUsageRow {
  clientId?: string;
  clientName?: string;
  organizationId?: string;
  userId?: string;
  templateUri?: string;
  httpMethod?: string;
  status200?: number;
  status300?: number;
  status400?: number;
  status500?: number;
  status429?: number;
  requests?: number;
  date?: string;
}

/** Models.ApiUsageQueryResult. */
export interface ApiUsageQueryResult {
  results?: ApiUsageRow[];
  queryStatus?: string;
}

/** The AuthorizationApi methods used. */
export interface AuthorizationApi {
  getAuthorizationDivisions(opts?: {
    pageSize?: number;
    pageNumber?: number;
    id?: string[];
    name?: string;
    objectCount?: boolean;
  }): Promise<AuthzDivisionEntityListing>;
  getAuthorizationDivisionsHome(): Promise<AuthzDivision>;
  getAuthorizationDivision(divisionId: string, opts?: { objectCount?: boolean }): Promise<AuthzDivision>;
  getAuthorizationRoles(opts: { name?: string[] }): Promise<{ entities?: { id?: string; name?: string }[] }>;
}

/** The OAuthApi methods used. */
export interface OAuthApi {
  getOauthClients(): Promise<OAuthClientEntityListing>;
  getOauthClient(clientId: string): Promise<OAuthClient>;
  postOauthClients(body: OAuthClientRequest): Promise<OAuthClient>;
  putOauthClient(clientId: string, body: OAuthClientRequest): Promise<OAuthClient>;
  deleteOauthClient(clientId: string): Promise<void>;
  postOauthClientUsageQuery(clientId: string, body: ApiUsageClientQuery): Promise<UsageExecutionResult>;
  getOauthClientUsageQueryResult(executionId: string, clientId: string): Promise<ApiUsageQueryResult>;
  getOauthClientUsageSummary(clientId: string, opts?: { days?: string }): Promise<UsageExecutionResult>;
}

/** The UsageApi methods used (organization-wide usage). */
export interface UsageApi {
  postUsageQuery(body: { interval: string; granularity?: string; metrics?: string[]; groupBy?: string[] }): Promise<UsageExecutionResult>;
  getUsageQueryExecutionIdResults(executionId: string): Promise<ApiUsageQueryResult>;
}

interface SdkApiClient {
  setGateway(g: { host: string; port: number; protocol: string; path_params_login: string; path_params_api: string }): void;
  loginClientCredentialsGrant(id: string, secret: string): Promise<unknown>;
}
interface SdkModule {
  ApiClientClass: new () => SdkApiClient;
  OAuthApi: new (client: SdkApiClient) => OAuthApi;
  AuthorizationApi: new (client: SdkApiClient) => AuthorizationApi;
  UsageApi: new (client: SdkApiClient) => UsageApi;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK ships no type declarations; SdkModule types the part the tests use
const sdk = require("purecloud-platform-client-v2") as SdkModule;

/** The SDK's APIs, logged in. */
export interface SdkSession {
  oauth: OAuthApi;
  authorization: AuthorizationApi;
  usage: UsageApi;
}

/** Log in with client credentials through a fresh ApiClient in gateway mode against `baseUrl`. */
export async function sdkLogin(baseUrl: string, clientId: string, secret: string): Promise<SdkSession> {
  const url = new URL(baseUrl);
  const client = new sdk.ApiClientClass();
  client.setGateway({ host: url.hostname, port: Number(url.port), protocol: "http", path_params_login: "", path_params_api: "" });
  await client.loginClientCredentialsGrant(clientId, secret);
  return { oauth: new sdk.OAuthApi(client), authorization: new sdk.AuthorizationApi(client), usage: new sdk.UsageApi(client) };
}

/** The Genesys ErrorBody the SDK rejects an API call with. */
export interface SdkError {
  status: number;
  code: string;
  message: string;
  contextId: string;
  details: unknown[];
  errors: unknown[];
}

/** The SDK call's rejection (fails when the call resolves). */
export async function sdkRejection(fn: () => Promise<unknown>): Promise<SdkError> {
  try {
    await fn();
  } catch (error) {
    return error as SdkError;
  }
  throw new Error("expected the SDK call to reject");
}
