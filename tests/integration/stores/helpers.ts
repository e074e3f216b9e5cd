/** Shared pieces of the store integration tests: records, error capture and the no-secret check. */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { GuardError } from "../../../core/errors";
import { RetryPolicy } from "../../../core/retry";
import { CREDENTIAL_SCHEMA, CredentialRecord } from "../../../stores/store";

/** A fresh secret value, recorded so {@link assertNoSecretsIn} can look for it. */
export class SecretTracker {
  readonly secrets: string[] = [];
  readonly errors: unknown[] = [];

  secret(): string {
    const s = `gcs-${randomBytes(18).toString("base64url")}`;
    this.secrets.push(s);
    return s;
  }

  track(value: string): string {
    this.secrets.push(value);
    return value;
  }

  record(rotationId: string, clientSecret = this.secret()): CredentialRecord {
    return {
      schema: CREDENTIAL_SCHEMA,
      clientId: `client-${rotationId}`,
      clientSecret,
      rotationId,
      rotatedAt: new Date().toISOString(),
      region: "mypurecloud.ie",
      clientName: "ci",
    };
  }

  /** Await a rejection with `code` (one of), remember the error, return it. */
  async rejects(p: Promise<unknown>, codes: string[], pattern?: RegExp): Promise<GuardError> {
    try {
      await p;
    } catch (e) {
      this.errors.push(e);
      assert.ok(e instanceof GuardError, `expected a GuardError, got ${String(e)}`);
      assert.ok(codes.includes(e.code), `expected ${codes.join("|")}, got ${e.code}: ${e.describe()}`);
      if (pattern) assert.match(e.describe(), pattern);
      return e;
    }
    assert.fail(`expected a rejection with ${codes.join("|")}`);
  }

  /** No tracked secret in any captured error: message, describe(), toJSON(), cause chain, stack. */
  assertNoSecretsInErrors(): void {
    for (const e of this.errors) {
      const parts: string[] = [];
      let cur: unknown = e;
      for (let i = 0; cur && i < 5; i++) {
        const err = cur as Error & { describe?: () => string; toJSON?: () => unknown };
        parts.push(err.message, String(err.stack), JSON.stringify(err.toJSON ? err.toJSON() : err), err.describe ? err.describe() : "");
        cur = (cur as { cause?: unknown }).cause;
      }
      const text = parts.join("\n");
      for (const s of this.secrets) {
        for (const form of [s, Buffer.from(s).toString("base64"), JSON.stringify(s).slice(1, -1)]) {
          assert.ok(!text.includes(form), `an error leaks a secret: ${(e as Error).message}`);
        }
      }
    }
  }
}

/** A retry policy that gives up quickly (tests of unavailable servers). */
export function fastRetry(): RetryPolicy {
  return new RetryPolicy({ maxAttempts: 2, maxElapsedMs: 2_000, baseDelayMs: 20, maxDelayMs: 50 });
}
