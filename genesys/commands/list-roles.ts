/** ListRoles: `GET /api/v2/authorization/roles?pageSize&pageNumber&name` → every page's roles. */
import type { Role } from "../models";
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, unexpectedShape } from "./command";

/** Options of {@link ListRolesCommand}. */
export interface ListRolesOptions {
  /** Filter by role name (Genesys matches it as given). */
  name?: string;
  /** Page size, 1–500 (default 100). */
  pageSize?: number;
}

interface RolePage {
  entities: Role[];
  pageNumber?: number;
  pageCount?: number;
}

const PATH = "/api/v2/authorization/roles";
const MAX_PAGES = 1000;

class ListRolesPage extends SingleRequestCommand<RolePage> {
  readonly operation = "ListRoles";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  override readonly permission = "authorization:role:view";
  constructor(override readonly query: Record<string, string | number | undefined>) {
    super();
  }
  parse(response: ApiResponse): RolePage {
    const data = response.data as Partial<RolePage> | null;
    if (!data || typeof data !== "object" || !Array.isArray(data.entities)) throw unexpectedShape(this.operation, "expected entities[]");
    return data as RolePage;
  }
}

/** List every role of the org (all pages), optionally filtered by name. */
export class ListRolesCommand implements GenesysCommand<Role[]> {
  readonly operation = "ListRoles";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  readonly permission = "authorization:role:view";

  constructor(private readonly options: ListRolesOptions = {}) {}

  async execute(context: CommandContext): Promise<Role[]> {
    const pageSize = Math.min(500, Math.max(1, Math.floor(this.options.pageSize ?? 100)));
    const roles: Role[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const page = await context.request(new ListRolesPage({ pageSize, pageNumber, name: this.options.name }));
      roles.push(...page.entities);
      const pageCount = typeof page.pageCount === "number" ? page.pageCount : undefined;
      if (page.entities.length === 0) break;
      if (pageCount !== undefined ? pageNumber >= pageCount : page.entities.length < pageSize) break;
    }
    return roles;
  }
}
