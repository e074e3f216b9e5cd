// Mocha root-hook plugin (`--require`): measures each test file's wall time, hooks included, and appends
// `{"file": ..., "ms": ...}` lines to GOAG_TEST_FILE_TIMES. In parallel mode a root `beforeAll`/`afterAll` runs
// once per file in its worker, which is what makes this per file; scripts/test.sh prints the slowest files so a
// slow CI points at where the time went.
"use strict";
const fs = require("fs");
const path = require("path");

let started = 0;
exports.mochaHooks = {
  beforeAll() {
    started = Date.now();
  },
  afterAll() {
    const out = process.env.GOAG_TEST_FILE_TIMES;
    if (!out) return;
    const files = new Set();
    for (const suite of this.test.parent.suites) if (suite.file) files.add(path.relative(process.cwd(), suite.file));
    const file = files.size === 1 ? [...files][0] : `${files.size} files`;
    fs.appendFileSync(out, JSON.stringify({ file, ms: Date.now() - started }) + "\n");
  },
};
