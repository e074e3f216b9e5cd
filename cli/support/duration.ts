/** Durations as people write them on a command line: `90d`, `12h`, `30m`, `2w`. */
import { GuardError } from "../../core/errors";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parse `<number><s|m|h|d|w>` into milliseconds; `what` names the option in the error. */
export function parseDuration(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (!match) {
    throw new GuardError("cli.usage", `${what}: "${text}" is not a duration; write it like 30d, 12h, 2w`);
  }
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}

/** Days as `3.5d`. */
export function formatAge(days: number): string {
  return `${Math.round(days * 10) / 10}d`;
}
