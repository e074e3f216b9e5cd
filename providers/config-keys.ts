/**
 * Stack config keys the providers read, all under the `genesys-oauth-guard:` namespace. Secret ones must be
 * set with `pulumi config set --secret`; they reach the provider process decrypted through `configure()`
 * and are never written anywhere. Stack config wins over the environment.
 */

/** The stack config namespace of this package. */
export const CONFIG_NAMESPACE = "genesys-oauth-guard";

/** Config keys read by the providers (`genesys-oauth-guard:<key>`). */
export const CONFIG_KEYS = [
  // Genesys admin client and where the org lives
  "clientId",
  "clientSecret",
  "region",
  "apiUrl",
  "loginUrl",
  // Vault / OpenBao
  "vaultAddress",
  "vaultToken",
  "vaultNamespace",
  "vaultRoleId",
  "vaultSecretId",
  "vaultJwt",
  "vaultJwtRole",
  // AWS Secrets Manager
  "awsRegion",
  "awsEndpoint",
  "awsAccessKeyId",
  "awsSecretAccessKey",
  "awsSessionToken",
] as const;

/** One config key. */
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Settings from stack config, by key (only keys that were set). */
export type ProviderConfig = Partial<Record<ConfigKey, string>>;

/** Keys whose values are secrets (registered for redaction as soon as they are read). */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = ["clientSecret", "vaultToken", "vaultSecretId", "vaultJwt", "awsSecretAccessKey", "awsSessionToken"];
