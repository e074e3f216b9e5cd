/**
 * The Genesys Cloud Platform API client: regions, settings, token cache, errors, command objects and
 * {@link GenesysClient}.
 */
export { REGIONS, regionIds, regionBaseUrls, resolveRegion } from "./regions";
export type { GenesysRegion, ResolvedRegion } from "./regions";
export { GENESYS_ENV, resolveGenesysSettings, validateBaseUrl } from "./settings";
export type { CredentialSource, GenesysSettings, GenesysSettingsInput } from "./settings";
export { GRANT_TYPES, toClientRequest } from "./models";
export type {
  Division,
  EntityRef,
  ErrorBody,
  GrantType,
  OAuthClient,
  OAuthClientEntityListing,
  OAuthClientRequest,
  OAuthClientState,
  OAuthClientWithSecret,
  Role,
  RoleDivision,
} from "./models";
export { ADMIN_CREDENTIALS_HINT, toGenesysError, toGenesysErrorFromUnknown, withoutRetry } from "./errors";
export type { GenesysErrorContext } from "./errors";
export { TOKEN_OPERATION, TokenCache, TokenProvider, requestClientCredentialsToken, sharedTokenCache } from "./token";
export type { TokenGrant, TokenKey } from "./token";
export { DEFAULT_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_ENV, RatePacer, RatePacerRegistry, sharedRatePacers } from "./rate-pacer";
export type { RatePacerOptions, RatePacerStats } from "./rate-pacer";
export { SingleRequestCommand, expectEntity, idSegment, unexpectedShape } from "./commands/command";
export type { ApiRequest, ApiResponse, CommandContext, GenesysCommand, HttpMethod } from "./commands/command";
export { ListClientsCommand } from "./commands/list-clients";
export { GetClientCommand } from "./commands/get-client";
export { CreateClientCommand } from "./commands/create-client";
export { UpdateClientCommand } from "./commands/update-client";
export { DeleteClientCommand } from "./commands/delete-client";
export type { DeleteClientOptions, DeleteClientResult } from "./commands/delete-client";
export { RegenerateSecretCommand } from "./commands/regenerate-secret";
export { ListRolesCommand } from "./commands/list-roles";
export type { ListRolesOptions } from "./commands/list-roles";
export { GetHomeDivisionCommand } from "./commands/get-home-division";
export { ListDivisionsCommand } from "./commands/list-divisions";
export { GetClientUsageCommand, summarize as summarizeUsage } from "./commands/get-client-usage";
export { GetOrgUsageCommand } from "./commands/get-org-usage";
export type { ApiUsageRow, ClientUsage, GetClientUsageOptions } from "./commands/get-client-usage";
export { VerifyCredentialsCommand } from "./commands/verify-credentials";
export type { VerifyCredentialsResult, VerifyFailureReason } from "./commands/verify-credentials";
export { GenesysClient, defaultGenesysRetryPolicy } from "./client";
export type { GenesysClientOptions } from "./client";
