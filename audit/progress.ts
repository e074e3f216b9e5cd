/**
 * Progress on stderr for long audits: inputs processed, megabytes read and throughput. Quiet for the
 * first second (short audits print only the summary); on a terminal one line is rewritten in place,
 * otherwise a line is printed at most every few seconds. Prints labels and numbers only.
 */
import type { InputSummary, ProgressSink } from "./types";

/** Options of {@link createStderrProgress}. */
export interface ProgressOptions {
  /** Where lines go. Default process.stderr. */
  write?: (text: string) => void;
  /** Rewrite one line in place (a terminal). Default: stderr is a TTY. */
  tty?: boolean;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Silence before the first line, ms. Default 1000. */
  delayMs?: number;
}

/** A progress sink writing to stderr. */
export function createStderrProgress(options: ProgressOptions = {}): ProgressSink & { finish(): void } {
  const write = options.write ?? ((t: string) => void process.stderr.write(t));
  // isTTY is undefined, not false, on a pipe (its type says boolean).
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const now = options.now ?? Date.now;
  const delay = options.delayMs ?? 1000;
  const started = now();
  let last = 0;
  let bytes = 0;
  let done = 0;
  let total = 0;
  let current = "";
  let printed = false;
  const render = (force: boolean): void => {
    const t = now();
    if (t - started < delay && !force) return;
    if (!force && printed && t - last < (tty ? 200 : 5000)) return;
    last = t;
    const seconds = Math.max(0.001, (t - started) / 1000);
    const mb = bytes / 1e6;
    const line = `audit: ${done}/${total} inputs, ${mb.toFixed(1)} MB, ${(mb / seconds).toFixed(1)} MB/s${current ? ` — ${current}` : ""}`;
    if (tty) write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    else write(line + "\n");
    printed = true;
  };
  return {
    start(input: string, index: number, count: number): void {
      current = input;
      total = count;
      done = index;
      render(false);
    },
    bytes(count: number): void {
      bytes += count;
      render(false);
    },
    done(_summary: InputSummary): void {
      done++;
      render(false);
    },
    finish(): void {
      if (printed && tty) write("\r\x1b[K");
    },
  };
}
