// Mocha reporter: the usual spec output, then one closing line "N passed, N failed, N skipped" that CI reads.
// With GOAG_TEST_STATS set, the counts are also appended to that file as one JSON line (scripts/test.sh runs
// mocha twice, serial and parallel suites, and prints the total).
"use strict";
const fs = require("fs");
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      process.stdout.write(`\ntests: ${s.passes || 0} passed, ${s.failures || 0} failed, ${s.pending || 0} skipped\n`);
      if (process.env.GOAG_TEST_STATS) {
        fs.appendFileSync(process.env.GOAG_TEST_STATS, JSON.stringify({ passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0 }) + "\n");
      }
    });
  }
}
module.exports = SummaryReporter;
