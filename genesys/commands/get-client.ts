/** GetClient: `GET /api/v2/oauth/clients/{id}` → OAuthClient (never a secret). */
import type { OAuthClient } from "../models";
import { ApiResponse, SingleRequestCommand, expectEntity, idSegment } from "./command";

/** Read one OAuth client. 404 → GuardError `genesys.not-found`. */
export class GetClientCommand extends SingleRequestCommand<OAuthClient> {
  readonly operation = "GetClient";
  readonly method = "GET" as const;
  readonly path: string;
  readonly idempotent = true;
  override readonly permission = "oauth:client:view";
  override readonly clientId: string;

  constructor(id: string) {
    super();
    this.path = `/api/v2/oauth/clients/${idSegment(id)}`;
    this.clientId = id;
  }

  parse(response: ApiResponse): OAuthClient {
    const client = expectEntity<OAuthClient & { secret?: unknown }>(this.operation, response.data);
    // GET never returns a secret; drop one if a proxy or an old API version sends it.
    const { secret: _dropped, ...rest } = client;
    return rest;
  }
}
