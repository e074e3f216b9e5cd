/**
 * Known-secret matching in the pack's validations: which store references the stack's own resources name,
 * a policy resource as one record of every string it holds (URN, name, type, parent, provider,
 * dependencies, property dependencies, props), and the detections over it. The secrets come from
 * `known-secrets.ts` (the one place that reads stores).
 */
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { scanKnownSecrets, storeReferencesOf, type Detection, type KnownSecretMatcher } from "../../detection";
import { secretOutputsOf, snapshot, stackViews } from "./common";
import { knownSecretMatcher, readReferences } from "./known-secrets";

/** The store references named by the stack's own OAuthClient / SecretRotation / ClientPair resources. */
export function stackStoreReferences(resources: readonly PolicyResource[]): string[] {
  const out = new Set<string>();
  const views = stackViews(resources);
  resources.forEach((r, i) => {
    if (!r.type.startsWith("pulumi-nodejs:dynamic")) return;
    for (const reference of storeReferencesOf(r.type, views[i].outputs)) out.add(reference);
  });
  return [...out];
}

/** The matcher for a stack: its own references plus any read earlier in this run. */
export function stackMatcher(resources: readonly PolicyResource[]): Promise<KnownSecretMatcher> {
  return knownSecretMatcher(new Set([...stackStoreReferences(resources), ...readReferences()]));
}

/** The matcher for one resource's inputs: the references read so far in this run plus the resource's own. */
export function resourceMatcher(args: ResourceValidationArgs, props: unknown): Promise<KnownSecretMatcher> {
  const own = args.type.startsWith("pulumi-nodejs:dynamic") ? storeReferencesOf(args.type, props) : [];
  return knownSecretMatcher(new Set([...readReferences(), ...own]));
}

/** Every string a stack validation's resource holds, as one record (`outputs` are its props, as {@link snapshot} copies them). */
export function stackResourceRecord(r: PolicyResource, outputs: unknown = snapshot(r.props)): Record<string, unknown> {
  const record: Record<string, unknown> = { urn: r.urn, name: r.name, type: r.type, outputs };
  if (r.parent) record.parent = r.parent.urn;
  if (r.provider) record.provider = r.provider.urn;
  if (r.dependencies.length > 0) record.dependencies = r.dependencies.map((d) => d.urn);
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
  if (Object.keys(propertyDependencies).length > 0) record.propertyDependencies = propertyDependencies;
  return record;
}

/** Known-secret detections over a stack validation's resource (the opted-in output of ours excepted); `outputs`: its props already copied. */
export function knownSecretsInStackResource(r: PolicyResource, matcher: KnownSecretMatcher, outputs?: unknown): Detection[] {
  if (matcher.empty) return [];
  const record = stackResourceRecord(r, outputs ?? snapshot(r.props));
  return scanKnownSecrets(record, matcher, { resource: { type: r.type, secretOutputs: secretOutputsOf(r.opts), outputs: record.outputs } });
}

/** Known-secret detections over a resource validation's inputs, URN, name and provider. */
export function knownSecretsInResourceInputs(args: ResourceValidationArgs, props: unknown, matcher: KnownSecretMatcher): Detection[] {
  if (matcher.empty) return [];
  const record: Record<string, unknown> = { urn: args.urn, name: args.name, type: args.type, inputs: props };
  if (args.provider) record.provider = args.provider.urn;
  return scanKnownSecrets(record, matcher);
}
