/**
 * `genesys-oauth-guard/native`: the classes served by the package's native provider plugin
 * (`pulumi-resource-genesys-oauth-guard`). Code that `pulumi import genesys-oauth-guard:index:OAuthClient …` generates
 * imports this module; programs may also write `import { native } from "genesys-oauth-guard"`.
 */
export { OAuthClient, NATIVE_OAUTH_CLIENT_TYPE } from "./providers/native/oauth-client";
export type { OAuthClientArgs } from "./providers/native/oauth-client";
