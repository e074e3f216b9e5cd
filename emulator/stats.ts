/** Request counts the tests read from GET /__emulator/stats (no secrets, no tokens). */

/** Counters of one emulator. */
export class Stats {
  /** Requests by `METHOD /path-template`. */
  readonly byRoute: Record<string, number> = {};
  /** API requests by client id (the token's owner). */
  readonly byClient: Record<string, number> = {};
  tokenRequests = 0;
  tokensIssued = 0;
  rateLimited = 0;
  failuresInjected = 0;
  responsesDropped = 0;

  route(route: string): void {
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  client(clientId: string): void {
    this.byClient[clientId] = (this.byClient[clientId] ?? 0) + 1;
  }

  /** Write calls (POST/PUT/DELETE on the API, token requests excluded). */
  writes(): number {
    return Object.entries(this.byRoute)
      .filter(([r]) => /^(POST|PUT|DELETE) \/api\//.test(r))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  toJSON(): Record<string, unknown> {
    return {
      byRoute: this.byRoute,
      byClient: this.byClient,
      tokenRequests: this.tokenRequests,
      tokensIssued: this.tokensIssued,
      rateLimited: this.rateLimited,
      failuresInjected: this.failuresInjected,
      responsesDropped: this.responsesDropped,
      writes: this.writes(),
    };
  }
}
