// Orders the e2e/package test files for `mocha --parallel`, longest first (workers take files in order, so the
// longest-first order keeps one worker from finishing a long file alone at the end), and records how long each
// file took for the next run.
//   node tests/support/test-schedule.js order FILE...     prints the files, longest first
//   node tests/support/test-schedule.js record TIMES      merges a GOAG_TEST_FILE_TIMES file into the cache
// Durations: this machine's last run (the cache's test-durations.json) over the committed seed
// (tests/support/test-durations.json); a file known to neither goes first (it may be long).
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const seedFile = path.join(__dirname, "test-durations.json");
const cacheRoot = process.env.GENESYS_OAUTH_GUARD_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "genesys-oauth-guard");
const cacheFile = path.join(cacheRoot, "test-durations.json");

/** `dist/tests/e2e/faults/kill.test.js` → `e2e/faults/kill`. */
function keyOf(file) {
  return file
    .replace(/\\/g, "/")
    .replace(/^.*?tests\//, "")
    .replace(/\.test\.[jt]s$/, "");
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === "order") {
  const known = { ...readJson(seedFile), ...readJson(cacheFile) };
  const seconds = (f) => (typeof known[keyOf(f)] === "number" ? known[keyOf(f)] : Infinity);
  const ordered = args.map((f, i) => ({ f, i, s: seconds(f) })).sort((a, b) => b.s - a.s || a.i - b.i);
  process.stdout.write(ordered.map((x) => x.f).join("\n") + "\n");
} else if (command === "record") {
  const cached = readJson(cacheFile);
  for (const line of fs.readFileSync(args[0], "utf8").split("\n").filter(Boolean)) {
    const { file, ms } = JSON.parse(line);
    if (/\.test\.[jt]s$/.test(file)) cached[keyOf(file)] = Math.round(ms / 1000);
  }
  fs.mkdirSync(cacheRoot, { recursive: true });
  fs.writeFileSync(cacheFile + ".tmp", JSON.stringify(cached, null, 2) + "\n");
  fs.renameSync(cacheFile + ".tmp", cacheFile);
} else {
  process.stderr.write("usage: test-schedule.js order FILE... | record TIMES\n");
  process.exit(2);
}
