/**
 * `SecretRotation`: regenerates an OAuth client's secret whenever its `trigger` changes or the secret is
 * `every` old, writes the new secret to the store, and verifies it with a token grant. State gets the rotation time, the store version
 * and a non-reversible marker; never the secret, unless `exposeSecretAsOutput` is set (then `clientSecret`
 * is an encrypted secret output, readable by anyone who can decrypt the stack).
 *
 * Order of a rotation: the store is checked for writability first (a misconfigured store fails before the
 * old secret is invalidated), then regenerate → store → verify. If anything after regenerate fails, the
 * update fails, the engine keeps the old trigger, and the next `pulumi up` rotates again.
 *
 * Use the same `secretStore` as the client's, so that consumers read one place.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretRotationProvider } from "./serialized";

/** The Pulumi type token of SecretRotation resources. */
export { SECRET_ROTATION_TYPE } from "../domain/resource-types";

/** Any JSON value usable as a trigger. */
export type TriggerValue = string | number | boolean | null | TriggerValue[] | { [key: string]: TriggerValue };

/** Arguments of {@link SecretRotation}. */
export interface SecretRotationArgs {
  /** The client to rotate, e.g. `client.clientId`. A new client replaces the rotation. */
  clientId: pulumi.Input<string>;
  /** Where the new secret goes (the client's store). A change rotates into the new store. */
  secretStore: pulumi.Input<string>;
  /**
   * Any value; each change rotates: a counter in stack config, a `RandomId`'s hex, or a bucket trigger
   * (`rotationPeriod({ days: 30 })`, which changes at UTC epoch-bucket boundaries). Without a trigger and
   * without `every`, the secret is rotated once, when the rotation is created.
   */
  trigger?: pulumi.Input<TriggerValue>;
  /**
   * Rotate by age: `"30d"`, `"12h"`, `"90m"`, `"4w"`. The secret is regenerated on the first `pulumi up` at
   * least one period after it was issued (`rotatedAt`), judged by the provider's clock at diff time. With
   * `every`, create adopts a secret of this client that the store holds and that was issued less than one
   * period ago, instead of regenerating it.
   */
  every?: pulumi.Input<string>;
  /**
   * Create adopts the store's current secret of this client (no regenerate) even without `every`. Set by
   * OAuthClient for its child, whose create runs right after the client's create stored a secret.
   */
  adoptOnCreate?: pulumi.Input<boolean>;
  /** Also return the new secret as `clientSecret` (encrypted in state). Default false. */
  exposeSecretAsOutput?: pulumi.Input<boolean>;
  /** How long to keep retrying a token grant with the new secret. Default 120. */
  verifyTimeoutSeconds?: pulumi.Input<number>;
}

/** Rotates a Genesys OAuth client's secret into a secret store when its trigger changes. */
export class SecretRotation extends pulumi.dynamic.Resource {
  declare readonly clientId: pulumi.Output<string>;
  declare readonly secretStore: pulumi.Output<string>;
  declare readonly trigger: pulumi.Output<TriggerValue>;
  /** The rotation period, or null. */
  declare readonly every: pulumi.Output<string | null>;
  /** Id of the last rotation (also the store write's idempotence key). */
  declare readonly rotationId: pulumi.Output<string>;
  /** When the current secret was generated (ISO 8601). */
  declare readonly rotatedAt: pulumi.Output<string>;
  /** The store's version of the record written by the last rotation. */
  declare readonly storeVersion: pulumi.Output<string>;
  /** `sha256:<16 hex>`: identifies the secret without revealing it. */
  declare readonly secretMarker: pulumi.Output<string>;
  /** True when the new secret got a token. */
  declare readonly verified: pulumi.Output<boolean>;
  /** Only with `exposeSecretAsOutput`; always a secret output. */
  declare readonly clientSecret: pulumi.Output<string | undefined>;

  constructor(name: string, args: SecretRotationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = {
      ...args,
      rotationId: undefined,
      rotatedAt: undefined,
      storeVersion: undefined,
      secretMarker: undefined,
      verified: undefined,
      clientSecret: undefined,
    };
    const options = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecret"] });
    super(secretRotationProvider, name, props, options, "genesys-oauth-guard", "SecretRotation");
  }
}
