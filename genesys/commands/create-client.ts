/** CreateClient: `POST /api/v2/oauth/clients` → OAuthClient with its `secret`. Not idempotent. */
import { registerSecret } from "../../core/redact";
import type { OAuthClientRequest, OAuthClientWithSecret } from "../models";
import { ApiResponse, SingleRequestCommand, expectEntity, unexpectedShape } from "./command";

/**
 * Create an OAuth client. `idempotent: false`: after a lost response it is not retried (the client
 * may exist); the caller decides, e.g. by listing clients by name.
 */
export class CreateClientCommand extends SingleRequestCommand<OAuthClientWithSecret> {
  readonly operation = "CreateClient";
  readonly method = "POST" as const;
  readonly path = "/api/v2/oauth/clients";
  readonly idempotent = false;
  override readonly permission = "oauth:client:add";
  override readonly body: OAuthClientRequest;

  constructor(request: OAuthClientRequest) {
    super();
    this.body = request;
  }

  parse(response: ApiResponse): OAuthClientWithSecret {
    const client = expectEntity<OAuthClientWithSecret>(this.operation, response.data);
    if (typeof client.secret !== "string" || client.secret === "") throw unexpectedShape(this.operation, "no secret in the create response");
    registerSecret(client.secret);
    return client;
  }
}
