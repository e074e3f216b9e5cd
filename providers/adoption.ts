/**
 * Adopting an existing Genesys client (`new OAuthClient(name, args, { import: id })`): which client may be
 * taken over, how the program's settings differ from the live client's, and the preview's account of it.
 *
 * Pulumi cannot import dynamic-provider resources (the engine's Read during an import carries no
 * `__provider`, so the Node.js dynamic-provider host fails with "code must be a string, not undefined";
 * pulumi/pulumi#3550, #16175). The OAuthClient class therefore takes `import` out of the resource options
 * and passes the id as the input `adoptClientId`; check() reads the live client at preview and create()
 * takes it over instead of POSTing a new one (oauth-client-impl.ts).
 */
import { GuardError } from "../core/errors";
import { fieldChanged, fieldsFromClient, GENESYS_FIELDS } from "./client-fields";
import type { GenesysApi, GenesysClientRecord, GenesysRole } from "./ports";
import { resolveRoles } from "./roles";
import { isUnknown } from "./validation";
import type { AdoptionPlan, OAuthClientInputs, OAuthClientOutputs, RoleDivision, RoleGrant } from "./types";

/** How the program's settings differ from the live client's. */
export interface AdoptionDifferences {
  /** Inputs whose value differs from the live client (each is updated in place by one PUT). */
  fields: (keyof OAuthClientInputs)[];
  /** One line per difference, for the preview: `<field>: <live> → <program>`. */
  lines: string[];
  /** The program's roles resolved to role/division ids; undefined while they are not known (preview). */
  roleDivisions?: RoleDivision[];
  /** A PUT is needed: a setting differs, or the client is scheduled for deletion (a PUT clears the date). */
  needsUpdate: boolean;
}

/** True for the olds check() receives for a resource that is not in the stack yet. */
export function isNewResource(olds: Record<string, unknown>): boolean {
  return Object.keys(olds).every((key) => key === "__provider");
}

/**
 * The live client `id`, when it may be adopted. Refused with a GuardError that says what to do: a client
 * that does not exist (or was deleted), one that is inactive and scheduled for deletion (or past its
 * deletion date), and the admin client the provider itself signs in with (regenerating its secret would
 * cut off this very run).
 */
export async function clientToAdopt(genesys: GenesysApi, id: string, now: Date): Promise<GenesysClientRecord> {
  if (genesys.adminClientId !== undefined && id === genesys.adminClientId) {
    throw new GuardError(
      "input.invalid",
      `Client ${id} is the admin client this provider signs in with: adopting it would regenerate the provider's own secret; nothing was changed`,
      {
        hint: "Adopt the clients the admin client manages, not the admin client itself (keep it out of the program)",
      },
    );
  }
  const live = await genesys.getClient(id);
  if (!live) {
    throw new GuardError(
      "input.not-found",
      `There is no OAuth client ${id} in this Genesys Cloud organisation (it does not exist or was deleted), so it cannot be adopted; nothing was created`,
      {
        hint: 'Check the id (in Terraform state: the genesyscloud_oauth_client\'s "id") and that the admin credentials belong to the same org, or remove import to create a new client',
      },
    );
  }
  if (live.dateToDelete !== undefined) {
    const due = Date.parse(live.dateToDelete);
    if (live.state === "inactive" || (Number.isFinite(due) && due <= now.getTime())) {
      throw new GuardError(
        "input.invalid",
        `OAuth client ${id} ("${live.name}") is ${live.state ?? "inactive"} and scheduled for deletion on ${live.dateToDelete}, so it is not adopted; nothing was changed`,
        {
          hint: "If it should live on, set it active in Genesys Cloud (which clears the deletion date) and run the preview again; otherwise remove import to create a new client",
        },
      );
    }
  }
  return live;
}

/**
 * Compare the program's inputs with the live client, with the same rules diff uses between two states
 * (lists as sets, roles as resolved role/division pairs, scopes ignored for CLIENT-CREDENTIALS).
 * Calls listRoles/getHomeDivisionId only when there are roles.
 */
export async function adoptionDifferences(genesys: GenesysApi, inputs: OAuthClientInputs, live: GenesysClientRecord): Promise<AdoptionDifferences> {
  const rolesKnown = !isUnknown(inputs.roles) && !inputs.roles.some((grant) => isUnknown(grant) || isUnknown(grant.role) || isUnknown(grant.division));
  const roleDivisions = rolesKnown ? await resolveRoles(genesys, inputs.roles) : undefined;
  const desired: OAuthClientOutputs = {
    ...inputs,
    clientId: live.id,
    roleDivisions: roleDivisions ?? [],
    storeVersion: "",
    rotationId: "",
    secretCreatedAt: "",
    secretMarker: "",
  };
  const current: OAuthClientOutputs = { ...desired, ...fieldsFromClient(live, desired) };
  const fields = GENESYS_FIELDS.filter((field) => fieldChanged(field, current, inputs));
  const lines: string[] = [];
  for (const field of fields) {
    if (field === "roles")
      lines.push(`roles: ${await rolesText(genesys, live.roleDivisions ?? [])} → ${roleDivisions ? await rolesText(genesys, roleDivisions) : "(known at up)"}`);
    else lines.push(`${field}: ${show(current[field])} → ${isUnknown(inputs[field]) ? "(known at up)" : show(inputs[field])}`);
  }
  if (live.dateToDelete !== undefined) lines.push(`dateToDelete: ${live.dateToDelete} → none (the scheduled deletion is cancelled)`);
  const result: AdoptionDifferences = { fields, lines, needsUpdate: fields.length > 0 || live.dateToDelete !== undefined };
  if (roleDivisions) result.roleDivisions = roleDivisions;
  return result;
}

/** The preview's account of an adoption (shown among the resource's inputs by `pulumi preview --diff`). */
export function adoptionPlan(clientId: string, secretStore: string, differences: AdoptionDifferences): AdoptionPlan {
  return {
    clientId,
    updatesInPlace: differences.lines,
    // Short: the CLI cuts long strings in the diff (at about 150 characters).
    onFirstUp: `new secret into ${secretStore}, verified; the current one (in Terraform state) stops working`,
  };
}

/** The warning check() gives for an adoption: what up will do, in one sentence a pipeline log keeps. */
export function adoptionWarning(live: GenesysClientRecord, secretStore: string, differences: AdoptionDifferences): string {
  const settings =
    differences.fields.length > 0
      ? `updates ${differences.fields.join(", ")} in place (pulumi preview --diff lists the values), `
      : differences.needsUpdate
        ? "cancels its scheduled deletion, "
        : "keeps its settings (they match the program), ";
  return (
    `adopting the existing OAuth client ${live.id} ("${live.name}"): no new client is created. pulumi up ${settings}` +
    `then regenerates its secret straight into ${secretStore} and verifies it: the current secret must be treated as leaked (Terraform state held it) and stops working`
  );
}

/** A value as the preview shows it. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return JSON.stringify(value ?? null);
}

/** Role/division pairs by role name: `Developer (home division)`, `Admin (all divisions)`. */
async function rolesText(genesys: GenesysApi, pairs: RoleDivision[]): Promise<string> {
  if (pairs.length === 0) return "[]";
  const roles: GenesysRole[] = await genesys.listRoles();
  const home = await genesys.getHomeDivisionId();
  const text = pairs.map((pair) => {
    const role = roles.find((r) => r.id === pair.roleId)?.name ?? pair.roleId;
    const division = pair.divisionId === "*" ? "all divisions" : pair.divisionId === home ? "home division" : `division ${pair.divisionId}`;
    return `${role} (${division})`;
  });
  return `[${text.sort().join(", ")}]`;
}

/**
 * True for the state of a client `pulumi import` brought in (through the native provider,
 * `genesys-oauth-guard:index:OAuthClient`) that no `up` has adopted yet: the import's read knows the client but
 * not the store, so its state has no `secretStore` and no secret marker. The first `up` adopts it (an update:
 * settings in place, then the secret regenerated into the store). A created or adopted client always has both.
 * Works on old inputs (check) and old outputs (diff, update) alike.
 */
export function isImportedState(olds: Record<string, unknown>): boolean {
  if (isNewResource(olds)) return false;
  const store = olds.secretStore;
  const marker = olds.secretMarker;
  return (store === undefined || store === null || store === "") && (marker === undefined || marker === null || marker === "");
}

/**
 * The preview's account of adopting an imported client (see {@link isImportedState}): what the first `up`
 * updates in place (compared with the settings the import read, by the rules diff uses; every difference is in
 * place, even the grant type, since the secret is regenerated anyway), and the secret's fate. No API call:
 * check() has neither the id nor, at import, a program.
 */
export function importedAdoptionPlan(imported: Partial<OAuthClientInputs>, inputs: OAuthClientInputs): AdoptionPlan {
  const lines = GENESYS_FIELDS.filter((field) => fieldChanged(field, imported, inputs)).map((field) => {
    const program = isUnknown(inputs[field]) ? "(known at up)" : field === "roles" ? grantsText(inputs.roles) : show(inputs[field]);
    return `${field}: ${field === "roles" ? grantsText(imported.roles ?? []) : show(imported[field])} → ${program}`;
  });
  return {
    updatesInPlace: lines,
    onFirstUp: `new secret into ${inputs.secretStore}, verified; the current one (imported, so treated as leaked) stops working`,
  };
}

/** The warning check() gives for an imported client's first up (see {@link importedAdoptionPlan}): one sentence for the log. */
export function importedAdoptionWarning(imported: Partial<OAuthClientInputs>, inputs: OAuthClientInputs): string {
  const fields = GENESYS_FIELDS.filter((field) => fieldChanged(field, imported, inputs));
  const settings =
    fields.length > 0 ? `updates ${fields.join(", ")} in place (pulumi preview --diff lists the values), ` : "keeps its settings (they match the program), ";
  return (
    `adopting the imported OAuth client "${imported.name ?? inputs.name}": pulumi up ${settings}` +
    `then regenerates its secret straight into ${inputs.secretStore} and verifies it: the current secret must be treated as leaked and stops working`
  );
}

/** Role grants as the preview shows them: `Developer (home division)`, `Admin (all divisions)`. */
function grantsText(grants: readonly RoleGrant[]): string {
  const text = grants.map((grant) => {
    if (isUnknown(grant) || isUnknown(grant.role)) return "(known at up)";
    const division = grant.division === undefined ? "home division" : grant.division === "*" ? "all divisions" : `division ${grant.division}`;
    return `${grant.role} (${division})`;
  });
  return `[${text.sort().join(", ")}]`;
}

/**
 * The role grants a client's role/division pairs read as in a program: the role's name when exactly one role
 * has it (else its id), no division for the home division, `*` for all divisions. What `pulumi import` reads, so
 * that a program naming its roles (`roles: ["Developer"]`) matches the imported client.
 */
export async function roleGrantsOf(genesys: GenesysApi, pairs: readonly RoleDivision[]): Promise<RoleGrant[]> {
  if (pairs.length === 0) return [];
  const roles = await genesys.listRoles();
  const home = await genesys.getHomeDivisionId();
  return pairs.map((pair) => {
    const named = roles.filter((r) => r.id === pair.roleId);
    const name = named.length === 1 && roles.filter((r) => r.name === named[0].name).length === 1 ? named[0].name : pair.roleId;
    return pair.divisionId === home ? { role: name } : { role: name, division: pair.divisionId };
  });
}
