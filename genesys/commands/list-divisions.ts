/** ListDivisions: `GET /api/v2/authorization/divisions?pageSize&pageNumber` → every division of the org. */
import type { Division } from "../models";
import type { CommandContext, GenesysCommand } from "./command";
import { listAllPages } from "./paged-list";

const PATH = "/api/v2/authorization/divisions";

/** Every division of the org (all pages). */
export class ListDivisionsCommand implements GenesysCommand<Division[]> {
  readonly operation = "ListDivisions";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  readonly permission = "authorization:division:view";

  execute(context: CommandContext): Promise<Division[]> {
    return listAllPages<Division>(context, { operation: this.operation, path: PATH, permission: this.permission, pageSize: 100 });
  }
}
