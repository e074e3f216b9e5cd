/**
 * The plain data the dynamic providers exchange with the Pulumi engine: resolved inputs (what `check`
 * returns and `create`/`update` receive) and outputs (what is written to state).
 *
 * Nothing here may ever hold a client secret, with one opt-in exception: `clientSecret` when the user sets
 * `exposeSecretAsOutput` (the resource classes then list it in `additionalSecretOutputs`, so state holds it
 * encrypted).
 */

import type { ClientState } from "../domain/client-states";
import type { GrantType } from "../domain/grant-types";
import type { RoleDivision } from "../domain/roles";

/** Grant types Genesys Cloud accepts, in the spelling it reads back (the one definition: domain/grant-types.ts). */
export { GRANT_TYPES } from "../domain/grant-types";
export type { GrantType } from "../domain/grant-types";

/** Client states a program may ask for (`deleted` is Genesys' own, never an input): domain/client-states.ts. */
export { CLIENT_STATES } from "../domain/client-states";
export type { ClientState } from "../domain/client-states";

/**
 * A role granted to a CLIENT-CREDENTIALS client.
 * `role` is a role id or a role name (ids are matched first); `division` is a division id or `*` (all
 * divisions); when omitted the organisation's home division is used, as the Genesys admin UI does.
 */
export interface RoleGrant {
  role: string;
  division?: string;
}

/** A role granted in a division (`*`: all divisions); the one definition is domain/roles.ts. */
export type { RoleDivision } from "../domain/roles";

/** OAuthClient inputs after `check`: every optional field has its default. */
export interface OAuthClientInputs {
  name: string;
  description: string;
  authorizedGrantType: GrantType;
  roles: RoleGrant[];
  scopes: string[];
  redirectUris: string[];
  accessTokenValiditySeconds: number;
  state: ClientState;
  secretStore: string;
  deleteSecretOnDestroy: boolean;
  exposeSecretAsOutput: boolean;
  /** The rotation period of the client's child SecretRotation (metadata for policies; no effect in Genesys). */
  rotation?: { every: string };
  /**
   * Stable per resource (hash of project, stack and resource name; set by the OAuthClient class): the
   * creation marker a create puts on the client until its secret is stored. A create that finds a client
   * still carrying it adopts that client — left by an attempt that was killed — instead of making another.
   */
  adoptionKey?: string;
  /**
   * The id of an existing Genesys client this resource takes over instead of creating one (from the
   * `import` resource option or the `adoptClientId` argument). check() keeps it only while the resource is
   * not in the stack yet, so a later replacement creates a new client and diff never sees it.
   */
  adoptClientId?: string;
  /** What adopting will do, computed by check() at preview so the preview shows it (never a secret). */
  adoption?: AdoptionPlan;
}

/**
 * The inputs `pulumi import` reads for an existing client (native provider): its Genesys settings as a program
 * declares them. No store: the program names it, and the first `up` regenerates the secret into it.
 */
export type ImportedClientInputs = Pick<
  OAuthClientInputs,
  "name" | "description" | "authorizedGrantType" | "roles" | "scopes" | "redirectUris" | "accessTokenValiditySeconds" | "state"
>;

/** The state of an imported client no `up` has adopted yet: settings and ids, nothing about a secret. */
export interface ImportedClientOutputs extends ImportedClientInputs {
  clientId: string;
  roleDivisions: RoleDivision[];
  dateCreated?: string;
  dateModified?: string;
}

/** The preview's account of an adoption: which settings the first `up` updates in place, and the secret's fate. */
export interface AdoptionPlan {
  /**
   * The existing client that is taken over (no new client is created). Absent for a client `pulumi import`
   * brought in: its id is the resource's id, and check() (which computes the plan) is not given it.
   */
  clientId?: string;
  /** One line per setting that differs: `<field>: <live value> → <program's value>`; empty when none differs. */
  updatesInPlace: string[];
  /**
   * What the first `up` does with the secret: regenerate it into the store and verify it; the current one stops
   * working. (Not named `secret`: the policy pack rightly treats a property of that name as holding one.)
   */
  onFirstUp: string;
}

/** What an OAuthClient writes to state. */
export interface OAuthClientOutputs extends OAuthClientInputs {
  /** The Genesys client id (also the resource id). */
  clientId: string;
  /** The role/division ids applied in Genesys (roles resolved from names). */
  roleDivisions: RoleDivision[];
  dateCreated?: string;
  dateModified?: string;
  /** Version of the record the store holds for this client's secret. */
  storeVersion: string;
  /** Rotation id of the secret written at creation (or by the last store move). */
  rotationId: string;
  /** When the secret was generated. */
  secretCreatedAt: string;
  /** Non-reversible marker of the secret: lets audits tell secrets apart without holding one. */
  secretMarker: string;
  /** Only with `exposeSecretAsOutput`; always listed in additionalSecretOutputs. */
  clientSecret?: string;
}

/** SecretRotation inputs after `check`. */
export interface SecretRotationInputs {
  clientId: string;
  secretStore: string;
  /** Any JSON value; a change rotates. */
  trigger: unknown;
  /**
   * The rotation period (`"30d"`, `"12h"`, `"90m"`, `"4w"`): the secret is regenerated on the first
   * `pulumi up` at least one period after it was issued (`rotatedAt`). `null`: no age-based rotation.
   * Absent in states written before periods existed.
   */
  every?: string | null;
  /**
   * Set by OAuthClient for its child: create adopts the secret the client just stored (this client's record,
   * no rotation in progress) instead of regenerating it. With `every`, any create adopts a record issued
   * less than one period ago.
   */
  adoptOnCreate?: boolean;
  exposeSecretAsOutput: boolean;
  /** How long to keep trying a token grant with the new secret (propagation delay). */
  verifyTimeoutSeconds: number;
}

/** What a SecretRotation writes to state. */
export interface SecretRotationOutputs extends SecretRotationInputs {
  rotationId: string;
  rotatedAt: string;
  storeVersion: string;
  secretMarker: string;
  /** True when a token grant with the new secret succeeded. */
  verified: boolean;
  /** Only with `exposeSecretAsOutput`; always listed in additionalSecretOutputs. */
  clientSecret?: string;
}

/**
 * ClientPair inputs after `check`: the settings both clients share (as for an OAuthClient, without the
 * secret output) plus the rotation's trigger and verification timeout.
 */
export interface ClientPairInputs extends Omit<OAuthClientInputs, "exposeSecretAsOutput" | "rotation"> {
  /** Any JSON value; a change rotates the standby client and makes it current. */
  trigger: unknown;
  /** How long to keep trying a token grant with the standby's new secret before giving up (consumers unaffected). */
  verifyTimeoutSeconds: number;
}

/** What a ClientPair writes to state (never a secret). */
export interface ClientPairOutputs extends ClientPairInputs {
  /** The two Genesys client ids, in a fixed order (`<name>-a`, `<name>-b`). */
  clientIds: string[];
  /** The client the store's top-level clientId/clientSecret belong to: the one consumers use. */
  currentClientId: string;
  /** The other client: the next rotation regenerates it. */
  standbyClientId: string;
  /** Per-client state of the two members (OAuthClient outputs; their store fields are internal). */
  members: OAuthClientOutputs[];
  /** Id of the write that made the current pair current (creation or last rotation). */
  rotationId: string;
  /** When the current secret was generated (ISO 8601). */
  rotatedAt: string;
  /** The store's version of the record written last. */
  storeVersion: string;
  /** `sha256:<16 hex>` of the current secret. */
  secretMarker: string;
}
