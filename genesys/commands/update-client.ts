/** UpdateClient: `PUT /api/v2/oauth/clients/{id}` with the full request (a replace, not a patch). */
import type { OAuthClient, OAuthClientRequest } from "../models";
import { ApiResponse, SingleRequestCommand, expectEntity, idSegment } from "./command";

/** Replace an OAuth client's definition. Fields left out are reset by Genesys: send the full request. */
export class UpdateClientCommand extends SingleRequestCommand<OAuthClient> {
  readonly operation = "UpdateClient";
  readonly method = "PUT" as const;
  readonly path: string;
  readonly idempotent = true;
  override readonly permission = "oauth:client:edit";
  override readonly clientId: string;
  override readonly body: OAuthClientRequest;

  constructor(id: string, request: OAuthClientRequest) {
    super();
    this.path = `/api/v2/oauth/clients/${idSegment(id)}`;
    this.clientId = id;
    this.body = request;
  }

  parse(response: ApiResponse): OAuthClient {
    const { secret: _dropped, ...client } = expectEntity<OAuthClient & { secret?: unknown }>(this.operation, response.data);
    return client;
  }
}
