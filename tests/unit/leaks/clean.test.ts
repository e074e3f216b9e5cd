/**
 * The clean corpus (tests/leaks/clean/) must produce ZERO findings from every rule of the policy pack and
 * from the audit engine, over many random instances of each case. The base seed changes per run (printed);
 * set GOAG_CLEAN_SEED to replay a run, GOAG_CLEAN_RUNS to change the number of instances per case.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLEAN_CORPUS } from "../../leaks/clean/corpus";
import { Rand } from "../../leaks/random";
import { auditFindings, packFindings } from "../../leaks/run";

const RUNS = Number(process.env.GOAG_CLEAN_RUNS ?? 25);
const BASE_SEED = Number(process.env.GOAG_CLEAN_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("leaks: the clean corpus has no finding (pack and audit)", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-clean-"));
    process.stdout.write(
      `      clean corpus: ${CLEAN_CORPUS.length} cases × ${RUNS} instances, base seed ${BASE_SEED} (GOAG_CLEAN_SEED=${BASE_SEED} replays)\n`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has at least 30 cases", () => {
    assert.ok(CLEAN_CORPUS.length >= 30, `${CLEAN_CORPUS.length} cases`);
  });

  CLEAN_CORPUS.forEach((entry, index) => {
    it(`${entry.name}: zero findings over ${RUNS} random instances`, async () => {
      for (let run = 0; run < RUNS; run++) {
        const seed = (BASE_SEED + index * 100_003 + run) >>> 0;
        const c = entry.build(new Rand(seed));
        const pack = await packFindings(c);
        assert.deepStrictEqual(pack, [], `pack findings for "${entry.name}" (seed ${seed}):\n${pack.join("\n")}`);
        const audit = await auditFindings(c, dir, `${index}-${run}`);
        assert.deepStrictEqual(audit, [], `audit findings for "${entry.name}" (seed ${seed}):\n${audit.join("\n")}`);
      }
    });
  });
});
