/**
 * The Genesys Cloud resources of a Terraform state: the OAuth clients' settings (what an OAuthClient needs to
 * adopt them — never their secret), and the client secrets the state holds (`client_secret` of
 * `genesyscloud_oauth_client`, the `fields` of `genesyscloud_integration_credential`), which the audit then
 * looks for everywhere else in every encoding. Pure functions over parsed instances.
 */
import { registerSecret } from "../core/redact";
import { isSecretKey, isNonSecretPlaceholder } from "../detection/rules";
import type { KnownSecret } from "../detection/known-secrets";
import { TF_GENESYS_TYPE_PREFIX, TF_INTEGRATION_CREDENTIAL_TYPE, TF_OAUTH_CLIENT_TYPE } from "../domain/terraform-types";
import type { TerraformInstance } from "./types";

/** A role grant as the Terraform provider stores it. */
export interface TerraformRoleGrant {
  roleId: string;
  /** Empty when the configuration left it to the home division. */
  divisionId: string;
}

/** A `genesyscloud_oauth_client` of the state: settings and facts, no secret. */
export interface TerraformOAuthClient {
  address: string;
  /** The Genesys client id (`id`, also `client_id` when exposed). */
  clientId: string;
  name: string;
  description: string;
  authorizedGrantType: string;
  accessTokenValiditySeconds?: number;
  redirectUris: string[];
  scopes: string[];
  roles: TerraformRoleGrant[];
  state: string;
  /** `expose_client_secret = true`: the state holds the secret. */
  exposeClientSecret: boolean;
  /** The state holds a (non-empty) `client_secret` — it must be treated as leaked. */
  secretInState: boolean;
  /** `directory_client_secret`: a directory the provider wrote the secret to in plain text. */
  directoryClientSecret?: string;
  /** The integration credential the provider created with this client's secret. */
  integrationCredentialId?: string;
  integrationCredentialName?: string;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** True for a resource of the Genesys Cloud provider. */
export function isGenesysInstance(instance: Pick<TerraformInstance, "type">): boolean {
  return instance.type.startsWith(TF_GENESYS_TYPE_PREFIX);
}

/** True for a real secret value (not empty, not a placeholder). */
function isSecretValue(value: unknown): value is string {
  return typeof value === "string" && !isNonSecretPlaceholder(value);
}

/** The OAuth client of a managed `genesyscloud_oauth_client` instance (undefined for anything else, or a deposed object). */
export function oauthClientOf(instance: TerraformInstance): TerraformOAuthClient | undefined {
  if (instance.type !== TF_OAUTH_CLIENT_TYPE || instance.mode !== "managed" || instance.deposed) return undefined;
  const a = instance.attributes;
  const validity = a.access_token_validity_seconds;
  const roles: TerraformRoleGrant[] = [];
  for (const r of Array.isArray(a.roles) ? a.roles : []) {
    const role = asRecord(r);
    if (role && str(role.role_id) !== "") roles.push({ roleId: str(role.role_id), divisionId: str(role.division_id) });
  }
  return {
    address: instance.address,
    clientId: str(a.id) || str(a.client_id),
    name: str(a.name),
    description: str(a.description),
    authorizedGrantType: str(a.authorized_grant_type),
    ...(typeof validity === "number" ? { accessTokenValiditySeconds: validity } : {}),
    redirectUris: strings(a.registered_redirect_uris),
    scopes: strings(a.scopes),
    roles,
    state: str(a.state) || "active",
    exposeClientSecret: a.expose_client_secret === true,
    secretInState: isSecretValue(a.client_secret),
    ...(str(a.directory_client_secret) ? { directoryClientSecret: str(a.directory_client_secret) } : {}),
    ...(str(a.integration_credential_id) ? { integrationCredentialId: str(a.integration_credential_id) } : {}),
    ...(str(a.integration_credential_name) ? { integrationCredentialName: str(a.integration_credential_name) } : {}),
  };
}

/** The client id an integration credential's `fields` name (`clientId`), when it names one. */
export function credentialClientId(instance: TerraformInstance): string | undefined {
  if (instance.type !== TF_INTEGRATION_CREDENTIAL_TYPE) return undefined;
  const fields = asRecord(instance.attributes.fields) ?? {};
  const key = Object.keys(fields).find((k) => k.toLowerCase().replace(/[-_]/g, "") === "clientid");
  return key && typeof fields[key] === "string" ? fields[key] : undefined;
}

/**
 * The client secrets an instance holds, as known secrets for matching elsewhere (registered for redaction):
 * `client_secret` of an OAuth client, secret-named `fields` of an integration credential. `source` names the
 * place (address and attribute), never the value.
 */
export function secretsOf(instance: TerraformInstance): KnownSecret[] {
  const out: KnownSecret[] = [];
  const a = instance.attributes;
  if (instance.type === TF_OAUTH_CLIENT_TYPE && isSecretValue(a.client_secret)) {
    registerSecret(a.client_secret);
    const clientId = str(a.client_id) || str(a.id);
    out.push({ source: `${instance.address}.client_secret in Terraform state`, value: a.client_secret, ...(clientId ? { clientId } : {}) });
  }
  if (instance.type === TF_INTEGRATION_CREDENTIAL_TYPE) {
    const fields = asRecord(a.fields) ?? {};
    const clientId = credentialClientId(instance);
    for (const [key, value] of Object.entries(fields)) {
      if (!isSecretKey(key) || !isSecretValue(value)) continue;
      registerSecret(value);
      out.push({ source: `${instance.address}.fields.${key} in Terraform state`, value, ...(clientId ? { clientId } : {}) });
    }
  }
  return out;
}
