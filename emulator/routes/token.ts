/**
 * POST /oauth/token — the login host's client-credentials grant: Basic auth with id:secret, form body
 * `grant_type=client_credentials`. Errors in the OAuth shape the live service uses.
 */
import { TokenError } from "../errors";
import type { Router } from "../router";
import { hashSecret, OrgState } from "../state";
import type { Stats } from "../stats";

export function tokenRoutes(router: Router, state: OrgState, stats: Stats): void {
  router.add({
    method: "POST",
    template: "/oauth/token",
    auth: "token-endpoint",
    handler: (ctx) => {
      stats.tokenRequests += 1;
      const form = new URLSearchParams(ctx.rawBody);
      const grant = form.get("grant_type");
      const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ""));
      if (!basic) {
        // Strict (unconfirmed): credentials only in the Authorization header, never in the form body.
        throw new TokenError(401, "invalid_client", "client authentication required (HTTP Basic)");
      }
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const id = colon < 0 ? decoded : decoded.slice(0, colon);
      const secret = colon < 0 ? "" : decoded.slice(colon + 1);
      const client = state.liveClient(id);
      if (!client) throw new TokenError(400, "invalid_client", "client not found");
      if (client.secretHash !== hashSecret(secret)) throw new TokenError(401, "invalid_client", "authentication failed");
      if (ctx.now < client.secretActiveAt) {
        // A regenerated secret is not accepted by the login host yet (eventual consistency).
        throw new TokenError(401, "invalid_client", "authentication failed");
      }
      if (client.state !== "active") {
        // Unconfirmed body: disabled/inactive clients get no token; strict choice: 400 unauthorized_client.
        throw new TokenError(400, "unauthorized_client", `client is ${client.state}`);
      }
      if (grant !== "client_credentials") {
        throw new TokenError(400, "unsupported_grant_type", `grant_type ${grant ?? "(missing)"} is not supported here`);
      }
      if (client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
        throw new TokenError(400, "unauthorized_client", "client is not authorized for the client_credentials grant");
      }
      const { token, expiresIn } = state.issueToken(client, ctx.now);
      stats.tokensIssued += 1;
      return { status: 200, body: { access_token: token, token_type: "bearer", expires_in: expiresIn } };
    },
  });
}
