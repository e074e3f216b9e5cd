#!/usr/bin/env node
/**
 * Makes `bin/` a self-contained JavaScript policy pack (for `pulumi policy publish` or for copying
 * elsewhere): after `tsc` compiled the pack, ../detection and ../domain into bin/policies, bin/detection and bin/domain, this
 * adds PulumiPolicy.yaml, a package.json whose main is the compiled pack, and the hash of the sources it was
 * compiled from (launcher.js starts bin/ only while that hash matches). The pack's runtime dependencies are
 * the main package's peer dependencies (one @pulumi/pulumi in a user's project). To publish or copy it:
 *   cd bin && npm install --omit=dev && pulumi policy publish
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { STAMP_FILE, sourceHash } = require("./compiled-pack");

const here = path.resolve(__dirname, "..");
const bin = path.join(here, "bin");
if (!fs.existsSync(path.join(bin, "policies", "index.js")) || !fs.existsSync(path.join(bin, "detection", "index.js"))) {
  console.error("bin/policies/index.js or bin/detection/index.js missing: run tsc -p tsconfig.json first");
  process.exit(1);
}
fs.copyFileSync(path.join(here, "PulumiPolicy.yaml"), path.join(bin, "PulumiPolicy.yaml"));
const source = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
const main = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8"));
const pkg = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license,
  private: true,
  main: "policies/index.js",
  dependencies: {
    "@pulumi/policy": main.peerDependencies["@pulumi/policy"],
    "@pulumi/pulumi": main.peerDependencies["@pulumi/pulumi"],
  },
};
fs.writeFileSync(path.join(bin, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
// Lets launcher.js tell a bin/ built from the current sources from a stale one.
fs.writeFileSync(path.join(bin, STAMP_FILE), sourceHash(here) + "\n");
console.log(`bin/: self-contained policy pack ${pkg.name}@${pkg.version} (main ${pkg.main}); next: cd bin && npm install --omit=dev`);
