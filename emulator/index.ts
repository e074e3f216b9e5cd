/** The Genesys Cloud emulator: see server.ts. */
export { startEmulator } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./server";
export type { KnobSettings, FailRule, DropRule } from "./knobs";
export { SEEDED_ROLES } from "./state";
export type { SeedClient } from "./state";
export type { UsageSeed, UsageSeedEntry } from "./usage";
export type { Division } from "./divisions";
