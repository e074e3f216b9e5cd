/**
 * The emulator's organisation: OAuth clients, roles, divisions and issued tokens, in memory.
 *
 * Secrets are kept only as SHA-256 hashes: the emulator returns a secret once (create/regenerate), as the
 * real service does, and afterwards can only check one. So nothing in the emulator's memory dumps,
 * logs or control endpoints can reveal a client secret.
 */
import { createHash, randomBytes, randomUUID } from "crypto";
import type { ReportedClientState } from "../domain/client-states";
import type { GrantType } from "../domain/grant-types";
import { Division, seedDivisions } from "./divisions";
import { TokenStore } from "./tokens";
import type { RoleDivision } from "../domain/roles";

/** Grant types the service accepts, in the spelling it reads back (domain/grant-types.ts). */
export { GRANT_TYPES } from "../domain/grant-types";
export type { GrantType } from "../domain/grant-types";
/**
 * A client's state as the service stores it (domain/client-states.ts). `deleted` is internal only: the API never
 * shows it (a deleted client is gone: 404, not listed, as the official Python/Java SDKs' state enums have no such
 * value); the test control plane still lists it.
 */
export type ClientState = ReportedClientState;

/** A role with the permissions it grants. */
export interface Role {
  id: string;
  name: string;
  description: string;
  permissions: string[];
}

/** A role granted in a division (`*`: all divisions); the one definition is domain/roles.ts. */
export type { RoleDivision } from "../domain/roles";

/** The settings of an OAuth client, as a create/replace request sets them (validated). */
export interface ClientSettings {
  name: string;
  description?: string;
  authorizedGrantType: GrantType;
  accessTokenValiditySeconds: number;
  registeredRedirectUri: string[];
  scope: string[];
  roleDivisions: RoleDivision[];
}

/** An OAuth client as stored (no secret: only its hash). */
export interface StoredClient extends ClientSettings {
  id: string;
  state: ClientState;
  dateCreated: string;
  dateModified: string;
  /** ISO-8601 date-time (OAuthClientRequest.dateToDelete), as given; left out on a replace = gone. */
  dateToDelete?: string;
  /**
   * User ids for OAuthClient.createdBy/modifiedBy ("User that created this client"). Set only by a user's
   * token: every emulator caller is a client-credentials client, which is no user, so they stay unset.
   */
  createdBy?: string;
  modifiedBy?: string;
  secretHash: string;
  /** A new secret is refused by the token endpoint before this time (knob: activation delay). */
  secretActiveAt: number;
  /** Seeded clients (the admin) cannot be changed through the API. */
  seeded?: boolean;
}

/** A client to seed at start (the admin, or a client without OAuth permissions for 403 tests). */
export interface SeedClient {
  id: string;
  secret: string;
  name?: string;
  /** Role names; default: every seeded role (the admin). */
  roles?: string[];
  /** When it was created (ISO 8601; default: when the emulator started), e.g. an old client for inventory tests. */
  dateCreated?: string;
}

const ALL_OAUTH = ["oauth:client:view", "oauth:client:add", "oauth:client:edit", "oauth:client:delete"];

/** Seeded roles: the admin holds all of them. */
export const SEEDED_ROLES: Omit<Role, "id">[] = [
  {
    name: "Admin",
    description: "Manage OAuth clients and roles",
    permissions: [...ALL_OAUTH, "authorization:role:view", "authorization:division:view", "usage:organization:view"],
  },
  { name: "Developer", description: "API access for integrations", permissions: ["routing:queue:view", "analytics:conversationDetail:view"] },
  { name: "Employee", description: "Default role of every user", permissions: ["directory:user:view"] },
  { name: "Telephony Admin", description: "Edges, trunks and sites", permissions: ["telephony:plugin:all"] },
  { name: "Read Only", description: "View OAuth clients only", permissions: ["oauth:client:view", "authorization:role:view"] },
];

/** SHA-256 of a secret (how the emulator remembers it). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A new secret: 20–22 random characters, as Genesys issues them since 2026-04-27. */
export function newSecret(): string {
  const bytes = randomBytes(23);
  const length = 20 + (bytes[0] % 3);
  let out = "";
  for (let i = 1; i <= length; i++) out += SECRET_ALPHABET[bytes[i] % SECRET_ALPHABET.length];
  return out;
}

/** The emulated organisation. */
export class OrgState {
  readonly clients = new Map<string, StoredClient>();
  readonly roles: Role[];
  readonly tokens = new TokenStore();
  /** Seeded divisions; the first is the home division. Fixed for the emulator's life (reset keeps them). */
  readonly divisions: Division[] = seedDivisions();
  readonly homeDivision: Division = this.divisions[0];
  /** The organisation's id (the usage API's organizationId). */
  readonly organizationId = randomUUID();

  constructor(readonly seeds: SeedClient[]) {
    this.roles = SEEDED_ROLES.map((r) => ({ ...r, id: randomUUID() }));
    this.seed();
  }

  /** Forget everything but the seeded clients and roles. */
  reset(): void {
    this.clients.clear();
    this.tokens.clear();
    this.seed();
  }

  private seed(): void {
    const now = new Date().toISOString();
    for (const s of this.seeds) {
      const roleNames = s.roles ?? this.roles.map((r) => r.name);
      this.clients.set(s.id, {
        id: s.id,
        name: s.name ?? `Seeded client ${s.id}`,
        authorizedGrantType: "CLIENT-CREDENTIALS",
        accessTokenValiditySeconds: 86400,
        registeredRedirectUri: [],
        scope: [],
        roleDivisions: roleNames.map((name) => ({ roleId: this.roleByName(name).id, divisionId: "*" })),
        state: "active",
        dateCreated: s.dateCreated ?? now,
        dateModified: s.dateCreated ?? now,
        secretHash: hashSecret(s.secret),
        secretActiveAt: 0,
        seeded: true,
      });
    }
  }

  roleByName(name: string): Role {
    const role = this.roles.find((r) => r.name === name);
    if (!role) throw new Error(`no seeded role named ${name}`);
    return role;
  }

  /** Permissions of a client, from its roles. */
  permissionsOf(client: StoredClient): Set<string> {
    const out = new Set<string>();
    for (const rd of client.roleDivisions) for (const p of this.roles.find((r) => r.id === rd.roleId)?.permissions ?? []) out.add(p);
    return out;
  }

  /** A live (not deleted) client by id. */
  liveClient(id: string): StoredClient | undefined {
    const c = this.clients.get(id);
    return c && c.state !== "deleted" ? c : undefined;
  }

  /** Issue a token for a client. */
  issueToken(client: StoredClient, now: number): { token: string; expiresIn: number } {
    return this.tokens.issue(client.id, client.accessTokenValiditySeconds, now);
  }

  /** Drop every token of a client (its secret changed, it was disabled or deleted). */
  revokeTokens(clientId: string): void {
    this.tokens.revokeClient(clientId);
  }
}
