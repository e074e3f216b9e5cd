/**
 * What the inventory reports: every OAuth client of the org joined with the stacks that manage it, the age of
 * its secret, its usage and its privileges, and the verdicts drawn from those facts.
 */
import type { Severity } from "../detection/types";

/** A stack resource that manages a client (OAuthClient, or one client of a ClientPair). */
export interface ManagedBy {
  /** `project/stack`. */
  stack: string;
  urn: string;
  /** Store reference the resource delivers the secret to (no credentials: references never hold any). */
  storeReference?: string;
}

/** A role held by a client, resolved to names where the org's roles and divisions were readable. */
export interface HeldRole {
  roleId: string;
  roleName?: string;
  divisionId: string;
  divisionName?: string;
  /** The role's permissions (when the roles could be listed). */
  permissions?: string[];
}

/** One client of the org. */
export interface InventoryClient {
  id: string;
  name: string;
  grantType: string;
  state: string;
  dateCreated?: string;
  createdBy?: string;
  roles: HeldRole[];
  /** Stacks managing it; empty = unmanaged. */
  managedBy: ManagedBy[];
  /** When the current secret was issued (from the store record of a managed client), else undefined (unknown). */
  secretIssuedAt?: string;
  /** Requests in the usage window, or undefined when usage could not be read. */
  requests?: number;
  /** Latest day with requests in the window. */
  lastUsed?: string;
}

/** One verdict about one client (or one stack resource whose client is gone). */
export interface Verdict {
  rule: string;
  severity: Severity;
  clientId: string;
  clientName: string;
  message: string;
}

/** The whole inventory. */
export interface InventoryReport {
  generatedAt: string;
  /** Usage window in days (0 when usage was not read). */
  usageDays: number;
  clients: InventoryClient[];
  /** Resources in stacks whose client no longer exists in the org. */
  missing: (ManagedBy & { clientId: string })[];
  verdicts: Verdict[];
  /** One-line notes: facts left unknown on purpose or by circumstance (a store not readable here, a fallback taken). */
  notes: string[];
  /** What failed (an input that could not be read, usage the API refused): the report is partial, the exit code 1. */
  failures: string[];
}
