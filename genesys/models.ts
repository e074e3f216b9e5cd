/**
 * Genesys Cloud API models used by the client (subset of the Platform API v2 schemas).
 */

import type { ClientState } from "../domain/client-states";
import type { GrantType } from "../domain/grant-types";
import type { RoleDivision } from "../domain/roles";

/** Grant types of an OAuth client (`SAML2BEARER` is accepted by the service and read back as `SAML2-BEARER`): see domain/grant-types.ts. */
export { GRANT_TYPES } from "../domain/grant-types";
export type { GrantType } from "../domain/grant-types";

/** States a caller may set (domain/client-states.ts). `deleted` may also be read back while a delete completes. */
export type OAuthClientState = ClientState;

/** A role granted in a division (`*`: all divisions); the one definition is domain/roles.ts. */
export type { RoleDivision } from "../domain/roles";

/** `{id, selfUri}` reference to another entity. */
export interface EntityRef {
  id: string;
  selfUri?: string;
}

/** Body of create (POST) and update (PUT, a full replace). */
export interface OAuthClientRequest {
  name: string;
  authorizedGrantType: GrantType;
  accessTokenValiditySeconds?: number;
  description?: string;
  registeredRedirectUri?: string[];
  /** Deprecated by Genesys; use roleDivisions. */
  roleIds?: string[];
  scope?: string[];
  roleDivisions?: RoleDivision[];
  state?: OAuthClientState;
  dateToDelete?: string;
}

/** An OAuth client as GET/PUT return it (never with a secret). */
export interface OAuthClient extends Omit<OAuthClientRequest, "state" | "authorizedGrantType"> {
  id: string;
  /** One of {@link GrantType}; typed as text because Genesys may add grant types this package does not know. */
  authorizedGrantType: string;
  /** `active`, `disabled`, `inactive`, or `deleted` while a delete completes. */
  state?: string;
  dateCreated?: string;
  dateModified?: string;
  createdBy?: EntityRef;
  modifiedBy?: EntityRef;
  selfUri?: string;
}

/** An OAuth client with its secret: only create and regenerate return one. */
export interface OAuthClientWithSecret extends OAuthClient {
  secret: string;
}

/** Listing of OAuth clients (one page with every client in practice). */
export interface OAuthClientEntityListing {
  entities: OAuthClient[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  pageCount?: number;
  firstUri?: string;
  lastUri?: string;
  selfUri?: string;
  nextUri?: string;
  previousUri?: string;
}

/** A role (`authorization/roles`). */
export interface Role {
  id: string;
  name: string;
  description?: string;
  permissions?: string[];
  [key: string]: unknown;
}

/** A division (`authorization/divisions`). */
export interface Division {
  id: string;
  name: string;
  homeDivision?: boolean;
}

/** Genesys error body. */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: unknown[];
  errors?: unknown[];
}

/** The fields of an {@link OAuthClient} that form its full {@link OAuthClientRequest} (for a PUT). */
export function toClientRequest(client: OAuthClient, overrides: Partial<OAuthClientRequest> = {}): OAuthClientRequest {
  const request: OAuthClientRequest = {
    name: client.name,
    authorizedGrantType: client.authorizedGrantType as GrantType,
  };
  if (client.accessTokenValiditySeconds !== undefined) request.accessTokenValiditySeconds = client.accessTokenValiditySeconds;
  if (client.description !== undefined) request.description = client.description;
  if (client.registeredRedirectUri !== undefined) request.registeredRedirectUri = client.registeredRedirectUri;
  if (client.scope !== undefined) request.scope = client.scope;
  if (client.roleDivisions !== undefined) request.roleDivisions = client.roleDivisions;
  else if (client.roleIds !== undefined) request.roleIds = client.roleIds;
  if (client.state === "active" || client.state === "disabled" || client.state === "inactive") request.state = client.state;
  if (client.dateToDelete !== undefined) request.dateToDelete = client.dateToDelete;
  return { ...request, ...overrides };
}
