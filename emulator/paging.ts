/**
 * Page-number paging as the real entity listings answer it (`*EntityListing`: entities, pageSize,
 * pageNumber, total, pageCount, firstUri, lastUri, selfUri, nextUri?, previousUri?). The URIs repeat the
 * request's filters so a caller can follow them.
 */
import { invalidValue } from "./errors";

/** The paging parameters of a request, validated. */
export interface PageRequest {
  pageSize: number;
  pageNumber: number;
}

/** An entity listing body. */
export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  lastUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
}

/** Largest pageSize accepted (unconfirmed for divisions; the same bound as the roles listing). */
export const MAX_PAGE_SIZE = 500;

/** Read pageSize (default 25, 1–500) and pageNumber (default 1, ≥ 1); 400 invalid.value otherwise. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const pageSize = Number(query.get("pageSize") ?? 25);
  const pageNumber = Number(query.get("pageNumber") ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidValue(`pageSize must be from 1 to ${MAX_PAGE_SIZE}`);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalidValue("pageNumber must be 1 or more");
  return { pageSize, pageNumber };
}

/**
 * One page of `items`. `filters` are appended to every URI (repeated names allowed). A page past the last
 * answers no entities and no nextUri. pageCount is ceil(total / pageSize): 0 for an empty listing, whose
 * lastUri still names page 1.
 */
export function pageOf<T>(items: readonly T[], page: PageRequest, path: string, filters: [string, string][] = []): EntityListing<T> {
  const { pageSize, pageNumber } = page;
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n: number): string => {
    const q = new URLSearchParams([["pageSize", String(pageSize)], ["pageNumber", String(n)], ...filters]);
    return `${path}?${q.toString()}`;
  };
  const listing: EntityListing<T> = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    lastUri: uri(Math.max(1, pageCount)),
    selfUri: uri(pageNumber),
  };
  if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) listing.previousUri = uri(Math.min(pageNumber - 1, Math.max(1, pageCount)));
  return listing;
}
