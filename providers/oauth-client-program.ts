/**
 * What both OAuthClient classes — the dynamic provider's (oauth-client.ts, the default) and the native provider's
 * (native/oauth-client.ts, `pulumi import`) — hand the engine from a program's args: the props (with the output
 * placeholders and the adoption key) and the child rotation. One definition, so the two hosts cannot drift apart.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { SecretRotation } from "./secret-rotation";
import type { OAuthClientRotation } from "./oauth-client";

/** The args both classes read here (the dynamic class's args; the native class's are the same without adoptClientId). */
export interface ProgramArgs {
  secretStore: pulumi.Input<string>;
  rotation?: OAuthClientRotation;
  exposeSecretAsOutput?: pulumi.Input<boolean>;
}

/** Stable per (project, stack, resource name): lets a create adopt the client of an attempt that was killed. */
export function adoptionKey(name: string): string {
  return createHash("sha256").update(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`).digest("hex").slice(0, 24);
}

/** The resource's props: the args, the rotation period as metadata, the adoption key and every output unset. */
export function oauthClientProps(name: string, args: ProgramArgs & pulumi.Inputs, extra: pulumi.Inputs = {}): pulumi.Inputs {
  return {
    ...args,
    ...extra,
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
}

/** clientSecret is always listed, so the opt-in output is encrypted whatever the program sets. */
export const CLIENT_SECRET_OUTPUTS: pulumi.CustomResourceOptions = { additionalSecretOutputs: ["clientSecret"] };

/** The child SecretRotation of a client whose args have `rotation`, or undefined. */
export function childRotation(name: string, args: ProgramArgs, parent: pulumi.Resource & { clientId: pulumi.Output<string> }): SecretRotation | undefined {
  if (!args.rotation) return undefined;
  const { every, trigger, verifyTimeoutSeconds } = args.rotation;
  // The period goes to the child as is: its provider compares the secret's age with it at each diff
  // (no UTC bucket), and its create adopts the secret this client's create just stored.
  return new SecretRotation(
    `${name}-rotation`,
    {
      clientId: parent.clientId,
      secretStore: args.secretStore,
      every,
      trigger,
      adoptOnCreate: true,
      verifyTimeoutSeconds,
      // With rotation the current secret is the rotation's: expose it there, or the client's output goes stale.
      exposeSecretAsOutput: args.exposeSecretAsOutput,
    },
    { parent },
  );
}
