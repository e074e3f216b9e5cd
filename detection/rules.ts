/**
 * The rule catalogue (what is looked for), kept apart from detection (how) and reporting (what is printed),
 * in the manner of gitleaks' configuration. Pure data and small predicates, no dependencies.
 */
import type { DetectionKind, DetectionOptions, Severity } from "./types";
import { CLIENT_SECRET_KEYS, isClientSecretKeyName, isCredentialKeyName, normaliseKeyName } from "../domain/secret-keys";

/** Description of one detection rule. */
export interface RuleDefinition {
  /** Stable id, used in reports, SARIF and tests. */
  id: string;
  /** One-line description. */
  description: string;
  /** Default severity. */
  severity: Severity;
  /** The kind of detections the rule makes. */
  kind: DetectionKind;
}

/** Ids of every rule. */
export const RULE_IDS = {
  secretKeyPlaintext: "genesys-secret-key-plaintext",
  secretKeyEncrypted: "genesys-secret-key-encrypted",
  secretKeyUnknown: "genesys-secret-key-unknown",
  secretNameOutput: "genesys-secret-named-output",
  encryptedEnvelope: "genesys-encrypted-value",
  secretShape: "genesys-secret-shape",
  secretInText: "genesys-secret-in-text",
  secretReferenceInScript: "genesys-secret-reference-in-script",
  crossReference: "genesys-secret-cross-reference",
  exposedSecretSetting: "genesys-exposed-secret-setting",
  knownSecret: "genesys-stored-secret-match",
} as const;

/** Every rule, by id. */
export const RULES: Readonly<Record<string, RuleDefinition>> = {
  [RULE_IDS.secretKeyPlaintext]: {
    id: RULE_IDS.secretKeyPlaintext,
    description: "A secret-bearing property (clientSecret, client_secret, secret, credential fields, env/tag copies) holds a readable value.",
    severity: "critical",
    kind: "plaintext",
  },
  [RULE_IDS.secretKeyEncrypted]: {
    id: RULE_IDS.secretKeyEncrypted,
    description: "A secret-bearing property holds an encrypted value: the secret is in state, even if encrypted.",
    severity: "high",
    kind: "encrypted",
  },
  [RULE_IDS.secretKeyUnknown]: {
    id: RULE_IDS.secretKeyUnknown,
    description: "A secret-bearing property will receive a value that is unknown during preview.",
    severity: "high",
    kind: "name",
  },
  [RULE_IDS.secretNameOutput]: {
    id: RULE_IDS.secretNameOutput,
    description: "A stack output is named like a secret or a credential container.",
    severity: "high",
    kind: "name",
  },
  [RULE_IDS.encryptedEnvelope]: {
    id: RULE_IDS.encryptedEnvelope,
    description: "A Pulumi secret envelope (ciphertext) is present where no secret should be (stack outputs, config).",
    severity: "medium",
    kind: "encrypted",
  },
  [RULE_IDS.secretShape]: {
    id: RULE_IDS.secretShape,
    description: "A value is shaped like a Genesys client secret (16 or 20–22 random characters, high entropy).",
    severity: "high",
    kind: "shape",
  },
  [RULE_IDS.secretInText]: {
    id: RULE_IDS.secretInText,
    description: "A text (script, command line, document) contains a token shaped like a Genesys client secret.",
    severity: "high",
    kind: "shape",
  },
  [RULE_IDS.secretReferenceInScript]: {
    id: RULE_IDS.secretReferenceInScript,
    description: "A script references a secret (${...secret...}, $CLIENT_SECRET) and echoes it or writes it to a file.",
    severity: "high",
    kind: "name",
  },
  [RULE_IDS.crossReference]: {
    id: RULE_IDS.crossReference,
    description: "A value equals (or contains) what a secret-bearing property holds elsewhere in the stack.",
    severity: "critical",
    kind: "cross-reference",
  },
  [RULE_IDS.exposedSecretSetting]: {
    id: RULE_IDS.exposedSecretSetting,
    description: "A Genesys OAuth client resource is configured to expose its secret (expose_client_secret, directory_client_secret).",
    severity: "high",
    kind: "name",
  },
  [RULE_IDS.knownSecret]: {
    id: RULE_IDS.knownSecret,
    description:
      "A secret a store currently holds (read through the stack's own store references, or given explicitly) appears in state — in a value, a property name, a URN, an id or a reference — raw, case-changed, base64, hex, percent- or JSON-escaped, reversed, nested one level, or as a fragment.",
    severity: "critical",
    kind: "plaintext",
  },
};

/** Default detection options. */
export const DEFAULT_OPTIONS: Required<DetectionOptions> = {
  entropyThreshold: 3.3,
  minLength: 16,
  maxLength: 22,
  lengths: [16, 20, 21, 22],
  allowEncryptedOutputs: false,
  extraSecretKeys: [],
  ignoreKeys: [],
};

/** Objects returned by {@link resolveOptions} (resolving them again returns them as they are). */
const resolved = new WeakSet();

/** Fills in defaults. */
export function resolveOptions(options: DetectionOptions | undefined): Required<DetectionOptions> {
  if (options && resolved.has(options)) return options as Required<DetectionOptions>;
  const out: Required<DetectionOptions> = { ...DEFAULT_OPTIONS };
  resolved.add(out);
  if (!options) return out;
  for (const key of Object.keys(options) as (keyof DetectionOptions)[]) {
    const value = options[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Memo of {@link normalizeKey} (property names repeat across resources). */
const normalized = new Map<string, string>();

/** Normalises a property name (domain/secret-keys.ts), memoised: property names repeat across resources. */
export function normalizeKey(key: string): string {
  const known = normalized.get(key);
  if (known !== undefined) return known;
  if (normalized.size >= 50_000) normalized.clear();
  const out = normaliseKeyName(key);
  normalized.set(key, out);
  return out;
}

/**
 * True when a property name holds a client secret itself (`clientSecret`, `client_secret`, `secret`, env var
 * names: the vocabulary of domain/secret-keys.ts), or is one of the configured extra keys.
 */
export function isSecretKey(key: string, options?: DetectionOptions): boolean {
  const norm = normalizeKey(key);
  if (isClientSecretKeyName(norm)) return true;
  const extra = options?.extraSecretKeys ?? [];
  return extra.some((k) => normalizeKey(k) === norm);
}

/**
 * True when a name looks like a secret or a credential container (`credentials`, `clientCredentials`,
 * `genesysSecret`, `password`): used for stack output names, whose value may be unknown during preview.
 */
export function isSecretLikeName(key: string, options?: DetectionOptions): boolean {
  if (isSecretKey(key, options)) return true;
  const norm = normalizeKey(key);
  if (isFingerprintKey(norm) || isReferenceName(norm)) return false;
  return /secret|credential|creds$|^creds|password|passwd/.test(norm);
}

/**
 * Names (normalised) of references to where a secret is kept, not the secret: `secretStore`,
 * `secretStoreUrl`, `credentialsPath`, `passwordSecretArn`. Their values are still judged by shape.
 */
const REFERENCE_NAME =
  /^(secret|secrets|credential|credentials|password|clientsecret)(store|storeurl|storeuri|storeref|storereference|ref|reference|path|url|uri|arn|location|name|id|version|versionid|marker|manager|provider|engine|mount|backend|file|keyid|kmskey)s?$|(secret|credential|password)(arn|storeref|storereference|storeurl)$/;

/** True for a normalised name of a reference to a secret (`secretstore`, `secretstoreurl`, `passwordsecretarn`). */
export function isReferenceName(normalizedKey: string): boolean {
  return REFERENCE_NAME.test(normalizedKey) && !CLIENT_SECRET_KEYS.includes(normalizedKey);
}

/** Names of non-reversible fingerprints and metadata that are never secrets (`secretMarker`, `storeVersion`, ...). */
const FINGERPRINT_KEYS = new Set([
  "secretmarker",
  "fingerprint",
  "secretfingerprint",
  "etag",
  "checksum",
  "digest",
  "sha",
  "sha256",
  "hash",
  "storeversion",
  "rotationid",
  "secretversion",
  "secretname",
  "secretarn",
  "secretid",
  "storereference",
  "secretstorereference",
  "secretref",
  "secretreference",
  "secretsprovider",
  "secretsproviders",
]);

/** True for a normalised key whose value is a fingerprint, reference or metadata, never a secret. */
export function isFingerprintKey(normalizedKey: string): boolean {
  return FINGERPRINT_KEYS.has(normalizedKey);
}

/** True when a property named `key` is never scanned by the shape rules. */
export function isIgnoredKey(key: string, options?: DetectionOptions): boolean {
  const norm = normalizeKey(key);
  if (isFingerprintKey(norm)) return true;
  return (options?.ignoreKeys ?? []).some((k) => normalizeKey(k) === norm);
}

/** Keys that hold a script or a command line (`@pulumi/command`: create, update, delete; others: script, command). */
export const SCRIPT_KEYS = new Set([
  "create",
  "update",
  "delete",
  "read",
  "command",
  "script",
  "commandline",
  "cmd",
  "run",
  "userdata",
  "startupscript",
  "inlinescript",
]);

/**
 * Stack config namespace of this package (`genesys-oauth-guard:clientSecret`, ...). The admin credentials set
 * there with `pulumi config set --secret` are the documented route: the engine copies the whole stack config into
 * the default `pulumi-nodejs` provider's state, encrypted exactly as in `Pulumi.<stack>.yaml`. Encrypted values
 * under this namespace in config are therefore not findings; a plain (readable) one still is.
 * Must equal `CONFIG_NAMESPACE` in providers/config-keys.ts (a unit test checks it).
 */
export const OWN_CONFIG_NAMESPACE = "genesys-oauth-guard";

/** Pulumi types of Terraform-bridged Genesys Cloud OAuth clients (any module layout), and the Terraform type itself (Terraform state). */
export const BRIDGED_OAUTH_CLIENT_TYPE = /^genesyscloud(:.*oauth.*client|_oauth_client$)/i;

/** Pulumi types of Terraform-bridged Genesys Cloud integration credentials, and the Terraform type itself. */
export const BRIDGED_INTEGRATION_CREDENTIAL_TYPE = /^genesyscloud(:.*integration.*credential|_integration_credential$)/i;

/** Values under a secret key that are not secrets: placeholders, references, fingerprints. */
export function isNonSecretPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (/^(\*+|x+|redacted|\[redacted\]|<redacted>|<secret>|changeme|null|undefined|none|todo|\[secret\]|\*\*\*\*.*)$/i.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true; // a store reference / URL
  if (/^sha(1|256|384|512)[:=-]/i.test(v)) return true; // our secretMarker and similar fingerprints
  if (/^(arn|ref|vault|ssm|secretsmanager|aws-sm):/i.test(v)) return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_.:]*\}?$/.test(v)) return true; // an unresolved variable reference
  return false;
}

/** A reference to a secret inside a script: `${...secret...}`, `$CLIENT_SECRET`, `%CLIENT_SECRET%`, `$env:..._SECRET`. */
export const SCRIPT_SECRET_REFERENCE =
  /\$\{[^}]*secret[^}]*\}|\$(?:env:)?[A-Za-z_][A-Za-z0-9_]*secret[A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*secret[A-Za-z0-9_]*%/i;

/** Script operations that print or persist a value: echo/printf/tee/cat, redirections to files, writing config files. */
export const SCRIPT_SINK = /\b(echo|printf|print|tee|Write-Output|Out-File|Set-Content|Add-Content)\b|[^<>&|0-9]>>?\s*[^\s&|]|^>>?\s*\S/im;

/** A redirection into a file whose name says it holds secrets (`> secrets.txt`, `>> .env`, `credentials.json`). */
export const SECRET_FILE_REDIRECTION = />>?\s*["']?[^\s"'&|;]*(secret|cred|\.env\b|token|password)[^\s"'&|;]*/i;

/**
 * True when a name holds a provider credential — the Genesys admin client's secret, store tokens and keys —
 * that must never be captured by dynamic provider code or passed as resource inputs: a client secret (see
 * {@link isSecretKey}) or any credential of domain/secret-keys.ts. Names of metadata ({@link isFingerprintKey}:
 * an AWS `SecretId` is a secret's name) are not credentials here.
 */
export function isProviderCredentialKey(key: string, options?: DetectionOptions): boolean {
  if (isSecretKey(key, options)) return true;
  const norm = normalizeKey(key);
  return !isFingerprintKey(norm) && isCredentialKeyName(norm);
}

/**
 * Outputs that are random by design and not Genesys secrets (`@pulumi/random`, Terraform's `random_id`: RandomId `b64Url` of 16 bytes
 * is exactly 22 base64url characters): exempt from the shape rules, still subject to names and cross-references.
 */
export const SHAPE_EXEMPT_OUTPUTS: readonly { type: RegExp; keys: ReadonlySet<string> }[] = [
  // `random:*` (Pulumi) and `random_*` (the same provider's types in Terraform state).
  { type: /^random(:|_)/, keys: new Set(["result", "b64url", "b64std", "hex", "dec", "id", "bytes"]) },
];

/** True when the shape rules do not apply to top-level property `topKey` of a resource of `resourceType`. */
export function isShapeExempt(resourceType: string | undefined, topKey: string | undefined): boolean {
  if (resourceType === undefined || topKey === undefined) return false;
  const norm = normalizeKey(topKey);
  return SHAPE_EXEMPT_OUTPUTS.some((e) => e.type.test(resourceType) && e.keys.has(norm));
}
