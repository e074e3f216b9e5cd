import { NATIVE_OAUTH_CLIENT_TYPE } from "./native-types";

/**
 * Pulumi type tokens of this package's dynamic resources: `pulumi-nodejs:dynamic/<module>:<type>`, as
 * `new pulumi.dynamic.Resource(provider, name, props, opts, "genesys-oauth-guard", type)` registers them.
 * Dependency-free, so the CLI, the audit, the inventory and the policy pack can recognise our resources
 * without loading @pulumi/pulumi.
 */

/** The module part of the tokens. */
export const RESOURCE_MODULE = "genesys-oauth-guard";

/** `OAuthClient`. */
export const OAUTH_CLIENT_TYPE = `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:OAuthClient`;
/** `SecretRotation`. */
export const SECRET_ROTATION_TYPE = `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:SecretRotation`;
/** `ClientPair`. */
export const CLIENT_PAIR_TYPE = `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:ClientPair`;

/** Every type token of this package: the dynamic resources and the native provider's OAuthClient (native-types.ts). */
export const OWN_RESOURCE_TYPES: readonly string[] = [OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE, CLIENT_PAIR_TYPE, NATIVE_OAUTH_CLIENT_TYPE];

/**
 * True for an OAuthClient of either host: the dynamic provider's (the default) or the native provider's
 * (`native.OAuthClient`, `pulumi import`). Both take the same inputs and record the same outputs.
 */
export function isOAuthClientType(type: string): boolean {
  return type === OAUTH_CLIENT_TYPE || type === NATIVE_OAUTH_CLIENT_TYPE;
}

/** True for a resource of this package, recognised by its exact type token (never by a name pattern or by its fields). */
export function isOwnResourceType(type: string): boolean {
  return OWN_RESOURCE_TYPES.includes(type);
}
