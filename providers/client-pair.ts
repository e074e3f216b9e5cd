/**
 * `ClientPair`: zero-downtime rotation with alternating clients. Two Genesys OAuth clients with identical
 * settings (`<name>-a`, `<name>-b`) behind ONE store entry whose top-level `clientId`/`clientSecret` are
 * always the current, working pair — a consumer of a plain credential record needs no change.
 *
 * Each change of `trigger` regenerates only the standby client (the one consumers are not using), stores
 * its secret as `pending`, verifies it with a token grant, then flips "current" in one store write. The
 * client consumers were using is not touched: it keeps working through the rotation and until the next
 * one, so a consumer that re-reads the store at least once per rotation period never holds a dead secret.
 *
 * One dynamic resource manages both clients (see `client-pair-impl.ts` for why). No secret ever reaches
 * state or an output.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OAuthClientArgs } from "./oauth-client";
import { rotateEvery } from "./rotation-period";
import type { TriggerValue } from "./secret-rotation";
import { clientPairProvider } from "./serialized";
import type { OAuthClientOutputs } from "./types";

/** The Pulumi type token of ClientPair resources. */
export { CLIENT_PAIR_TYPE } from "../domain/resource-types";

/**
 * Arguments of {@link ClientPair}: an OAuthClient's settings (shared by both clients, which are named
 * `<name>-a` and `<name>-b`; a grant type change replaces the pair; `secretStore` is the one entry consumers
 * read) plus the rotation. No secret output: consumers read the store.
 */
export type ClientPairArgs = Omit<OAuthClientArgs, "exposeSecretAsOutput" | "rotation"> & {
  /** Rotate once per period: `"30d"`, `"12h"` (see {@link rotateEvery}). Combined with `trigger` when both are set. */
  every?: string;
  /** Any value; each change rotates: `rotationPeriod({ days: 30 })`, a counter in stack config. */
  trigger?: pulumi.Input<TriggerValue>;
  /** How long to retry a token grant with the standby's new secret before giving up. Default 120. */
  verifyTimeoutSeconds?: pulumi.Input<number>;
};

/** Two alternating Genesys OAuth clients behind one store entry. */
export class ClientPair extends pulumi.dynamic.Resource {
  /** Both client ids (`<name>-a`, `<name>-b`). */
  declare readonly clientIds: pulumi.Output<string[]>;
  /** The client consumers read from the store now. */
  declare readonly currentClientId: pulumi.Output<string>;
  /** The client the next rotation regenerates. */
  declare readonly standbyClientId: pulumi.Output<string>;
  declare readonly secretStore: pulumi.Output<string>;
  declare readonly trigger: pulumi.Output<TriggerValue>;
  /** Id of the write that made the current client current. */
  declare readonly rotationId: pulumi.Output<string>;
  /** When the current secret was generated (ISO 8601). */
  declare readonly rotatedAt: pulumi.Output<string>;
  /** The store's version of the record. */
  declare readonly storeVersion: pulumi.Output<string>;
  /** `sha256:<16 hex>` of the current secret: identifies it without revealing it. */
  declare readonly secretMarker: pulumi.Output<string>;
  /** Each client's own state (settings, ids, dates). */
  declare readonly members: pulumi.Output<OAuthClientOutputs[]>;

  constructor(name: string, args: ClientPairArgs, opts?: pulumi.CustomResourceOptions) {
    const { every, trigger, ...rest } = args;
    const bucket = every === undefined ? undefined : rotateEvery(every);
    const combined: pulumi.Input<TriggerValue> | undefined =
      bucket === undefined ? trigger : trigger === undefined ? bucket : pulumi.output(trigger).apply((t) => ({ period: bucket, trigger: t }));
    const props: pulumi.Inputs = {
      ...rest,
      trigger: combined,
      clientIds: undefined,
      currentClientId: undefined,
      standbyClientId: undefined,
      members: undefined,
      rotationId: undefined,
      rotatedAt: undefined,
      storeVersion: undefined,
      secretMarker: undefined,
    };
    super(clientPairProvider, name, props, opts, "genesys-oauth-guard", "ClientPair");
  }
}
