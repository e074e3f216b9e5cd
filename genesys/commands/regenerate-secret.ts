/** RegenerateSecret: `POST /api/v2/oauth/clients/{id}/secret` → OAuthClient with the new `secret`. Not idempotent. */
import { registerSecret } from "../../core/redact";
import type { OAuthClientWithSecret } from "../models";
import { ApiResponse, SingleRequestCommand, expectEntity, idSegment, unexpectedShape } from "./command";

/**
 * Replace the client's one secret (the old one stops working at once). `idempotent: false`: a lost
 * response is not retried (a retry would replace the secret the lost response carried).
 */
export class RegenerateSecretCommand extends SingleRequestCommand<OAuthClientWithSecret> {
  readonly operation = "RegenerateSecret";
  readonly method = "POST" as const;
  readonly path: string;
  readonly idempotent = false;
  override readonly permission = "oauth:client:edit";
  override readonly clientId: string;

  constructor(id: string) {
    super();
    this.path = `/api/v2/oauth/clients/${idSegment(id)}/secret`;
    this.clientId = id;
  }

  parse(response: ApiResponse): OAuthClientWithSecret {
    const client = expectEntity<OAuthClientWithSecret>(this.operation, response.data);
    if (typeof client.secret !== "string" || client.secret === "") throw unexpectedShape(this.operation, "no secret in the regenerate response");
    registerSecret(client.secret);
    return client;
  }
}
