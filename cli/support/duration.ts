/**
 * Durations on the command line (`--max-age 30d`, `--max-secret-age P90D`): the one parser of
 * domain/duration.ts, with its refusal turned into a usage error that names the option.
 */
import { GuardError } from "../../core/errors";
import { DAY_MS, formatDuration, InvalidDurationError, parseDuration as parseDomainDuration } from "../../domain/duration";

/** Parse a duration (every form domain/duration.ts reads) into milliseconds; `what` names the option in the error. */
export function parseDuration(text: string, what: string): number {
  try {
    return parseDomainDuration(text);
  } catch (error) {
    if (error instanceof InvalidDurationError) throw new GuardError("cli.usage", `${what}: ${error.message}`);
    throw error;
  }
}

/** An age in days for a table: `3.5d`. */
export function formatAge(days: number): string {
  return formatDuration(days * DAY_MS, { unit: "d" });
}
