/**
 * The plan that moves Genesys OAuth clients from Terraform to Pulumi: one OAuthClient per
 * `genesyscloud_oauth_client` of the given Terraform states, adopting the existing client (`{ import: id }`),
 * with the settings the state holds and a store reference from the user's template; the `terraform state rm`
 * commands that hand the clients over; and the steps in between. Pure: reads parsed state, changes nothing,
 * and never holds a secret (built from {@link TerraformOAuthClient}, which has none).
 */
import { tryParseDuration } from "../domain/duration";
import { GuardError } from "../core/errors";
import { normaliseClientState } from "../domain/client-states";
import { normaliseGrantType } from "../domain/grant-types";
import { checkOAuthClientInputs } from "../providers/validation";
import { parseStoreReference } from "../stores/reference";
import { isPerClientTemplate, storeFor } from "../stores/reference-template";
import { shellQuote } from "./address";
import { credentialClientId, isGenesysInstance, oauthClientOf, type TerraformOAuthClient } from "./genesys-resources";
import type { TerraformState } from "./types";

/** One Terraform state given to the plan, with the label it is known by (a file name). */
export interface MigrationInput {
  label: string;
  state: TerraformState;
}

/** The OAuthClient inputs a client gets (besides `secretStore`), as they will be written in the program. */
export interface PlannedArgs {
  name: string;
  description?: string;
  authorizedGrantType: string;
  roles?: { role: string; division?: string }[];
  scopes?: string[];
  redirectUris?: string[];
  accessTokenValiditySeconds?: number;
  state?: string;
  /** `rotation: { every }`: the policy pack requires a rotation schedule by default (at most 90 days). */
  rotation?: { every: string };
}

/** One client to adopt. */
export interface PlannedClient {
  /** Terraform address, e.g. `module.auth.genesyscloud_oauth_client.ci`. */
  address: string;
  /** The state it came from. */
  stateFile: string;
  clientId: string;
  /** Pulumi resource name (unique in the program). */
  resourceName: string;
  /** TypeScript variable holding the resource. */
  variable: string;
  secretStore: string;
  args: PlannedArgs;
  /** The Terraform state holds this client's secret: treat it as leaked (the adoption regenerates it). */
  secretInState: boolean;
  /** What needs a person: settings OAuthClient refuses, copies of the secret Terraform made elsewhere. */
  warnings: string[];
}

/** One `terraform state rm`. */
export interface StateRemoval {
  stateFile: string;
  address: string;
  /** The command, the address quoted for a POSIX shell. */
  command: string;
}

/** The whole plan. */
export interface MigrationPlan {
  clients: PlannedClient[];
  terraformStateRm: StateRemoval[];
  /** The steps, in order, as shell commands and sentences. */
  nextSteps: string[];
}

/** Options of {@link buildMigrationPlan}. */
export interface MigrationOptions {
  /** Store reference template: `vault://secret/genesys/{name}`, `file://./.secrets/{id}`, ... */
  storeTemplate: string;
  /** The file the program will be written to, for the steps (default: "the generated program"). */
  programFile?: string;
  /**
   * `rotation: { every }` for every client (default {@link DEFAULT_ROTATION_EVERY}, what the policy pack's
   * default `maxRotationDays` allows); `"none"` leaves rotation out (the pack then fails the preview unless its
   * `requireRotation` is off).
   */
  rotationEvery?: string;
}

/** The rotation period the generated program gives each client unless told otherwise. */
export const DEFAULT_ROTATION_EVERY = "90d";

const TS_RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null " +
    "return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield any boolean " +
    "number string symbol type from of await async constructor declare get set module require undefined OAuthClient pulumi"
  ).split(" "),
);

/** A Pulumi resource name from a Terraform address: module names, resource name and index keys, joined by `-`. */
export function resourceNameOf(address: string): string {
  const parts: string[] = [];
  const re = /module\.([^.[\s]+)(\[[^\]]*\])?\.|(?:data\.)?[A-Za-z0-9_-]+\.([^.[\s]+)(\[[^\]]*\])?$/g;
  for (const m of address.matchAll(re)) {
    const name = m[1] ?? m[3];
    const key = m[2] ?? m[4];
    parts.push(name);
    if (key) parts.push(key.slice(1, -1).replace(/^"|"$/g, ""));
  }
  const joined = (parts.length > 0 ? parts.join("-") : address).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  return joined === "" ? "client" : joined;
}

/** A TypeScript identifier from a resource name: camelCase, never a reserved word, never starting with a digit. */
export function variableNameOf(resourceName: string): string {
  const words = resourceName.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (id === "" || /^[0-9]/.test(id)) id = `client${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  if (TS_RESERVED.has(id)) id = `${id}Client`;
  return id;
}

function unique(base: string, taken: Set<string>, join: (base: string, n: number) => string): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = join(base, n);
  taken.add(name);
  return name;
}

/** OAuthClient inputs from the Terraform settings, in OAuthClient's spelling (`SAML2BEARER` → `SAML2-BEARER`); empty lists and "active" left implicit. */
function argsOf(c: TerraformOAuthClient): PlannedArgs {
  return {
    name: c.name,
    ...(c.description !== "" ? { description: c.description } : {}),
    authorizedGrantType: normaliseGrantType(c.authorizedGrantType) ?? c.authorizedGrantType,
    ...(c.roles.length > 0 ? { roles: c.roles.map((r) => ({ role: r.roleId, ...(r.divisionId !== "" ? { division: r.divisionId } : {}) })) } : {}),
    ...(c.scopes.length > 0 ? { scopes: [...c.scopes] } : {}),
    ...(c.redirectUris.length > 0 ? { redirectUris: [...c.redirectUris] } : {}),
    ...(c.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: c.accessTokenValiditySeconds } : {}),
    ...(c.state !== "" && c.state !== "active" ? { state: normaliseClientState(c.state) ?? c.state } : {}),
  };
}

/** Every OAuth client of the inputs, duplicates (the same client at the same address, e.g. a state and its backup) once. */
function clientsOf(inputs: readonly MigrationInput[]): { client: TerraformOAuthClient; stateFile: string }[] {
  const out: { client: TerraformOAuthClient; stateFile: string }[] = [];
  for (const input of inputs) {
    for (const instance of input.state.instances) {
      const client = oauthClientOf(instance);
      if (!client) continue;
      if (client.clientId === "") {
        throw new GuardError(
          "input.invalid",
          `${input.label}: ${client.address} has no client id (its id attribute is empty): it was never created, or the state is damaged`,
          {
            hint: "Run `terraform refresh` (or `terraform apply`) first, or leave the resource to Terraform.",
          },
        );
      }
      const same = out.find((o) => o.client.clientId === client.clientId);
      if (same?.client.address === client.address) continue;
      if (same) {
        throw new GuardError(
          "input.invalid",
          `client ${client.clientId} is in two places: ${same.client.address} (${same.stateFile}) and ${client.address} (${input.label}); a client can be adopted by one OAuthClient only`,
          {
            hint: "Give the state of the one Terraform configuration that should hand the client over.",
          },
        );
      }
      out.push({ client, stateFile: input.label });
    }
  }
  return out;
}

/** What Terraform wrote besides the state that still holds the old secret, and settings OAuthClient refuses. */
function warningsOf(c: TerraformOAuthClient, args: PlannedArgs, secretStore: string, inputs: readonly MigrationInput[]): string[] {
  const out: string[] = [];
  const checked = checkOAuthClientInputs({ ...args, secretStore }, parseStoreReference);
  for (const f of checked.failures) out.push(`OAuthClient will refuse ${f.property}: ${f.reason} — change it in the program before pulumi up`);
  if (c.directoryClientSecret)
    out.push(
      `directory_client_secret: the Terraform provider wrote the secret in plain text under ${JSON.stringify(c.directoryClientSecret)}: delete that file (the secret dies at pulumi up anyway)`,
    );
  if (c.integrationCredentialId || c.integrationCredentialName) {
    out.push(
      `integration credential ${JSON.stringify(c.integrationCredentialName ?? c.integrationCredentialId)} (made by the Terraform provider) holds the old secret: after pulumi up it is stale — point its users at the store, then delete it`,
    );
  }
  for (const input of inputs) {
    for (const instance of input.state.instances) {
      if (credentialClientId(instance) === c.clientId) {
        out.push(
          `${instance.address} (${input.label}) holds this client's id and secret in its fields: after pulumi up it is stale — point its users at the store, then remove it`,
        );
      }
    }
  }
  return out;
}

/** The error for states without any OAuth client: says what the states do hold. */
function noClientsError(inputs: readonly MigrationInput[]): GuardError {
  const genesys = new Map<string, number>();
  for (const input of inputs) for (const i of input.state.instances) if (isGenesysInstance(i)) genesys.set(i.type, (genesys.get(i.type) ?? 0) + 1);
  const what =
    genesys.size === 0 ? "no Genesys resources at all" : `Genesys resources but no OAuth client (${[...genesys].map(([t, n]) => `${n} ${t}`).join(", ")})`;
  return new GuardError("input.invalid", `nothing to migrate: ${inputs.map((i) => i.label).join(", ")} ${inputs.length === 1 ? "holds" : "hold"} ${what}`, {
    hint: "Give the state of the Terraform configuration that has the genesyscloud_oauth_client resources (`terraform state pull > state.json` in its directory).",
  });
}

/**
 * Builds the plan. Throws `input.invalid` when there is no OAuth client, a client without an id, a client
 * in two places, or a store template that is not a valid reference or gives two clients the same record.
 */
export function buildMigrationPlan(inputs: readonly MigrationInput[], options: MigrationOptions): MigrationPlan {
  const found = clientsOf(inputs);
  if (found.length === 0) throw noClientsError(inputs);
  parseStoreReference(storeFor(options.storeTemplate, { id: "x", name: "x" }));
  const rotationEvery = options.rotationEvery ?? DEFAULT_ROTATION_EVERY;
  if (rotationEvery !== "none" && tryParseDuration(rotationEvery) === undefined) {
    throw new GuardError("cli.usage", `--rotation-every ${JSON.stringify(rotationEvery)} is not a duration: use e.g. 90d, 30d, P30D, or none`);
  }
  if (found.length > 1 && !isPerClientTemplate(options.storeTemplate)) {
    throw new GuardError(
      "cli.usage",
      `--store ${options.storeTemplate} would give all ${found.length} clients the same store record: put {name} or {id} in it`,
      {
        hint: "E.g. --store 'vault://secret/genesys/{name}' or --store 'file://./.secrets/{id}'.",
      },
    );
  }
  const names = new Set<string>();
  const variables = new Set<string>();
  const stores = new Map<string, string>();
  const clients: PlannedClient[] = found.map(({ client, stateFile }) => {
    const secretStore = storeFor(options.storeTemplate, { id: client.clientId, name: client.name });
    parseStoreReference(secretStore);
    const other = stores.get(secretStore);
    if (other) throw new GuardError("cli.usage", `${other} and ${client.address} would share the store record ${secretStore}: use {id} in --store`);
    stores.set(secretStore, client.address);
    const resourceName = unique(resourceNameOf(client.address), names, (b, n) => `${b}-${n}`);
    const variable = unique(variableNameOf(resourceName), variables, (b, n) => `${b}${n}`);
    const args = argsOf(client);
    if (rotationEvery !== "none") args.rotation = { every: rotationEvery };
    return {
      address: client.address,
      stateFile,
      clientId: client.clientId,
      resourceName,
      variable,
      secretStore,
      args,
      secretInState: client.secretInState,
      warnings: warningsOf(client, args, secretStore, inputs),
    };
  });
  const terraformStateRm: StateRemoval[] = clients.map((c) => ({
    stateFile: c.stateFile,
    address: c.address,
    command: `terraform state rm ${shellQuote(c.address)}`,
  }));
  const program = options.programFile ?? "the generated program";
  const nextSteps = [
    `Add ${program} to your Pulumi project (import it from index.ts), with genesys-oauth-guard installed and the Genesys admin credentials and store credentials in the environment.`,
    "pulumi preview --suppress-outputs --policy-pack node_modules/genesys-oauth-guard/policies   # each client is adopted (import), not created; its secret will be regenerated",
    "pulumi up --yes --suppress-outputs --policy-pack node_modules/genesys-oauth-guard/policies   # adopts each client and regenerates its secret straight into its store: the secret in Terraform state stops working",
    "genesys-oauth-guard verify --stack <stack>   # every stored secret gets a token",
    ...terraformStateRm.map((r) => `${r.command}   # in the Terraform working directory of ${r.stateFile}: Terraform forgets the client without deleting it`),
    "Remove those resource blocks, and every reference to them (outputs, triggers, integration credentials), from the Terraform configuration: `terraform plan` must not plan to create them again.",
    `genesys-oauth-guard audit ${[...new Set(clients.map((c) => c.stateFile))].map(shellQuote).join(" ")} --stack <stack>   # what is left in Terraform state (backups too) and proof the Pulumi state is clean`,
  ];
  return { clients, terraformStateRm, nextSteps };
}
