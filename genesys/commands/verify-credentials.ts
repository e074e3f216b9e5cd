/**
 * VerifyCredentials: does this id + secret get a client-credentials token? Uses its own token request,
 * never the admin token cache; retried on 429/5xx/network; a rejected grant is a result, not an error.
 */
import { isGuardError } from "../../core/errors";
import { registerSecret } from "../../core/redact";
import type { CommandContext, GenesysCommand } from "./command";

/** Why a grant was refused. */
export type VerifyFailureReason = "invalid_client" | "authentication_failed" | "disabled" | "rejected";

/** The verification result. */
export type VerifyCredentialsResult = { ok: true; expiresIn: number } | { ok: false; reason: VerifyFailureReason; status?: number };

/** Try a client-credentials grant with the given credentials. */
export class VerifyCredentialsCommand implements GenesysCommand<VerifyCredentialsResult> {
  readonly operation = "VerifyCredentials";
  readonly method = "POST" as const;
  readonly path = "/oauth/token";
  readonly idempotent = true;
  readonly permission = undefined;
  private readonly clientSecret: string;

  constructor(
    readonly clientId: string,
    clientSecret: string,
  ) {
    registerSecret(clientSecret);
    // Not enumerable: the command may be logged or inspected.
    this.clientSecret = clientSecret;
    Object.defineProperty(this, "clientSecret", { enumerable: false });
  }

  async execute(context: CommandContext): Promise<VerifyCredentialsResult> {
    try {
      const grant = await context.requestToken(this.clientId, this.clientSecret);
      return { ok: true, expiresIn: grant.expiresInSeconds };
    } catch (e) {
      if (!isGuardError(e, "genesys.unauthorized", "genesys.token-failed", "genesys.bad-request", "genesys.forbidden")) throw e;
      const text = `${e.serviceCode ?? ""} ${e.message}`.toLowerCase();
      let reason: VerifyFailureReason = "rejected";
      if (/disabled|inactive/.test(text)) reason = "disabled";
      else if (e.status === 400 && e.serviceCode === "invalid_client") reason = "invalid_client";
      else if (e.status === 401) reason = "authentication_failed";
      return { ok: false, reason, status: e.status };
    }
  }
}
