/**
 * When a SecretRotation is due, decided at diff/update time with the provider's clock: a changed trigger,
 * a changed store, or a secret at least one period (`every`) old. Also reads states written before periods
 * existed, when OAuthClient passed its child a UTC bucket trigger (`rotateEvery`), so that upgrading does
 * not rotate before the period since the last rotation has passed.
 */
import { parseRotationPeriod } from "./rotation-period";
import type { SecretRotationInputs, SecretRotationOutputs } from "./types";
import { isUnknown } from "./validation";

/** Why a rotation is due (for messages); undefined when it is not. */
export type RotationReason = "trigger" | "store" | "age";

const MINUTE = 60_000;

/** The shape of a bucket trigger made by `rotationPeriod`/`rotateEvery`: `every-<minutes>m/<ISO start>`. */
const BUCKET = /^every-\d+(?:\.\d+)?m\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Stable JSON (sorted keys), so that equal triggers compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The period of `every` in milliseconds; undefined when there is none (or it is not readable). */
export function periodMs(every: unknown): number | undefined {
  if (typeof every !== "string" || isUnknown(every)) return undefined;
  try {
    return parseRotationPeriod(every) * MINUTE;
  } catch {
    return undefined;
  }
}

/** True for a trigger value made by `rotationPeriod`/`rotateEvery`. */
export function isBucketTrigger(value: unknown): boolean {
  return typeof value === "string" && BUCKET.test(value);
}

/**
 * The old trigger as the new inputs would have written it. Earlier versions gave an OAuthClient's child a
 * bucket (`"every-43200m/…"`, from `rotation.every`), or `{ period: <bucket or null>, trigger }` when
 * `rotation.trigger` was set too. In a state without a period, such a trigger compares as no trigger (or
 * as the user's trigger) when the new inputs carry a period, or come from an OAuthClient (`adoptOnCreate`)
 * and the state predates periods (no `every` key): the change of shape is not a new trigger, and the period
 * takes over from the bucket.
 */
export function comparableOldTrigger(olds: Partial<SecretRotationInputs>, news: SecretRotationInputs): unknown {
  const old = olds.trigger ?? null;
  const oldHasPeriod = typeof olds.every === "string" && olds.every !== "";
  if (oldHasPeriod) return old;
  const newHasPeriod = periodMs(news.every) !== undefined;
  const childFromEarlierVersion = olds.every === undefined && news.adoptOnCreate === true;
  if (!newHasPeriod && !childFromEarlierVersion) return old;
  if (isBucketTrigger(old)) return null;
  if (old && typeof old === "object" && !Array.isArray(old)) {
    const keys = Object.keys(old).sort();
    const combined = old as { period?: unknown; trigger?: unknown };
    const formerPeriod = combined.period === null || isBucketTrigger(combined.period);
    if (keys.length === 2 && keys[0] === "period" && keys[1] === "trigger" && formerPeriod) return combined.trigger ?? null;
  }
  return old;
}

/**
 * True when a secret issued at `rotatedAt` is at least one period old at `now`. A period with no readable
 * issue time counts as due (the age of the secret is unknown, so it is treated as old).
 */
export function dueByAge(rotatedAt: string | undefined, every: unknown, now: Date): boolean {
  const period = periodMs(every);
  if (period === undefined) return false;
  const issued = typeof rotatedAt === "string" ? Date.parse(rotatedAt) : NaN;
  if (!Number.isFinite(issued)) return true;
  return now.getTime() >= issued + period;
}

/** Why a rotation is due now, or undefined: unknown/changed trigger, changed store, or the secret's age. */
export function rotationReason(olds: Partial<SecretRotationOutputs>, news: SecretRotationInputs, now: Date): RotationReason | undefined {
  if (isUnknown(news.trigger) || stableJson(comparableOldTrigger(olds, news)) !== stableJson(news.trigger)) return "trigger";
  if (isUnknown(news.secretStore) || olds.secretStore !== news.secretStore) return "store";
  if (dueByAge(olds.rotatedAt, news.every, now)) return "age";
  return undefined;
}

/** True when a rotation is due now (see {@link rotationReason}). */
export function rotationDue(olds: Partial<SecretRotationOutputs>, news: SecretRotationInputs, now: Date): boolean {
  return rotationReason(olds, news, now) !== undefined;
}
