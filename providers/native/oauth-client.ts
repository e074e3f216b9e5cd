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
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../domain/native-types";
import type { OAuthClientArgs as DynamicOAuthClientArgs } from "../oauth-client";
import { SecretRotation } from "../secret-rotation";
import type { ClientState, GrantType, RoleDivision } from "../types";

export { NATIVE_OAUTH_CLIENT_TYPE };

/** Arguments of the native {@link OAuthClient}: those of the dynamic class, without `adoptClientId` (`pulumi import` adopts). */
export type OAuthClientArgs = Omit<DynamicOAuthClientArgs, "adoptClientId">;

/** Stable per (project, stack, resource name): an adoption killed after its store write is taken over, not redone. */
function adoptionKey(name: string): string {
  return createHash("sha256").update(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`).digest("hex").slice(0, 24);
}

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
    const props: pulumi.Inputs = {
      ...args,
      // Only the plain period is an input of the client (metadata for policies; no effect in Genesys).
      rotation: args.rotation?.every === undefined ? undefined : { every: args.rotation.every },
      adoptionKey: adoptionKey(name),
      clientId: undefined,
      roleDivisions: undefined,
      dateCreated: undefined,
      dateModified: undefined,
      storeVersion: undefined,
      rotationId: undefined,
      secretCreatedAt: undefined,
      secretMarker: undefined,
      clientSecret: undefined,
    };
    // clientSecret is always listed, so the opt-in output is encrypted whatever the program sets.
    super(NATIVE_OAUTH_CLIENT_TYPE, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecret"] }));
    if (args.rotation) {
      const { every, trigger, verifyTimeoutSeconds } = args.rotation;
      this.secretRotation = new SecretRotation(
        `${name}-rotation`,
        {
          clientId: this.clientId,
          secretStore: args.secretStore,
          every,
          trigger,
          adoptOnCreate: true,
          verifyTimeoutSeconds,
          exposeSecretAsOutput: args.exposeSecretAsOutput,
        },
        { parent: this },
      );
    }
  }
}
