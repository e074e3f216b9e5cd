/**
 * /api/v2/oauth/clients — list, create (returns the secret), get, replace (PUT), delete, regenerate
 * (returns the new secret). The secret appears in no other response.
 */
import { randomUUID } from "crypto";
import { ApiError, notFound } from "../errors";
import type { Knobs } from "../knobs";
import type { HandlerResult, RequestContext, Router } from "../router";
import { hashSecret, newSecret, OrgState, StoredClient } from "../state";
import { validateClientRequest } from "../validation";

const BASE = "/api/v2/oauth/clients";

/** The authenticated caller of a bearer route (the server sets it before any handler runs). */
function callerOf(ctx: RequestContext): StoredClient {
  if (!ctx.caller) throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
  return ctx.caller;
}

/** The public shape of a client (never the secret or its hash). */
export function present(client: StoredClient): Record<string, unknown> {
  // createdBy/modifiedBy are user references (OAuthClient: DomainEntityRef / UriReference {id, selfUri}, "User
  // that created this client"). What the real API puts there for a client-credentials caller, which is no
  // user, is unconfirmed; strict choice: left out (both are optional in every SDK), so no caller can rely on
  // them. They appear only when a user's token made the change.
  const ref = (id?: string): Record<string, string> | undefined => (id ? { id, selfUri: `/api/v2/users/${id}` } : undefined);
  const out: Record<string, unknown> = {
    id: client.id,
    name: client.name,
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    registeredRedirectUri: client.registeredRedirectUri,
    roleIds: client.roleDivisions.map((rd) => rd.roleId),
    dateCreated: client.dateCreated,
    authorizedGrantType: client.authorizedGrantType,
    scope: client.scope,
    roleDivisions: client.roleDivisions,
    state: client.state,
    dateModified: client.dateModified,
    selfUri: `${BASE}/${client.id}`,
  };
  if (client.description !== undefined) out.description = client.description;
  if (client.dateToDelete !== undefined) out.dateToDelete = client.dateToDelete;
  if (client.createdBy) out.createdBy = ref(client.createdBy);
  if (client.modifiedBy) out.modifiedBy = ref(client.modifiedBy);
  return out;
}

function parseJson(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.rawBody);
  } catch {
    throw new ApiError(400, "bad.request", "The request could not be understood by the server due to malformed syntax.");
  }
}

/** Register the OAuth client routes. */
export function oauthClientRoutes(router: Router, state: OrgState, knobs: Knobs): void {
  const live = (id: string): StoredClient => {
    const c = state.liveClient(id);
    if (!c) throw notFound(`OAuth client ${id} not found`);
    return c;
  };
  const withSecret = (client: StoredClient, ctx: RequestContext): HandlerResult => {
    const secret = newSecret();
    client.secretHash = hashSecret(secret);
    client.secretActiveAt = ctx.now + knobs.secretActivationDelayMs;
    return { status: 200, body: { ...present(client), secret } };
  };

  router.add({
    method: "GET",
    template: BASE,
    auth: "bearer",
    permission: "oauth:client:view",
    handler: () => {
      // The real endpoint takes no query parameters and answers one page with every client. A deleted
      // client is gone (the SDKs' state enums have no "deleted"): only the control plane still lists it.
      const entities = [...state.clients.values()].filter((c) => state.liveClient(c.id)).map((c) => present(c));
      return {
        status: 200,
        body: {
          entities,
          pageSize: entities.length,
          pageNumber: 1,
          total: entities.length,
          pageCount: 1,
          firstUri: `${BASE}?pageNumber=1`,
          lastUri: `${BASE}?pageNumber=1`,
          selfUri: `${BASE}?pageNumber=1`,
        },
      };
    },
  });

  router.add({
    method: "POST",
    template: BASE,
    auth: "bearer",
    permission: "oauth:client:add",
    handler: (ctx) => {
      const req = validateClientRequest(parseJson(ctx), state, callerOf(ctx));
      const now = new Date(ctx.now).toISOString();
      const client: StoredClient = { id: randomUUID(), ...req, dateCreated: now, dateModified: now, secretHash: "", secretActiveAt: 0 };
      state.clients.set(client.id, client);
      return withSecret(client, ctx);
    },
  });

  router.add({
    method: "GET",
    template: `${BASE}/{id}`,
    templateUri: `${BASE}/{clientId}`,
    auth: "bearer",
    permission: "oauth:client:view",
    handler: (ctx) => ({ status: 200, body: present(live(ctx.params.id)) }),
  });

  router.add({
    method: "PUT",
    template: `${BASE}/{id}`,
    templateUri: `${BASE}/{clientId}`,
    auth: "bearer",
    permission: "oauth:client:edit",
    handler: (ctx) => {
      const client = live(ctx.params.id);
      if (client.seeded) throw new ApiError(400, "bad.request", "This client is managed by the emulator and cannot be changed");
      const req = validateClientRequest(parseJson(ctx), state, callerOf(ctx));
      // A replace: fields left out go back to their defaults.
      delete client.description;
      delete client.dateToDelete;
      Object.assign(client, req, { dateModified: new Date(ctx.now).toISOString() });
      if (client.state !== "active") state.revokeTokens(client.id);
      return { status: 200, body: present(client) };
    },
  });

  router.add({
    method: "DELETE",
    template: `${BASE}/{id}`,
    templateUri: `${BASE}/{clientId}`,
    auth: "bearer",
    permission: "oauth:client:delete",
    handler: (ctx) => {
      const client = live(ctx.params.id);
      if (client.state === "active") {
        // Unconfirmed: the official Terraform provider sets the client inactive before deleting it;
        // strict choice: refuse deleting an active client.
        throw new ApiError(400, "bad.request", "An active OAuth client cannot be deleted; set its state to inactive first");
      }
      client.state = "deleted";
      client.dateModified = new Date(ctx.now).toISOString();
      state.revokeTokens(client.id);
      return { status: 204 };
    },
  });

  router.add({
    method: "POST",
    template: `${BASE}/{id}/secret`,
    templateUri: `${BASE}/{clientId}/secret`,
    auth: "bearer",
    permission: "oauth:client:edit",
    handler: (ctx) => {
      const client = live(ctx.params.id);
      if (client.seeded) throw new ApiError(400, "bad.request", "This client is managed by the emulator and cannot be changed");
      // The old secret dies at once; tokens issued with it are revoked too (strict; unconfirmed).
      state.revokeTokens(client.id);
      client.dateModified = new Date(ctx.now).toISOString();
      return withSecret(client, ctx);
    },
  });
}
