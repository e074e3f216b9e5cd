/**
 * Every rule of the pack, importable without starting a policy-pack server (tests import from here;
 * `policies/index.ts` only assembles the PolicyPack).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { oauthClientConfiguredSafely } from "./configured-safely";
import { oauthClientLeastPrivilege } from "./least-privilege";
import { noCredentialsInDynamicProvider } from "./dynamic-provider";
import { noSecretInResourceState } from "./resource-state";
import { knownSecretStoresReadable } from "./known-secret-stores";
import { noSecretInStackOutputs } from "./stack-outputs";
import { noSecretDerivedValues } from "./taint";

export * from "./common";
export * from "./ours";
export * from "./stack-outputs";
export * from "./resource-state";
export * from "./configured-safely";
export * from "./dynamic-provider";
export * from "./taint";
export * from "./least-privilege";
export * from "./known-secrets";
export * from "./known-secret-checks";
export * from "./known-secret-stores";

/** The pack's policies, in reporting order. */
export const ALL_POLICIES: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  noSecretInStackOutputs,
  noSecretInResourceState,
  oauthClientConfiguredSafely,
  noCredentialsInDynamicProvider,
  noSecretDerivedValues,
  oauthClientLeastPrivilege,
  knownSecretStoresReadable,
];
