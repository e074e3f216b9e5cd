/** ListDivisions: `GET /api/v2/authorization/divisions?pageSize&pageNumber` → every division of the org. */
import type { Division } from "../models";
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, unexpectedShape } from "./command";

interface DivisionPage {
  entities: Division[];
  pageCount?: number;
}

const PATH = "/api/v2/authorization/divisions";
const PAGE_SIZE = 100;
const MAX_PAGES = 1000;

class ListDivisionsPage extends SingleRequestCommand<DivisionPage> {
  readonly operation = "ListDivisions";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  override readonly permission = "authorization:division:view";
  constructor(override readonly query: Record<string, string | number | undefined>) {
    super();
  }
  parse(response: ApiResponse): DivisionPage {
    const data = response.data as Partial<DivisionPage> | null;
    if (!data || typeof data !== "object" || !Array.isArray(data.entities)) throw unexpectedShape(this.operation, "expected entities[]");
    return data as DivisionPage;
  }
}

/** Every division of the org (all pages). */
export class ListDivisionsCommand implements GenesysCommand<Division[]> {
  readonly operation = "ListDivisions";
  readonly method = "GET" as const;
  readonly path = PATH;
  readonly idempotent = true;
  readonly permission = "authorization:division:view";

  async execute(context: CommandContext): Promise<Division[]> {
    const divisions: Division[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const page = await context.request(new ListDivisionsPage({ pageSize: PAGE_SIZE, pageNumber }));
      divisions.push(...page.entities);
      if (page.entities.length === 0) break;
      if (typeof page.pageCount === "number" ? pageNumber >= page.pageCount : page.entities.length < PAGE_SIZE) break;
    }
    return divisions;
  }
}
