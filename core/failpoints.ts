/**
 * Failpoints: named places in the providers and the rotation service (rotation/) where a crash test can stop
 * the process.
 *
 * Off unless GENESYS_OAUTH_GUARD_FAILPOINTS_DIR is set (tests only). Then reaching failpoint `name` writes
 * `<dir>/<name>.reached` and waits until `<dir>/<name>.release` exists — so a test can SIGKILL `pulumi up`
 * at exactly that step (after regenerate, before the store write...) and then check recovery.
 * Failpoints listed in GENESYS_OAUTH_GUARD_FAILPOINTS (comma-separated) are the only ones that stop;
 * with the variable unset, every failpoint stops.
 */
import * as fs from "fs";
import * as path from "path";

/** Every failpoint of the providers and the rotation service, in the order a run reaches them. */
export const FAILPOINTS = [
  "create:after-post",
  "create:after-store-write",
  "rotation:before-regenerate",
  "rotation:after-regenerate",
  "rotation:after-store-write",
  "adopt:after-update",
  "adopt:before-regenerate",
  "adopt:after-regenerate",
  "adopt:after-store-write",
] as const;

/** One failpoint name (other modules may add theirs to the list above). */
export type FailpointName = (typeof FAILPOINTS)[number] | `${string}:${string}`;

/** Stop at `name` when a crash test asked for it; a no-op otherwise. */
export async function failpoint(name: FailpointName): Promise<void> {
  const dir = process.env.GENESYS_OAUTH_GUARD_FAILPOINTS_DIR;
  if (!dir) return;
  const only = process.env.GENESYS_OAUTH_GUARD_FAILPOINTS;
  if (
    only &&
    !only
      .split(",")
      .map((s) => s.trim())
      .includes(name)
  )
    return;
  const file = path.join(dir, name.replace(/[^A-Za-z0-9_.-]/g, "_"));
  fs.writeFileSync(`${file}.reached`, String(process.pid));
  while (!fs.existsSync(`${file}.release`)) await new Promise((resolve) => setTimeout(resolve, 50));
}
