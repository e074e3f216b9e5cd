/**
 * The store references a stack's own resources name: the `secretStore` input/output of this project's
 * OAuthClient, SecretRotation and ClientPair (type `pulumi-nodejs:dynamic/genesys-oauth-guard:<Type>`, or the
 * generic `pulumi-nodejs:dynamic:Resource` carrying the project's fields). Reading those stores gives the
 * secrets that known-secret matching looks for. Pure: recognises references, never opens them.
 */
import { OWN_DYNAMIC_TYPE_PREFIX } from "./dynamic-outputs";
import { asSecretEnvelope, decodeEnvelopePlaintext } from "./values";

/** Type of this project's resources that name a store. */
export const STORE_OWNER_TYPES: readonly string[] = ["OAuthClient", "SecretRotation", "ClientPair"].map((t) => `${OWN_DYNAMIC_TYPE_PREFIX}${t}`);

/** The generic type token of dynamic resources (older SDKs, or a provider without a type name). */
export const GENERIC_DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

/** Property names under which our resources keep the store reference. */
const STORE_KEYS = ["secretStore", "storeReference", "store"];

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
 * True when properties belong to one of our resources under the generic dynamic type: a store reference
 * together with the fields only our providers write (`secretMarker`, `adoptionKey`, `authorizedGrantType`
 * with a client id, or the `genesysOAuthGuard` marker).
 */
function looksLikeOurs(props: Record<string, unknown>): boolean {
  if (record(props.genesysOAuthGuard)) return true;
  const marker = plain(props.secretMarker);
  if (typeof marker === "string" && marker.startsWith("sha256:")) return true;
  return typeof props.adoptionKey === "string" || (props.authorizedGrantType !== undefined && (props.clientId !== undefined || props.name !== undefined));
}

/** True for a resource of this project that names a store (by type, or by its fields under the generic dynamic type). */
export function isStoreOwner(type: string, ...propertyBags: unknown[]): boolean {
  if (STORE_OWNER_TYPES.includes(type)) return true;
  if (type !== GENERIC_DYNAMIC_TYPE) return false;
  return propertyBags.some((bag) => {
    const r = record(bag);
    return r !== undefined && looksLikeOurs(r);
  });
}

/**
 * The store references named by one resource's inputs and outputs (empty for a resource that is not ours).
 * Only strings that look like references (`file://`, `vault://`, `awssm://`...) are returned.
 */
export function storeReferencesOf(type: string, ...propertyBags: unknown[]): string[] {
  if (!isStoreOwner(type, ...propertyBags)) return [];
  const out = new Set<string>();
  for (const bag of propertyBags) {
    const r = record(bag);
    if (!r) continue;
    const sources = [r, record(r.genesysOAuthGuard)];
    for (const source of sources) {
      if (!source) continue;
      for (const key of STORE_KEYS) {
        const value = plain(source[key]);
        if (typeof value === "string" && STORE_SCHEME.test(value.trim())) out.add(value.trim());
      }
    }
  }
  return [...out];
}
