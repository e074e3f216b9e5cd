/**
 * Durations as people write them: the one parser and the one formatter that the CLI (`verify --max-age`,
 * `inventory --max-secret-age`), the providers (`rotation: { every }`, `every`) and the policy pack
 * (`maxRotationDays` checks of `rotation.every`) share, so a period written once reads the same everywhere.
 *
 * Accepted (case-insensitive, blanks around and between number and unit allowed):
 * - a number and a unit: `45s`, `90m`, `12h`, `30d`, `1.5d`, `2w`, `3 months`. Units: `s`/`sec`/`secs`/
 *   `second(s)`, `m`/`min`/`mins`/`minute(s)`, `h`/`hr`/`hrs`/`hour(s)`, `d`/`day(s)`, `w`/`week(s)`,
 *   `month(s)` (30 days). The number is whole or decimal (`1.5d`); no sign, no exponent, one unit.
 * - a bare number: days (`"90"` is 90 days).
 * - ISO 8601 durations of fixed length: `P30D`, `PT12H`, `P1W`, `P1DT12H`, `PT90M`, `PT45S`, `PT1.5H`
 *   (weeks, days, hours, minutes, seconds; a decimal in any part).
 *
 * Refused, each with a message saying what to write: an empty text, a negative or signed number, an unknown
 * unit, ISO years or months (`P1Y`, `P1M`: no fixed length — write days, `P365D`), an ISO text with no part
 * (`P`, `PT`) or parts out of order, and anything else. Zero is a valid duration; callers enforce their own
 * minimum and maximum (a rotation period of at least one minute, a policy's maximum in days).
 *
 * Dependency-free: compiled into the policy pack as well as the library.
 */

/** Milliseconds in one second. */
export const SECOND_MS = 1_000;
/** Milliseconds in one minute. */
export const MINUTE_MS = 60 * SECOND_MS;
/** Milliseconds in one hour. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Milliseconds in one day. */
export const DAY_MS = 24 * HOUR_MS;
/** Milliseconds in one week. */
export const WEEK_MS = 7 * DAY_MS;

/** The examples every message shows. */
export const DURATION_EXAMPLES = "45s, 90m, 12h, 30d, 1.5d, 2w or ISO 8601 such as PT12H, P30D, P1W";

/** Units of the `<number><unit>` form, by every accepted spelling (lower case). */
const UNIT_MS: Readonly<Record<string, number>> = {
  s: SECOND_MS,
  sec: SECOND_MS,
  secs: SECOND_MS,
  second: SECOND_MS,
  seconds: SECOND_MS,
  m: MINUTE_MS,
  min: MINUTE_MS,
  mins: MINUTE_MS,
  minute: MINUTE_MS,
  minutes: MINUTE_MS,
  h: HOUR_MS,
  hr: HOUR_MS,
  hrs: HOUR_MS,
  hour: HOUR_MS,
  hours: HOUR_MS,
  d: DAY_MS,
  day: DAY_MS,
  days: DAY_MS,
  w: WEEK_MS,
  week: WEEK_MS,
  weeks: WEEK_MS,
  // Accepted since the policy pack's first periods; 30 days, documented as such.
  month: 30 * DAY_MS,
  months: 30 * DAY_MS,
};

/** A number without sign or exponent: `30`, `1.5`. */
const NUMBER = String.raw`(?:\d+(?:\.\d+)?)`;

/** `<number> <unit>`, the unit optional (days). */
const SIMPLE = new RegExp(`^(${NUMBER})\\s*([a-z]*)$`, "i");

/** ISO 8601 of fixed length: `P[nW][nD][T[nH][nM][nS]]`. */
const ISO = new RegExp(`^P(?:(${NUMBER})W)?(?:(${NUMBER})D)?(?:T(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`, "i");

/** The text of a duration that cannot be read. `message` says what is wrong and what to write; it quotes the text. */
export class InvalidDurationError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${JSON.stringify(text)} is not a duration: ${reason}; write ${DURATION_EXAMPLES}`);
    this.name = "InvalidDurationError";
  }
}

/**
 * A duration (see the file comment for every accepted form) in milliseconds. Throws
 * {@link InvalidDurationError} for anything else.
 */
export function parseDuration(text: string): number {
  if (typeof text !== "string") throw new InvalidDurationError(String(text), "it is not text");
  const value = text.trim();
  if (value === "") throw new InvalidDurationError(text, "it is empty");
  if (/^[+-]/.test(value)) throw new InvalidDurationError(text, "a duration has no sign");
  const ms = /^P/i.test(value) ? parseIso(text, value) : parseSimple(text, value);
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) throw new InvalidDurationError(text, "it is too long");
  return ms;
}

/** {@link parseDuration}, or undefined for a text it refuses (callers that only need "readable or not"). */
export function tryParseDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof InvalidDurationError) return undefined;
    throw error;
  }
}

function parseSimple(text: string, value: string): number {
  const match = SIMPLE.exec(value);
  if (!match) throw new InvalidDurationError(text, "write one number and one unit (a combination in ISO 8601: P1DT12H)");
  const unit = match[2].toLowerCase();
  const factor = unit === "" ? DAY_MS : UNIT_MS[unit];
  if (factor === undefined) throw new InvalidDurationError(text, `unknown unit "${match[2]}"`);
  return Math.round(Number(match[1]) * factor);
}

function parseIso(text: string, value: string): number {
  if (/^P[^T]*\d[YM]/i.test(value)) {
    throw new InvalidDurationError(text, "ISO 8601 years and months have no fixed length (write days, e.g. P365D or P30D)");
  }
  const match = ISO.exec(value);
  if (!match) throw new InvalidDurationError(text, "not an ISO 8601 duration of weeks, days, hours, minutes and seconds in that order");
  const [, weeks, days, hours, minutes, seconds] = match;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) {
    throw new InvalidDurationError(text, "an ISO 8601 duration needs at least one part");
  }
  if (/T$/i.test(value)) throw new InvalidDurationError(text, "nothing follows the ISO 8601 time designator T");
  const part = (n: string | undefined, unit: number): number => (n === undefined ? 0 : Number(n) * unit);
  return Math.round(part(weeks, WEEK_MS) + part(days, DAY_MS) + part(hours, HOUR_MS) + part(minutes, MINUTE_MS) + part(seconds, SECOND_MS));
}

/** Units the formatter writes, largest first. */
const FORMAT_UNITS: readonly (readonly [string, number])[] = [
  ["w", WEEK_MS],
  ["d", DAY_MS],
  ["h", HOUR_MS],
  ["m", MINUTE_MS],
  ["s", SECOND_MS],
];

/** A unit the formatter can be asked to write in. */
export type DurationUnit = "w" | "d" | "h" | "m" | "s";

/**
 * A duration in milliseconds written as {@link parseDuration} reads it back.
 * Without `unit`: the largest unit that holds it exactly (`30d`, `2w`, `36h`, `90m`, `1.5s`), so that
 * `parseDuration(formatDuration(ms)) === ms` for every whole number of milliseconds. With `unit`: that unit,
 * rounded to `decimals` places (default 1) — for display (`verify`'s ages: `3.5d`), not exact; a negative
 * value is shown with its sign there, and is a RangeError without `unit`.
 */
export function formatDuration(ms: number, options: { unit?: DurationUnit; decimals?: number } = {}): string {
  if (!Number.isFinite(ms)) throw new RangeError(`formatDuration: ${ms} is not a duration in milliseconds`);
  // Display mode shows a negative value as it is (an age read from a clock that is behind).
  if (options.unit !== undefined) {
    const factor = FORMAT_UNITS.find(([name]) => name === options.unit)?.[1] ?? DAY_MS;
    const scale = 10 ** (options.decimals ?? 1);
    return `${Math.round((ms / factor) * scale) / scale}${options.unit}`;
  }
  if (ms < 0) throw new RangeError(`formatDuration: ${ms} is negative; a duration has no sign`);
  if (ms === 0) return "0s";
  for (const [name, factor] of FORMAT_UNITS) if (ms % factor === 0) return `${ms / factor}${name}`;
  return `${ms / SECOND_MS}s`;
}
