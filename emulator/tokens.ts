/**
 * Access tokens the emulator issues (POST /oauth/token) and accepts (Bearer on /api/v2/...).
 * Tokens are opaque random strings; each belongs to one client and expires after the client's
 * accessTokenValiditySeconds. Revoked when the client's secret is regenerated, or it is disabled,
 * made inactive or deleted (strict; whether the real service revokes at once is unconfirmed).
 */
import { randomBytes } from "crypto";

/** An issued access token. */
export interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/** What a Bearer token resolves to. */
export type TokenLookup = { kind: "valid"; clientId: string } | { kind: "expired" } | { kind: "unknown" };

/** The tokens of one emulated organisation. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  /** Issue a token for `clientId`, valid `validitySeconds` from `now`. */
  issue(clientId: string, validitySeconds: number, now: number): { token: string; expiresIn: number } {
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { clientId, expiresAt: now + validitySeconds * 1000 });
    return { token, expiresIn: validitySeconds };
  }

  /** Resolve a Bearer token at `now`. */
  lookup(token: string, now: number): TokenLookup {
    const issued = this.tokens.get(token);
    if (!issued) return { kind: "unknown" };
    if (issued.expiresAt <= now) return { kind: "expired" };
    return { kind: "valid", clientId: issued.clientId };
  }

  /** Drop every token of a client. */
  revokeClient(clientId: string): void {
    for (const [t, info] of this.tokens) if (info.clientId === clientId) this.tokens.delete(t);
  }

  /** Make every token of every client expire at `at` (tests of credentials.expired). */
  expireAll(at: number): void {
    for (const info of this.tokens.values()) info.expiresAt = Math.min(info.expiresAt, at);
  }

  clear(): void {
    this.tokens.clear();
  }

  get size(): number {
    return this.tokens.size;
  }
}
