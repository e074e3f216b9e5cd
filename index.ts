/**
 * The example stack (`npm run demo`): a CI service account in Genesys Cloud — a CLIENT-CREDENTIALS OAuth
 * client with one role — whose secret goes straight from Genesys into a secret store and is rotated every
 * 30 days. State and stack outputs hold only the client id, the store reference and timestamps.
 *
 * Genesys admin credentials and base URLs come from the environment (GENESYS_CLOUD_CLIENT_ID/SECRET,
 * GENESYS_CLOUD_REGION or GENESYS_CLOUD_API_URL/LOGIN_URL; the demo script points them at the embedded
 * emulator) or from stack config (`pulumi config set --secret genesys-oauth-guard:clientSecret ...`).
 *
 * Config (all optional): `secretStore` (default file://./.demo/secrets/ci-client), `role` (default
 * Developer), `clientName`, `rotationTrigger` (change it to rotate now, e.g. `pulumi config set
 * rotationTrigger 2`).
 */
import * as pulumi from "@pulumi/pulumi";
// In your own project: import { OAuthClient } from "genesys-oauth-guard";
import { OAuthClient } from "./lib";

const config = new pulumi.Config();
const secretStore = config.get("secretStore") ?? "file://./.demo/secrets/ci-client";

const ci = new OAuthClient("ci-client", {
  name: config.get("clientName") ?? "ci-pipeline",
  description: "CI service account; managed by Pulumi (genesys-oauth-guard demo)",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: [config.get("role") ?? "Developer"],
  accessTokenValiditySeconds: 3600,
  secretStore,
  // Rotate every 30 days; a new rotationTrigger value rotates at once.
  rotation: { every: "30d", trigger: config.get("rotationTrigger") ?? "initial" },
});

/** The Genesys client id (not a secret). */
export const clientId = ci.clientId;
/** Where consumers read the id and secret. */
export const storeReference = ci.secretStore;
/** When the current secret was generated (named without "secret": the policy pack flags secret-like output names). */
export const rotatedAt = ci.secretRotation?.rotatedAt;
