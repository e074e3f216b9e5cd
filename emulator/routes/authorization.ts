/** GET /api/v2/authorization/roles (paged, `name` filter). Divisions: routes/divisions.ts. */
import { invalidValue } from "../errors";
import type { Router } from "../router";
import type { OrgState } from "../state";

/** Register the roles route. */
export function authorizationRoutes(router: Router, state: OrgState): void {
  router.add({
    method: "GET",
    template: "/api/v2/authorization/roles",
    auth: "bearer",
    permission: "authorization:role:view",
    handler: (ctx) => {
      const pageSize = Number(ctx.query.get("pageSize") ?? 25);
      const pageNumber = Number(ctx.query.get("pageNumber") ?? 1);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw invalidValue("pageSize must be from 1 to 500");
      if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalidValue("pageNumber must be 1 or more");
      const names = ctx.query.getAll("name");
      const matching = state.roles.filter((r) => names.length === 0 || names.includes(r.name));
      const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
      const entities = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((r) => ({
        id: r.id,
        name: r.name,
        description: r.description,
        defaultRoleId: r.name.toLowerCase().replace(/\s+/g, "_"),
        permissions: r.permissions,
        selfUri: `/api/v2/authorization/roles/${r.id}`,
      }));
      const uri = (n: number): string => `/api/v2/authorization/roles?pageSize=${pageSize}&pageNumber=${n}`;
      const body: Record<string, unknown> = {
        entities,
        pageSize,
        pageNumber,
        total: matching.length,
        pageCount,
        firstUri: uri(1),
        lastUri: uri(pageCount),
        selfUri: uri(pageNumber),
      };
      if (pageNumber < pageCount) body.nextUri = uri(pageNumber + 1);
      if (pageNumber > 1) body.previousUri = uri(pageNumber - 1);
      return { status: 200, body };
    },
  });
}
