/**
 * The native provider's package and type token: `pulumi import genesys-oauth-guard:index:OAuthClient <name> <id>`
 * and the program class `native.OAuthClient` (providers/native/). Dependency-free, like resource-types.ts.
 */

/** The Pulumi package (and plugin) name: the plugin executable is `pulumi-resource-genesys-oauth-guard`. */
export const NATIVE_PACKAGE = "genesys-oauth-guard";

/** `OAuthClient` of the native provider. */
export const NATIVE_OAUTH_CLIENT_TYPE = `${NATIVE_PACKAGE}:index:OAuthClient`;
