/**
 * The secret-key vocabulary: which property names hold a secret. One list for the whole project —
 * redaction (core/redact.ts: values never shown in errors and logs) and detection (detection/rules.ts:
 * findings in Pulumi state, credentials captured by dynamic providers) both read it; detection's options
 * (extra and ignored keys) stay in detection. Dependency-free: compiled into the policy pack too.
 *
 * Two tiers, because the two questions differ:
 * - {@link isClientSecretKey}: the value *is* a Genesys client secret. Detection reports a value under such
 *   a name as a leaked client secret, so the tier is narrow (a `token` or `password` of some other system
 *   is not a Genesys client secret).
 * - {@link isCredentialKey}: the value is any credential — a client secret, a store token, a cloud key, an
 *   HTTP credential. Redaction hides these everywhere; detection refuses them as dynamic-provider inputs.
 *   The list is the union of what redaction and detection each kept before: showing a credential costs
 *   more than hiding a harmless value in an error message.
 */

/** Normalises a property name: the part after a config namespace (`proj:key`), lower case, no `_`, `-`, `.` or blanks. */
export function normaliseKeyName(key: string): string {
  const bare = key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : key;
  return bare.toLowerCase().replace(/[-_.\s]/g, "");
}

/**
 * Names (normalised) whose value is a client secret. Genesys' own field is `secret`; the seed tutorial, the
 * official SDKs and integration credentials use `clientSecret`; env vars `GENESYS_CLOUD_CLIENT_SECRET`,
 * `GENESYSCLOUD_OAUTHCLIENT_SECRET`.
 */
export const CLIENT_SECRET_KEYS: readonly string[] = ["secret", "clientsecret", "oauthsecret", "oauthclientsecret", "genesyssecret"];

/** Suffixes (normalised) of names whose value is a client secret: `GENESYS_CLOUD_CLIENT_SECRET`, `adminClientSecret`. */
export const CLIENT_SECRET_KEY_SUFFIXES: readonly string[] = ["clientsecret", "oauthclientsecret"];

/** Names that end like a client-secret key but hold settings (a directory path, a flag). */
export const NOT_SECRET_KEYS: readonly string[] = ["directoryclientsecret", "exposeclientsecret", "integrationcredentialclientsecret"];

/**
 * Names (normalised) of every other credential: passwords and tokens, HTTP credentials (`Authorization`,
 * `X-Vault-Token`), store and cloud credentials (Vault/OpenBao tokens and AppRole ids, AWS secret keys and
 * session tokens, Secrets Manager's `SecretString`/`SecretBinary`), key material.
 */
export const CREDENTIAL_KEYS: readonly string[] = [
  "password",
  "passphrase",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "clienttoken",
  "jwt",
  "authorization",
  "apikey",
  "privatekey",
  "credentials",
  "credentialfields",
  "xvaulttoken",
  "vaulttoken",
  "baotoken",
  "roleid",
  "secretid",
  "secretaccesskey",
  "awssecretaccesskey",
  "sessiontoken",
  "awssessiontoken",
  "secretstring",
  "secretbinary",
];

/** Suffixes (normalised) of credential names: `myVaultToken`, `AWS_SECRET_ACCESS_KEY`, `awsSessionToken`. */
const CREDENTIAL_KEY_SUFFIX = /(vault|bao|openbao)token$|secretaccesskey$|sessiontoken$/;

const clientSecretKeys = new Set(CLIENT_SECRET_KEYS);
const notSecretKeys = new Set(NOT_SECRET_KEYS);
const credentialKeys = new Set(CREDENTIAL_KEYS);

/** True when a normalised name holds a client secret itself (`clientsecret`, `secret`, `genesyscloudclientsecret`). */
export function isClientSecretKeyName(normalised: string): boolean {
  if (notSecretKeys.has(normalised)) return false;
  return clientSecretKeys.has(normalised) || CLIENT_SECRET_KEY_SUFFIXES.some((s) => normalised.endsWith(s));
}

/** True when a property name holds a client secret itself (`clientSecret`, `client_secret`, `secret`, env var names). */
export function isClientSecretKey(key: string): boolean {
  return isClientSecretKeyName(normaliseKeyName(key));
}

/** True when a normalised name holds any credential: a client secret or one of {@link CREDENTIAL_KEYS}. */
export function isCredentialKeyName(normalised: string): boolean {
  return isClientSecretKeyName(normalised) || credentialKeys.has(normalised) || CREDENTIAL_KEY_SUFFIX.test(normalised);
}

/** True when a property name holds any credential (`password`, `X-Vault-Token`, `clientSecret`, `AWS_SECRET_ACCESS_KEY`). */
export function isCredentialKey(key: string): boolean {
  return isCredentialKeyName(normaliseKeyName(key));
}
