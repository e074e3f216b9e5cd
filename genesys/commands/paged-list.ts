/**
 * Listings paged by `pageSize` / `pageNumber` (roles, divisions): one page command per request, pages read
 * until `pageCount` (or a short page) says there are no more.
 */
import { ApiResponse, CommandContext, SingleRequestCommand, unexpectedShape } from "./command";

/** One page of a listing. */
export interface EntityPage<T> {
  entities: T[];
  pageNumber?: number;
  pageCount?: number;
}

const MAX_PAGES = 1000;

/** GET of one page of `path`. */
class ListPage<T> extends SingleRequestCommand<EntityPage<T>> {
  readonly method = "GET" as const;
  readonly idempotent = true;
  constructor(
    readonly operation: string,
    readonly path: string,
    override readonly permission: string | undefined,
    override readonly query: Record<string, string | number | undefined>,
  ) {
    super();
  }
  parse(response: ApiResponse): EntityPage<T> {
    const data = response.data as Partial<EntityPage<T>> | null;
    if (!data || typeof data !== "object" || !Array.isArray(data.entities)) throw unexpectedShape(this.operation, "expected entities[]");
    return data as EntityPage<T>;
  }
}

/** What to list. */
export interface PagedListing {
  operation: string;
  path: string;
  permission?: string;
  pageSize: number;
  /** More query parameters (filters). */
  query?: Record<string, string | number | undefined>;
}

/** Every entity of every page. */
export async function listAllPages<T>(context: CommandContext, listing: PagedListing): Promise<T[]> {
  const all: T[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await context.request(
      new ListPage<T>(listing.operation, listing.path, listing.permission, { ...listing.query, pageSize: listing.pageSize, pageNumber }),
    );
    all.push(...page.entities);
    if (page.entities.length === 0) break;
    if (typeof page.pageCount === "number" ? pageNumber >= page.pageCount : page.entities.length < listing.pageSize) break;
  }
  return all;
}
