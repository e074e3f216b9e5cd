/**
 * Rotation triggers that need no provider plugin: a date bucket that changes once per period, so
 * "rotate every 30 days" is one line and `pulumi up` is a no-op between boundaries.
 *
 * Buckets are counted from the Unix epoch (UTC), so every stack with the same period rotates on the same
 * boundaries and the first rotation after creation comes at the next boundary, not a full period later.
 *
 * With @pulumi/random (whose plugin must be installed) the same idea reads:
 * ```ts
 * const rotation = new random.RandomId("ci-rotation", { byteLength: 8, keepers: { period: rotationPeriod({ days: 30 }) } });
 * new SecretRotation("ci", { clientId: client.clientId, secretStore, trigger: rotation.hex });
 * ```
 * (a new keeper value makes a new RandomId, whose new hex rotates the secret).
 */
import { GuardError } from "../core/errors";

/** A rotation period. */
export interface RotationPeriod {
  days?: number;
  hours?: number;
  minutes?: number;
  /** The clock (tests). Default: now. */
  now?: Date;
}

const MINUTE = 60_000;

/**
 * The trigger value for "rotate once per period": `every-<minutes>m/<bucket start ISO>`, stable within a
 * period and new at each boundary.
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

/** `rotateEvery("30d")`: the same as {@link rotationPeriod}; units `m`, `h`, `d`, `w`. */
export function rotateEvery(spec: string, now?: Date): string {
  const match = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(spec);
  if (!match) {
    throw new GuardError("input.invalid", `Cannot read the rotation period ${JSON.stringify(spec)}`, { hint: 'Write a number and a unit: "90m", "12h", "30d" or "4w"' });
  }
  const n = Number(match[1]);
  const unit = match[2].toLowerCase();
  const minutes = unit === "m" ? n : unit === "h" ? n * 60 : unit === "d" ? n * 1440 : n * 7 * 1440;
  return rotationPeriod({ minutes, now });
}
