/** ListRoles: `GET /api/v2/authorization/roles?pageSize&pageNumber&name` → every page's roles. */
import type { Role } from "../models";
import type { CommandContext, GenesysCommand } from "./command";
import { listAllPages } from "./paged-list";

/** Options of {@link ListRolesCommand}. */
export interface ListRolesOptions {
  /** Filter by role name (Genesys matches it as given). */
  name?: string;
  /** Page size, 1–500 (default 100). */
  pageSize?: number;
}

const PATH = "/api/v2/authorization/roles";

/** List every role of the org (all pages), optionally filtered by name. */
export class ListRolesCommand implements GenesysCommand<Role[]> {
  readonly operation = "ListRoles";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  readonly permission = "authorization:role:view";

  constructor(private readonly options: ListRolesOptions = {}) {}

  execute(context: CommandContext): Promise<Role[]> {
    const pageSize = Math.min(500, Math.max(1, Math.floor(this.options.pageSize ?? 100)));
    return listAllPages<Role>(context, { operation: this.operation, path: PATH, permission: this.permission, pageSize, query: { name: this.options.name } });
  }
}
