// Mocha root-hook plugin (`--require`): measures each test file's wall time, hooks included, and the CPU time it
// cost (its worker's own and that of the processes it started and reaped: the CLI, plugins, emulator, servers),
// and appends `{"file": ..., "ms": ..., "cpuMs": ...}` lines to GOAG_TEST_FILE_TIMES. CPU time hardly changes with
// the machine's load, so it says which file to make cheaper when the wall time is CPU-bound. In parallel mode a root `beforeAll`/`afterAll` runs
// once per file in its worker, which is what makes this per file; scripts/test.sh prints the slowest files so a
// slow CI points at where the time went.
"use strict";
const fs = require("fs");
const path = require("path");

/** CPU milliseconds of this process and its reaped children (Linux /proc; 0 for the children elsewhere). */
function cpuMs() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    children = (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    children = 0;
  }
  return (own.user + own.system) / 1000 + children;
}

let started = 0;
let cpuStarted = 0;
exports.mochaHooks = {
  beforeAll() {
    started = Date.now();
    cpuStarted = cpuMs();
  },
  afterAll() {
    const out = process.env.GOAG_TEST_FILE_TIMES;
    if (!out) return;
    const files = new Set();
    for (const suite of this.test.parent.suites) if (suite.file) files.add(path.relative(process.cwd(), suite.file));
    const file = files.size === 1 ? [...files][0] : `${files.size} files`;
    fs.appendFileSync(out, JSON.stringify({ file, ms: Date.now() - started, cpuMs: Math.round(cpuMs() - cpuStarted) }) + "\n");
  },
};
