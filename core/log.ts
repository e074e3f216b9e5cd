/**
 * Debug logging shared by every module.
 *
 * Off unless `GENESYS_OAUTH_GUARD_DEBUG` (or `DEBUG` containing `genesys-oauth-guard`) is set; lines go to
 * stderr so `--output stdout` stays clean. Every line passes through {@link redactText}: callers may log
 * operation names and statuses, and a mistake cannot print a registered secret.
 */
import { redactText } from "./redact";

/** Where log lines go; tests replace it. */
export let logSink: (line: string) => void = (line) => process.stderr.write(line + "\n");

/** Replace the sink (tests, the Pulumi provider which logs through the engine). */
export function setLogSink(sink: (line: string) => void): void {
  logSink = sink;
}

/** True when debug logging is on. */
export function debugEnabled(): boolean {
  const flag = process.env.GENESYS_OAUTH_GUARD_DEBUG;
  if (flag && flag !== "0" && flag.toLowerCase() !== "false") return true;
  return (process.env.DEBUG ?? "").includes("genesys-oauth-guard");
}

/** Log one debug line for `scope` (e.g. `http`, `retry`, `store.vault`). */
export function debug(scope: string, message: string): void {
  if (!debugEnabled()) return;
  logSink(redactText(`[genesys-oauth-guard:${scope}] ${message}`));
}
