/**
 * The native provider's Pulumi package schema (GetSchema): the one resource `genesys-oauth-guard:index:OAuthClient`,
 * its inputs and outputs, and the Node.js package information `pulumi import` uses to generate code that imports
 * the class from this npm package (`genesys-oauth-guard/native`, whose `OAuthClient` is the native one).
 */
import { CONFIG_KEYS, SECRET_CONFIG_KEYS } from "../config-keys";
import { NATIVE_OAUTH_CLIENT_TYPE, NATIVE_PACKAGE } from "../../domain/native-types";
import { CLIENT_STATES, GRANT_TYPES } from "../types";

/** A schema property (the subset this schema uses). */
interface SchemaProperty {
  type?: "string" | "integer" | "boolean" | "array" | "object";
  items?: SchemaProperty;
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: string | number | boolean;
}

/** The package schema, as JSON-serialisable data. */
export interface NativeSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  config: { variables: Record<string, SchemaProperty> };
  provider: { description: string };
  types: Record<string, { type: "object"; description: string; properties: Record<string, SchemaProperty>; required: string[] }>;
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, SchemaProperty>;
      requiredInputs: string[];
      properties: Record<string, SchemaProperty>;
      required: string[];
    }
  >;
  language: { nodejs: { packageName: string; dependencies: Record<string, string> } };
}

const ROLE_GRANT = `${NATIVE_PACKAGE}:index:RoleGrant`;
const ROLE_DIVISION = `${NATIVE_PACKAGE}:index:RoleDivision`;
const str = (description: string): SchemaProperty => ({ type: "string", description });
const strings = (description: string): SchemaProperty => ({ type: "array", items: { type: "string" }, description });

/** The inputs of OAuthClient (providers/README.md has the rules). */
const INPUTS: Record<string, SchemaProperty> = {
  name: str("The client's name in Genesys Cloud."),
  description: str('The client\'s description (default "").'),
  authorizedGrantType: str(`${GRANT_TYPES.join(", ")}. Imported clients adopt any difference in place; afterwards a change replaces the client.`),
  roles: {
    type: "array",
    items: { $ref: `#/types/${ROLE_GRANT}` },
    description: "Roles by name or id; no division = the home division, * = all divisions (CLIENT-CREDENTIALS needs at least one).",
  },
  scopes: strings("Scopes (every grant type except CLIENT-CREDENTIALS)."),
  redirectUris: strings("Absolute callback URLs (CODE and TOKEN grants)."),
  accessTokenValiditySeconds: { type: "integer", description: "300 to 172800; default 86400." },
  state: str(`${CLIENT_STATES.join(", ")} (default active).`),
  secretStore: str(
    "Where the secret goes: file://…, vault://…, awssm://…. After pulumi import, the first pulumi up regenerates the secret into it (the imported one is treated as leaked).",
  ),
  deleteSecretOnDestroy: { type: "boolean", description: "Remove the stored record on destroy (only if it belongs to this client). Default false." },
  exposeSecretAsOutput: { type: "boolean", description: "Also return the secret as the clientSecret output (encrypted in state). Default false." },
};

/** The outputs beyond the inputs. */
const OUTPUTS: Record<string, SchemaProperty> = {
  clientId: str("The Genesys client id (the same as id)."),
  roleDivisions: { type: "array", items: { $ref: `#/types/${ROLE_DIVISION}` }, description: "The role/division ids applied in Genesys." },
  dateCreated: str("When Genesys created the client."),
  dateModified: str("When Genesys last changed the client."),
  storeVersion: str("The store's version of the record this resource wrote."),
  rotationId: str("The rotation (or creation, adoption) that made the stored secret."),
  secretCreatedAt: str("When the stored secret was generated."),
  secretMarker: str("sha256:<16 hex>: identifies the secret without revealing it."),
  clientSecret: { type: "string", secret: true, description: "Only with exposeSecretAsOutput; always a secret output." },
};

/** The schema for plugin version `version`. */
export function nativeSchema(version: string): NativeSchema {
  const variables: Record<string, SchemaProperty> = {};
  for (const key of CONFIG_KEYS) {
    variables[key] = { type: "string", description: "Read from the environment by the native provider (see providers/README.md)." };
    if (SECRET_CONFIG_KEYS.includes(key)) variables[key].secret = true;
  }
  return {
    name: NATIVE_PACKAGE,
    displayName: "Genesys OAuth Guard",
    version,
    description: "Genesys Cloud OAuth clients whose secret goes to a secret store, never to Pulumi state (the native provider, for pulumi import).",
    keywords: ["pulumi", "genesys", "oauth", "category/utility"],
    config: { variables },
    provider: { description: "The genesys-oauth-guard provider: Genesys admin credentials and store settings come from the environment." },
    types: {
      [ROLE_GRANT]: {
        type: "object",
        description: "A role of a CLIENT-CREDENTIALS client.",
        properties: { role: str("The role's name or id."), division: str("A division id or *; none = the home division.") },
        required: ["role"],
      },
      [ROLE_DIVISION]: {
        type: "object",
        description: "A role/division pair as Genesys applies it.",
        properties: { roleId: str("The role id."), divisionId: str("The division id, or *.") },
        required: ["roleId", "divisionId"],
      },
    },
    resources: {
      [NATIVE_OAUTH_CLIENT_TYPE]: {
        description: "A Genesys Cloud OAuth client whose secret is delivered to a secret store, never to state.",
        inputProperties: INPUTS,
        requiredInputs: ["name", "authorizedGrantType", "secretStore"],
        properties: { ...INPUTS, ...OUTPUTS },
        required: ["name", "authorizedGrantType", "clientId"],
      },
    },
    // `pulumi import` writes `import * as genesys_oauth_guard from "genesys-oauth-guard/native"`: that module's
    // OAuthClient is the class of this token (the package's top-level OAuthClient is the dynamic one).
    language: { nodejs: { packageName: `${NATIVE_PACKAGE}/native`, dependencies: {} } },
  };
}
