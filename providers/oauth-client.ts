/**
 * `OAuthClient`: a Genesys Cloud OAuth client managed by Pulumi whose secret goes straight from the
 * Genesys response into a secret store and never into state.
 *
 * State holds the client's settings, its id, the store reference and version, and a non-reversible
 * marker of the secret. With `exposeSecretAsOutput: true` the secret is also an output (`clientSecret`):
 * it is then in state, encrypted by the stack's secrets provider, and anyone who can decrypt the stack
 * (`pulumi stack export --show-secrets`) can read it; leave it off unless a program must hand the secret
 * to another resource directly.
 *
 * Admin credentials: stack config `genesys-oauth-guard:clientId` / `:clientSecret` (set with `--secret`),
 * `:region`, `:apiUrl`, `:loginUrl`, else `GENESYS_CLOUD_*` / `GENESYSCLOUD_*` environment variables.
 * They are read at run time inside the provider process and never serialized.
 */
import * as pulumi from "@pulumi/pulumi";
import { GuardError } from "../core/errors";
import { childRotation, CLIENT_SECRET_OUTPUTS, oauthClientProps } from "./oauth-client-program";
import type { SecretRotation, TriggerValue } from "./secret-rotation";
import { oauthClientProvider } from "./serialized";
import type { ClientState, GrantType, RoleDivision } from "./types";

/** The client id to adopt from `adoptClientId` and/or the `import` option; both given must agree. */
function adoptionId(name: string, fromArgs: pulumi.Input<string> | undefined, fromImport: pulumi.ID | undefined): pulumi.Input<string> | undefined {
  if (fromImport === undefined || fromImport === "") return fromArgs;
  if (fromArgs !== undefined && typeof fromArgs === "string" && fromArgs !== fromImport) {
    throw new GuardError("input.invalid", `OAuthClient ${name}: import "${fromImport}" and adoptClientId "${fromArgs}" name different clients`, {
      hint: "Give the id of the client to adopt once: the import option or adoptClientId",
    });
  }
  return fromImport;
}

/** The Pulumi type token of OAuthClient resources (policies and audits match on it). */
export { OAUTH_CLIENT_TYPE } from "../domain/resource-types";

/** A role for a CLIENT-CREDENTIALS client: a role name or id, or `{ role, division }`. */
export type RoleGrantInput = string | { role: pulumi.Input<string>; division?: pulumi.Input<string> };

/**
 * Built-in rotation of an {@link OAuthClient}: a child {@link SecretRotation} that rotates into the client's
 * store. Declaring it here (rather than only as a separate resource) also lets the policy pack see the
 * period on the client.
 */
export interface OAuthClientRotation {
  /**
   * The rotation period: `"30d"`, `"12h"`, `"90m"`, `"4w"`. The secret is regenerated into the store on the
   * first `pulumi up` at least one period after it was issued (not at a calendar or UTC boundary); the
   * secret the client's create issued counts as the first one (no second secret in the same up).
   */
  every?: string;
  /** An extra trigger (a counter in stack config, a RandomId's hex); each change rotates too. */
  trigger?: pulumi.Input<TriggerValue>;
  /** How long to keep retrying a token grant with the new secret. Default 120. */
  verifyTimeoutSeconds?: pulumi.Input<number>;
}

/** Arguments of {@link OAuthClient}. */
export interface OAuthClientArgs {
  /** The client's name in Genesys Cloud. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * `CLIENT-CREDENTIALS`, `CODE`, `TOKEN`, `SAML2-BEARER` or `PASSWORD` (typed, so a typo fails to compile).
   * A value that only reaches the provider at run time (JavaScript, config) may be in any case: check()
   * writes the canonical upper case (`code` → `CODE`, `SAML2BEARER` → `SAML2-BEARER`) and refuses
   * `CLIENT_CREDENTIALS` with the fix. A change replaces the client.
   */
  authorizedGrantType: pulumi.Input<GrantType>;
  /**
   * Roles (CLIENT-CREDENTIALS clients need at least one): role names or ids, optionally with a division
   * id or `*`; without a division the organisation's home division is used.
   */
  roles?: pulumi.Input<pulumi.Input<RoleGrantInput>[]>;
  /** Scopes (required for every grant except CLIENT-CREDENTIALS, which ignores them). */
  scopes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Absolute callback URLs (CODE and TOKEN grants). */
  redirectUris?: pulumi.Input<pulumi.Input<string>[]>;
  /** 300 to 172800; default 86400. */
  accessTokenValiditySeconds?: pulumi.Input<number>;
  /** `active` (default), `disabled` or `inactive` (typed; at run time any case is accepted and written in lower case). */
  state?: pulumi.Input<ClientState>;
  /**
   * Where the secret goes: `file://./.secrets/ci-client`, `vault://secret/genesys/ci-client`,
   * `awssm://genesys/ci-client?region=eu-west-1`. A change copies the current secret to the new store.
   */
  secretStore: pulumi.Input<string>;
  /**
   * Remove the stored secret when the client is destroyed. Default false, so that consumers are not broken
   * by a replacement before they switch; only a record that belongs to this client is removed.
   */
  deleteSecretOnDestroy?: pulumi.Input<boolean>;
  /** Also return the secret as the `clientSecret` output (encrypted in state; see the class comment). Default false. */
  exposeSecretAsOutput?: pulumi.Input<boolean>;
  /** Rotate the secret on a schedule (creates a child SecretRotation named `<name>-rotation`). */
  rotation?: OAuthClientRotation;
  /**
   * Take over this existing Genesys client instead of creating one — the same as the resource option
   * `{ import: "<client id>" }` (which Pulumi cannot apply to a dynamic resource, so the class turns it into
   * this argument). Used only while the resource is not in the stack yet; afterwards it is ignored and may
   * be removed. The first `pulumi up` updates differing settings in place and regenerates the secret into
   * `secretStore`: the current one (e.g. from Terraform state) stops working. See providers/README.md.
   */
  adoptClientId?: pulumi.Input<string>;
}

/** A Genesys Cloud OAuth client whose secret is delivered to a secret store, never to state. */
export class OAuthClient extends pulumi.dynamic.Resource {
  /** The Genesys client id (the same as `id`). */
  declare readonly clientId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly authorizedGrantType: pulumi.Output<GrantType>;
  /** The role/division ids applied in Genesys. */
  declare readonly roleDivisions: pulumi.Output<RoleDivision[]>;
  declare readonly scopes: pulumi.Output<string[]>;
  declare readonly redirectUris: pulumi.Output<string[]>;
  declare readonly accessTokenValiditySeconds: pulumi.Output<number>;
  declare readonly state: pulumi.Output<ClientState>;
  declare readonly dateCreated: pulumi.Output<string | undefined>;
  declare readonly dateModified: pulumi.Output<string | undefined>;
  /** The store reference the secret was written to. */
  declare readonly secretStore: pulumi.Output<string>;
  /** The store's version of the record written at creation (or by the last store move). */
  declare readonly storeVersion: pulumi.Output<string>;
  /** When the secret held by this resource's last write was generated. */
  declare readonly secretCreatedAt: pulumi.Output<string>;
  /** `sha256:<16 hex>`: identifies the secret without revealing it. */
  declare readonly secretMarker: pulumi.Output<string>;
  /**
   * Only with `exposeSecretAsOutput`; always a secret output. It is the secret made at creation: with
   * `rotation`, read the current one from `secretRotation.clientSecret` instead.
   */
  declare readonly clientSecret: pulumi.Output<string | undefined>;

  /** The child rotation when `rotation` was given. */
  readonly secretRotation?: SecretRotation;

  constructor(name: string, args: OAuthClientArgs, opts?: pulumi.CustomResourceOptions) {
    // The engine cannot import a dynamic resource (its Read carries no provider code: pulumi/pulumi#3550),
    // so `import` never reaches it: the id becomes the adoption input the provider's create acts on.
    const { import: importId, ...engineOpts } = opts ?? {};
    const adoptClientId = adoptionId(name, args.adoptClientId, importId);
    const props = oauthClientProps(name, args, { adoptClientId, adoption: undefined });
    const options = pulumi.mergeOptions(engineOpts, CLIENT_SECRET_OUTPUTS);
    super(oauthClientProvider, name, props, options, "genesys-oauth-guard", "OAuthClient");
    if (adoptClientId !== undefined) {
      // The program cannot know whether the resource is in the stack already: say what import means. The
      // provider's check warns with the specifics (settings to update) only when it really adopts.
      pulumi
        .all([adoptClientId, args.secretStore])
        .apply(([id, store]) =>
          pulumi.log.info(
            `import ${id}: while this resource is not in the stack, pulumi up adopts the existing client instead of creating one ` +
              `and regenerates its secret into ${store} (the current secret is treated as leaked); once adopted, import is ignored`,
            this,
          ),
        );
    }
    this.secretRotation = childRotation(name, args, this);
  }
}
