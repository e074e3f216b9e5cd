/**
 * Encrypted secrets where none should be, in the outputs of dynamic resources (ours, by the exact type
 * tokens of domain/resource-types.ts, and any other dynamic provider's): their outputs are
 * stored as the provider returned them, so an encrypted value there means a secret was returned as an
 * output — the one exception being an opted-in `clientSecret` listed in `additionalSecretOutputs`
 * (OAuthClient/SecretRotation with `exposeSecretAsOutput`).
 *
 * Added next to the other rules (not in `rules.ts`) by the audit; reports under the existing
 * `genesys-encrypted-value` rule. Pure functions; never returns a value.
 */
import { isOwnResourceType } from "../domain/resource-types";
import { RULES, RULE_IDS, isSecretKey, resolveOptions } from "./rules";
import type { Detection, DetectionOptions, ResourceView } from "./types";
import { asSecretEnvelope, joinIndex, joinKey } from "./values";

/** Type prefix of every dynamic resource. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** True for a dynamic resource (any dynamic provider). */
export function isDynamicResource(resource: Pick<ResourceView, "type">): boolean {
  return resource.type.startsWith(DYNAMIC_TYPE_PREFIX);
}

/**
 * True when the top-level output `key` of `resource` may legitimately hold an encrypted secret: a
 * secret-bearing name (`clientSecret`) listed in `additionalSecretOutputs` of a dynamic resource.
 */
export function isOptedInSecretOutput(resource: Pick<ResourceView, "type" | "secretOutputs">, key: string): boolean {
  return isDynamicResource(resource) && isSecretKey(key) && (resource.secretOutputs ?? []).includes(key);
}

/**
 * Envelopes (ciphertext) in a dynamic resource's outputs other than an opted-in secret output.
 * `__provider` is left to `provider-source.ts`. Paths start with `outputs`.
 */
export function scanDynamicOutputEnvelopes(resource: Pick<ResourceView, "type" | "outputs" | "secretOutputs">, options?: DetectionOptions): Detection[] {
  if (!isDynamicResource(resource) || resolveOptions(options).allowEncryptedOutputs) return [];
  const outputs = resource.outputs;
  if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) return [];
  const rule = RULES[RULE_IDS.encryptedEnvelope];
  const out: Detection[] = [];
  const own = isOwnResourceType(resource.type) ? "this project's" : "a";
  const walk = (value: unknown, path: string, depth: number): void => {
    if (value === null || typeof value !== "object" || depth > 64) return;
    if (asSecretEnvelope(value)) {
      if (isSecretKey(path.split(/[.[]/).pop() ?? "")) return; // reported by the secret-key rules
      out.push({
        ruleId: rule.id,
        severity: rule.severity,
        path,
        evidence: `encrypted secret in an output of ${own} dynamic resource that should hold none (not an opted-in secret output)`,
        kind: rule.kind,
      });
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, joinIndex(path, i), depth + 1));
    else for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, joinKey(path, k), depth + 1);
  };
  for (const [key, value] of Object.entries(outputs as Record<string, unknown>)) {
    if (key.startsWith("__")) continue;
    if (isOptedInSecretOutput(resource, key)) continue;
    walk(value, joinKey("outputs", key), 0);
  }
  return out;
}
