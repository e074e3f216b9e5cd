/**
 * Policy packs for end-to-end tests and the policy-preview benchmark: the project's pack as it ships, a copy
 * of it that must start from its TypeScript sources (no bin/), and a no-op pack that measures what any pack
 * costs the engine. Each lives in a temporary directory beside a link to the project's node_modules, where the
 * pack's runtime dependencies (@pulumi/policy, @pulumi/pulumi) resolve from, as they do from a user's project.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./pulumi";

/** The project's policy pack (policies/). */
export const packDir = path.join(repoRoot, "policies");

/** Which entry the pack in `dir` starts from, as decided by its launcher (policies/scripts/compiled-pack.js). */
export interface PackEntry {
  entry: string;
  compiled: boolean;
  reason: string;
}

/** Ask the pack's own launcher logic which entry `dir` would start from. */
export function packEntry(dir: string): PackEntry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module found at run time, by path
  const launcher = require(path.join(dir, "scripts", "compiled-pack.js")) as { packEntry(d: string): PackEntry };
  return launcher.packEntry(dir);
}

function tempRoot(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `goag-pack-${label}-`));
}

/**
 * A copy of the pack's sources without bin/ (and ../detection and ../domain beside it, as the pack imports them), so that
 * its launcher must fall back to index.ts. Returns the copied pack's directory; remove its parent when done.
 */
export function copyPackSources(): string {
  const root = tempRoot("sources");
  const dest = path.join(root, "policies");
  fs.mkdirSync(dest);
  for (const name of fs.readdirSync(packDir)) {
    if (name === "bin" || name === "node_modules") continue;
    fs.cpSync(path.join(packDir, name), path.join(dest, name), { recursive: true });
  }
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  for (const dir of ["detection", "domain"]) fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  return dest;
}

/**
 * A JavaScript pack with one advisory policy that does nothing: the floor cost of any policy pack (starting
 * an analyzer, and the engine's Remediate and Analyze calls for every resource). Remove the directory when done.
 */
export function noopPack(): string {
  const dir = tempRoot("noop");
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: no-op pack (benchmark floor)\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "noop-pack", version: "0.0.0", private: true, main: "index.js" }) + "\n");
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      '"use strict";',
      'const { PolicyPack } = require("@pulumi/policy");',
      'new PolicyPack("noop", { policies: [{ name: "noop", description: "Does nothing.", enforcementLevel: "advisory", validateResource: () => {} }] });',
      "",
    ].join("\n"),
  );
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
