/**
 * Warnings from a provider call: shown by the Pulumi engine (`pulumi up` prints them) and kept in the
 * debug log. Also the rotation service's logger when a provider runs it (rotation/ports.ts RotationLogger).
 */
import * as pulumi from "@pulumi/pulumi";
import { debug } from "../core/log";
import type { RotationLogger } from "../rotation/ports";

/**
 * A warning the user sees: through the engine when the provider runs under Pulumi, and in the debug log.
 * Never given a secret (callers pass ids and times only).
 */
export function warn(message: string): void {
  debug("provider", message);
  try {
    void pulumi.log.warn(message);
  } catch {
    // No engine connection (tests): the debug line above is what remains.
  }
}

/** {@link warn} as the rotation service's logger. */
export const engineLogger: RotationLogger = { warn };
