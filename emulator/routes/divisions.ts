/**
 * Divisions, as AuthorizationApi.getAuthorizationDivisions / getAuthorizationDivisionsHome /
 * getAuthorizationDivision call them:
 *
 *   GET /api/v2/authorization/divisions               AuthzDivisionEntityListing; pageSize, pageNumber,
 *                                                      name (search term), id (repeatable or a,b), objectCount
 *   GET /api/v2/authorization/divisions/home          AuthzDivision (never objectCounts)
 *   GET /api/v2/authorization/divisions/{divisionId}  AuthzDivision; objectCount
 *
 * The official SDK docs list all three as "Requires NO permissions": any valid token may call them.
 */
import { notFound } from "../errors";
import { Division, presentDivision } from "../divisions";
import { pageOf, pageRequest } from "../paging";
import type { RequestContext, Router } from "../router";
import type { OrgState } from "../state";

const BASE = "/api/v2/authorization/divisions";

/** objectCount=true: the counts by object type. The emulator keeps no division-scoped objects, so none. */
const objectCounts = (ctx: RequestContext): Record<string, number> | undefined => (ctx.query.get("objectCount") === "true" ? {} : undefined);

/**
 * The `name` filter is documented as a "search term": the emulator matches it as a case-insensitive
 * substring (unconfirmed; strict for callers, who must compare names exactly themselves, as the
 * official Terraform provider does). `id` filters are exact; unknown ids are left out.
 */
export function filterDivisions(divisions: readonly Division[], query: URLSearchParams): Division[] {
  const ids = idFilter(query);
  const name = (query.get("name") ?? "").toLowerCase();
  return divisions
    .filter((d) => ids.length === 0 || ids.includes(d.id))
    .filter((d) => name === "" || d.name.toLowerCase().includes(name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The `id` filter: repeated (`id=a&id=b`, how the Python and Java SDKs send a "multi" collection) and/or
 * comma-separated (`id=a,b`, how the JavaScript SDK serialises every array): both are accepted.
 */
export function idFilter(query: URLSearchParams): string[] {
  return query
    .getAll("id")
    .flatMap((v) => v.split(","))
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

/** Register the division routes (`/home` before `/{divisionId}`: the router takes the first match). */
export function divisionRoutes(router: Router, state: OrgState): void {
  router.add({
    method: "GET",
    template: BASE,
    auth: "bearer",
    handler: (ctx) => {
      const page = pageRequest(ctx.query);
      const counts = objectCounts(ctx);
      const filters: [string, string][] = [];
      const name = ctx.query.get("name");
      if (name) filters.push(["name", name]);
      for (const id of idFilter(ctx.query)) filters.push(["id", id]);
      if (counts) filters.push(["objectCount", "true"]);
      const listing = pageOf(filterDivisions(state.divisions, ctx.query), page, BASE, filters);
      return { status: 200, body: { ...listing, entities: listing.entities.map((d) => presentDivision(d, counts)) } };
    },
  });

  router.add({
    method: "GET",
    template: `${BASE}/home`,
    auth: "bearer",
    handler: () => ({ status: 200, body: presentDivision(state.homeDivision) }),
  });

  router.add({
    method: "GET",
    template: `${BASE}/{divisionId}`,
    auth: "bearer",
    handler: (ctx) => {
      const division = state.divisions.find((d) => d.id === ctx.params.divisionId);
      if (!division) throw notFound(`Division ${ctx.params.divisionId} not found`);
      return { status: 200, body: presentDivision(division, objectCounts(ctx)) };
    },
  });
}
