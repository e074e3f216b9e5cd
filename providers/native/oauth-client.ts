/**
 * `native.OAuthClient`: the program-side class of the native provider's type `genesys-oauth-guard:index:OAuthClient`
 * (the type `pulumi import genesys-oauth-guard:index:OAuthClient <name> <id>` brings a client in as). The same inputs,
 * outputs and behaviour as the dynamic `OAuthClient` (providers/oauth-client.ts; one implementation serves both), served by the
 * plugin `pulumi-resource-genesys-oauth-guard` instead of the dynamic-provider host. Declare it after a
 * `pulumi import` (the generated code does); the first `pulumi up` then adopts the client: settings updated in
 * place, the secret regenerated into `secretStore` and verified (the imported one is treated as leaked).
 *
 * The engine's `import` resource option works with this class as well: one `pulumi up` imports the client, then
 * adopts it (an update), as after `pulumi import`.
 */
import * as pulumi from "@pulumi/pulumi";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../domain/native-types";
import type { OAuthClientArgs as DynamicOAuthClientArgs } from "../oauth-client";
import { childRotation, CLIENT_SECRET_OUTPUTS, oauthClientProps } from "../oauth-client-program";
import type { SecretRotation } from "../secret-rotation";
import type { ClientState, GrantType, RoleDivision } from "../types";

export { NATIVE_OAUTH_CLIENT_TYPE };

/** Arguments of the native {@link OAuthClient}: those of the dynamic class, without `adoptClientId` (`pulumi import` adopts). */
export type OAuthClientArgs = Omit<DynamicOAuthClientArgs, "adoptClientId">;

/** A Genesys Cloud OAuth client whose secret is delivered to a secret store, never to state (native provider). */
export class OAuthClient extends pulumi.CustomResource {
  /** The type token (`genesys-oauth-guard:index:OAuthClient`). */
  static readonly __pulumiType = NATIVE_OAUTH_CLIENT_TYPE;

  declare readonly clientId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly authorizedGrantType: pulumi.Output<GrantType>;
  declare readonly roleDivisions: pulumi.Output<RoleDivision[]>;
  declare readonly scopes: pulumi.Output<string[]>;
  declare readonly redirectUris: pulumi.Output<string[]>;
  declare readonly accessTokenValiditySeconds: pulumi.Output<number>;
  declare readonly state: pulumi.Output<ClientState>;
  declare readonly dateCreated: pulumi.Output<string | undefined>;
  declare readonly dateModified: pulumi.Output<string | undefined>;
  declare readonly secretStore: pulumi.Output<string>;
  declare readonly storeVersion: pulumi.Output<string>;
  declare readonly rotationId: pulumi.Output<string>;
  declare readonly secretCreatedAt: pulumi.Output<string>;
  declare readonly secretMarker: pulumi.Output<string>;
  /** Only with `exposeSecretAsOutput`; always a secret output. */
  declare readonly clientSecret: pulumi.Output<string | undefined>;

  /** The child rotation when `rotation` was given (as on the dynamic `OAuthClient`). */
  readonly secretRotation?: SecretRotation;

  constructor(name: string, args: OAuthClientArgs, opts?: pulumi.CustomResourceOptions) {
    super(NATIVE_OAUTH_CLIENT_TYPE, name, oauthClientProps(name, args), pulumi.mergeOptions(opts, CLIENT_SECRET_OUTPUTS));
    this.secretRotation = childRotation(name, args, this);
  }
}
