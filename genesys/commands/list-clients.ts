/** ListClients: `GET /api/v2/oauth/clients` → every OAuthClient (follows nextUri if present). */
import type { OAuthClient, OAuthClientEntityListing } from "../models";
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, unexpectedShape } from "./command";

const BASE = "/api/v2/oauth/clients";
const MAX_PAGES = 1000;

class ListClientsPage extends SingleRequestCommand<OAuthClientEntityListing> {
  readonly operation = "ListClients";
  readonly method = "GET" as const;
  readonly idempotent = true;
  override readonly permission = "oauth:client:view";
  constructor(readonly path: string) {
    super();
  }
  parse(response: ApiResponse): OAuthClientEntityListing {
    const data = response.data as Partial<OAuthClientEntityListing> | null;
    if (!data || typeof data !== "object" || !Array.isArray(data.entities)) throw unexpectedShape(this.operation, "expected entities[]");
    return { ...data, entities: data.entities.map(({ secret: _s, ...c }: OAuthClient & { secret?: unknown }) => c) };
  }
}

/** List every OAuth client of the org (entries may have state `deleted`). */
export class ListClientsCommand implements GenesysCommand<OAuthClient[]> {
  readonly operation = "ListClients";
  readonly method = "GET" as const;
  readonly path = BASE;
  readonly idempotent = true;
  readonly permission = "oauth:client:view";

  async execute(context: CommandContext): Promise<OAuthClient[]> {
    const all: OAuthClient[] = [];
    const seen = new Set<string>();
    let path: string | undefined = BASE;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      seen.add(path);
      const listing: OAuthClientEntityListing = await context.request(new ListClientsPage(path));
      all.push(...listing.entities);
      const next = nextPath(listing.nextUri);
      path = next && !seen.has(next) ? next : undefined;
    }
    return all;
  }
}

/** A nextUri as a path below the API base; anything pointing elsewhere is ignored (the token must not leave). */
export function nextPath(nextUri: string | undefined): string | undefined {
  if (!nextUri) return undefined;
  let path = nextUri;
  if (/^https?:\/\//i.test(nextUri)) {
    try {
      const u = new URL(nextUri);
      path = u.pathname + u.search;
    } catch {
      return undefined;
    }
  }
  return path.startsWith(BASE) ? path : undefined;
}
