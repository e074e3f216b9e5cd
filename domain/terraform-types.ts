/**
 * Resource types of the official Genesys Cloud Terraform provider (MyPureCloud/genesyscloud) that hold client
 * secrets: the audit reads them in Terraform state, `migrate-terraform` turns the clients into OAuthClients.
 * Dependency-free, like the rest of domain/.
 */

/** Prefix of every resource type of the Genesys Cloud Terraform provider. */
export const TF_GENESYS_TYPE_PREFIX = "genesyscloud_";

/** `genesyscloud_oauth_client`: `client_secret` is in state when `expose_client_secret = true`. */
export const TF_OAUTH_CLIENT_TYPE = "genesyscloud_oauth_client";

/** `genesyscloud_integration_credential`: `fields` (a map, sensitive) usually holds `clientId` and `clientSecret`. */
export const TF_INTEGRATION_CREDENTIAL_TYPE = "genesyscloud_integration_credential";
