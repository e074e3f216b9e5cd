/**
 * Rotation periods: `parseRotationPeriod("30d")` (minutes; what `rotation: { every }` of an OAuthClient and
 * `every` of a SecretRotation use: the secret is regenerated on the first `pulumi up` at least one period
 * after it was issued), and **bucket triggers** for users who build their own trigger: a date bucket that
 * changes once per period, so `pulumi up` is a no-op between boundaries.
 *
 * Buckets are counted from the Unix epoch (UTC), so every stack with the same period rotates on the same
 * boundaries and the first rotation after creation comes at the next boundary — possibly minutes after
 * the secret was issued, not a full period later. Use `every` when the age of the secret is what matters.
 *
 * With @pulumi/random (whose plugin must be installed) the same idea reads:
 * ```ts
 * const rotation = new random.RandomId("ci-rotation", { byteLength: 8, keepers: { period: rotationPeriod({ days: 30 }) } });
 * new SecretRotation("ci", { clientId: client.clientId, secretStore, trigger: rotation.hex });
 * ```
 * (a new keeper value makes a new RandomId, whose new hex rotates the secret).
 */
import { GuardError } from "../core/errors";
import { DURATION_EXAMPLES, InvalidDurationError, MINUTE_MS as MINUTE, parseDuration } from "../domain/duration";

/** A rotation period. */
export interface RotationPeriod {
  days?: number;
  hours?: number;
  minutes?: number;
  /** The clock (tests). Default: now. */
  now?: Date;
}

/**
 * A bucket trigger: `every-<minutes>m/<bucket start ISO>`, stable within a UTC epoch bucket of the period
 * and new at each boundary (not "one period after the secret was issued": see the file comment).
 */
export function rotationPeriod(period: RotationPeriod): string {
  const ms = ((period.days ?? 0) * 1440 + (period.hours ?? 0) * 60 + (period.minutes ?? 0)) * MINUTE;
  if (!Number.isFinite(ms) || ms < MINUTE) {
    throw new GuardError("input.invalid", "A rotation period must be at least one minute", { hint: "e.g. rotationPeriod({ days: 30 })" });
  }
  const now = (period.now ?? new Date()).getTime();
  const start = Math.floor(now / ms) * ms;
  return `every-${ms / MINUTE}m/${new Date(start).toISOString()}`;
}

/**
 * A period in minutes, in any form domain/duration.ts reads (`"90m"`, `"12h"`, `"30d"`, `"1.5d"`, `"4w"`,
 * ISO 8601 `"P30D"`, `"PT12H"`). Throws GuardError `input.invalid` for anything else, and for a period
 * under one minute (the provider's minimum: it compares ages at minute resolution).
 */
export function parseRotationPeriod(spec: string): number {
  let ms: number;
  try {
    ms = parseDuration(spec);
  } catch (error) {
    if (!(error instanceof InvalidDurationError)) throw error;
    throw new GuardError("input.invalid", `Cannot read the rotation period ${JSON.stringify(spec)}: ${error.reason}`, { hint: `Write ${DURATION_EXAMPLES}` });
  }
  if (ms < MINUTE) throw new GuardError("input.invalid", "A rotation period must be at least one minute", { hint: 'e.g. "30d"' });
  return ms / MINUTE;
}

/** `rotateEvery("30d")`: the bucket trigger of {@link rotationPeriod} from a string (any form {@link parseRotationPeriod} reads). */
export function rotateEvery(spec: string, now?: Date): string {
  return rotationPeriod({ minutes: parseRotationPeriod(spec), now });
}
