#!/usr/bin/env node
/**
 * Which entry point the policy pack starts from: the JavaScript compiled into bin/ by `npm run build`
 * when it was built from exactly the sources that are here now, else the TypeScript sources (index.ts).
 *
 * Why: the Pulumi engine starts the analyzer before the program and waits for it, so the pack's start-up
 * is on every preview's critical path. Loading index.ts makes @pulumi/pulumi's run-policy-pack compile and
 * type-check the pack and ../detection with ts-node (~1.4 s on 2 CPUs); the compiled pack loads in a
 * fraction of that (bench/policy-preview). A stale bin/ is never used: the build stamps bin/ with a hash
 * of the sources it compiled, and any difference sends the pack back to index.ts (slower, never wrong).
 *
 * Installed from npm, the pack ships only bin/ (no sources), which is then always the entry.
 *
 * As a command: `node scripts/compiled-pack.js` exits 0 when bin/ is fresh, 1 when it needs `npm run build`.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

/** File in bin/ holding the hash of the sources that bin/ was compiled from. */
const STAMP_FILE = ".source-hash";

/** Every file the compiled pack depends on: what tsconfig.json compiles, and tsconfig.json itself. */
function sourceFiles(packDir) {
  const files = [path.join(packDir, "index.ts"), path.join(packDir, "tsconfig.json")];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) files.push(full);
    }
  };
  walk(path.join(packDir, "rules"));
  walk(path.join(packDir, "..", "detection"));
  walk(path.join(packDir, "..", "domain"));
  return files.sort();
}

/** Hash of the sources' paths (relative to the pack's parent) and contents. */
function sourceHash(packDir) {
  const root = path.resolve(packDir, "..");
  const hash = crypto.createHash("sha256");
  for (const file of sourceFiles(packDir)) {
    hash.update(path.relative(root, file).split(path.sep).join("/"));
    hash.update("\0");
    hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * The module to require to start the pack in `packDir`, and why.
 * @returns {{ entry: string, compiled: boolean, reason: string }}
 */
function packEntry(packDir) {
  const sources = { entry: path.join(packDir, "index.ts"), compiled: false };
  const compiled = path.join(packDir, "bin", "policies", "index.js");
  const haveSources = fs.existsSync(sources.entry);
  // The npm package ships bin/ without the TypeScript sources: nothing to be stale against.
  if (!haveSources && fs.existsSync(compiled)) return { entry: compiled, compiled: true, reason: "prebuilt bin/ of the installed package" };
  if (!haveSources) {
    throw new Error(
      `the policy pack in ${packDir} has neither bin/policies/index.js nor index.ts: reinstall genesys-oauth-guard, or run npm run build in the repository`,
    );
  }
  if (!fs.existsSync(compiled)) return { ...sources, reason: "bin/ is not built (npm run build)" };
  let stamp;
  try {
    stamp = fs.readFileSync(path.join(packDir, "bin", STAMP_FILE), "utf8").trim();
  } catch {
    return { ...sources, reason: `bin/${STAMP_FILE} is missing (npm run build)` };
  }
  if (stamp !== sourceHash(packDir)) return { ...sources, reason: "the sources changed since bin/ was built (npm run build)" };
  return { entry: compiled, compiled: true, reason: "bin/ was built from the current sources" };
}

module.exports = { STAMP_FILE, sourceFiles, sourceHash, packEntry };

if (require.main === module) {
  const choice = packEntry(path.resolve(__dirname, ".."));
  console.log(`${choice.compiled ? "compiled" : "sources"}: ${choice.reason}`);
  process.exit(choice.compiled ? 0 : 1);
}
