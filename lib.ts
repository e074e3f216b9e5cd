/**
 * The package's public entry (`import { OAuthClient, SecretRotation, rotationPeriod } from "genesys-oauth-guard"`).
 *
 * Everything else is reachable by path (`genesys-oauth-guard/stores/store`, ...), but only what is
 * exported here is the supported API.
 */
export { OAuthClient, OAUTH_CLIENT_TYPE } from "./providers/oauth-client";
export type { OAuthClientArgs, RoleGrantInput } from "./providers/oauth-client";
/** The native provider's classes (`native.OAuthClient`, type genesys-oauth-guard:index:OAuthClient): after `pulumi import`. */
export * as native from "./native";
export { SecretRotation, SECRET_ROTATION_TYPE } from "./providers/secret-rotation";
export type { SecretRotationArgs, TriggerValue } from "./providers/secret-rotation";
export { ClientPair, CLIENT_PAIR_TYPE } from "./providers/client-pair";
export type { ClientPairArgs } from "./providers/client-pair";
export { rotationPeriod, rotateEvery } from "./providers/rotation-period";
export type { RotationPeriod } from "./providers/rotation-period";
export { secretMarker, MARKER_PREFIX } from "./rotation/delivery";
export { CONFIG_NAMESPACE, CONFIG_KEYS } from "./providers/config-keys";
export type { ConfigKey } from "./providers/config-keys";
export { GRANT_TYPES, CLIENT_STATES } from "./providers/types";
export type {
  GrantType,
  ClientState,
  RoleGrant,
  RoleDivision,
  OAuthClientOutputs,
  SecretRotationOutputs,
  ClientPairInputs,
  ClientPairOutputs,
} from "./providers/types";
export { CREDENTIAL_SCHEMA } from "./stores/store";
export type { CredentialRecord, PendingRotation, SecretStore, StandbyClient, StoredCredential } from "./stores/store";
export { GuardError, isGuardError } from "./core/errors";
export type { GuardErrorCode } from "./core/errors";
