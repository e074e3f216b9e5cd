/**
 * This package's own metadata, read from its package.json: the one place that finds it, from the sources
 * (`core/`), from the compiled tree (`dist/core/`) and from the installed package
 * (`node_modules/genesys-oauth-guard/dist/core/`).
 */
import * as fs from "fs";
import * as path from "path";

/** The package name, as in package.json (what the lookup matches, so another package.json on the way up is skipped). */
export const PACKAGE_NAME = "genesys-oauth-guard";

let cached: string | undefined;

/** The version in this package's package.json (`--version`, SARIF's tool driver, inventory reports); `unknown` when it cannot be found. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  cached = "unknown";
  for (let dir = __dirname, i = 0; i < 4; dir = path.dirname(dir), i++) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    try {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") {
        cached = pkg.version;
        break;
      }
    } catch {
      // an unreadable package.json on the way up is not ours
    }
  }
  return cached;
}
