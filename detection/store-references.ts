/**
 * The store references a stack's own resources name: the `secretStore` input/output of this project's
 * OAuthClient, SecretRotation and ClientPair, recognised by their exact type tokens (domain/resource-types.ts).
 * Reading those stores gives the secrets that known-secret matching looks for. Pure: recognises references,
 * never opens them.
 */
import { isOwnResourceType } from "../domain/resource-types";
import { asSecretEnvelope, decodeEnvelopePlaintext } from "./values";

/** The property under which our resources keep the store reference (input and output). */
const STORE_KEY = "secretStore";

/** Schemes stores/ opens. */
const STORE_SCHEME = /^(file|vault|openbao|bao|awssm):\/\//i;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A property's value, with a `--show-secrets` envelope decoded (an encrypted one is unreadable: undefined). */
function plain(value: unknown): unknown {
  const envelope = asSecretEnvelope(value);
  if (!envelope) return value;
  return envelope.plaintext === undefined ? undefined : decodeEnvelopePlaintext(envelope.plaintext);
}

/**
 * The store references named by one resource's inputs and outputs (empty for a resource that is not ours:
 * every type token of this project names a store).
 * Only strings that look like references (`file://`, `vault://`, `awssm://`...) are returned.
 */
export function storeReferencesOf(type: string, ...propertyBags: unknown[]): string[] {
  if (!isOwnResourceType(type)) return [];
  const out = new Set<string>();
  for (const bag of propertyBags) {
    const value = plain(record(bag)?.[STORE_KEY]);
    if (typeof value === "string" && STORE_SCHEME.test(value.trim())) out.add(value.trim());
  }
  return [...out];
}
