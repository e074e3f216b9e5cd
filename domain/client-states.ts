/**
 * The states of a Genesys Cloud OAuth client: the one definition the Genesys client, the providers and
 * the emulator share (dependency-free, like grant-types.ts).
 */

/** States a caller may set on a client (canonical spelling: lower case). */
export const CLIENT_STATES = ["active", "disabled", "inactive"] as const;

/** One state a caller may set. */
export type ClientState = (typeof CLIENT_STATES)[number];

/** A state as the service may report it: `deleted` while a delete completes. */
export type ReportedClientState = ClientState | "deleted";

/** True for a settable state in its canonical spelling. */
export function isClientState(value: unknown): value is ClientState {
  return typeof value === "string" && (CLIENT_STATES as readonly string[]).includes(value);
}

/** The canonical spelling of a settable state written in any case, with surrounding blanks; undefined for anything else. */
export function normaliseClientState(value: string): ClientState | undefined {
  const lower = value.trim().toLowerCase();
  return isClientState(lower) ? lower : undefined;
}
