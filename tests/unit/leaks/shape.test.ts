/**
 * Shape mode (no known secret): every variant of tests/leaks/shape/ over many uniformly random secrets of
 * the Genesys lengths (16, 20, 21, 22), through the pack's rules and the audit. Prints the catch rate per
 * variant and asserts ≥ 90% overall for each consumer, and that no message ever holds the value.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LEAK_VARIANTS } from "../../leaks/shape/variants";
import { Rand } from "../../leaks/random";
import { auditFindings, packFindings } from "../../leaks/run";

const RUNS = Number(process.env.GOAG_SHAPE_RUNS ?? 40);
const BASE_SEED = Number(process.env.GOAG_SHAPE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("leaks: shape mode catches secrets it does not know", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-shape-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`catches ≥ 90% of ${LEAK_VARIANTS.length} variants × ${RUNS} random secrets, in the pack and in the audit, without printing them`, async () => {
    const rows: string[] = [];
    let packHits = 0;
    let auditHits = 0;
    let total = 0;
    for (const [index, variant] of LEAK_VARIANTS.entries()) {
      let p = 0;
      let a = 0;
      for (let run = 0; run < RUNS; run++) {
        const r = new Rand((BASE_SEED + index * 7919 + run) >>> 0);
        const secret = r.chars(r.pick([16, 20, 21, 22]), ALPHABET); // uniformly random: the real distribution, no re-draw
        const c = variant.build(secret, r);
        const pack = await packFindings(c);
        const audit = await auditFindings(c, dir, `${index}-${run}`);
        for (const line of [...pack, ...audit]) {
          for (const form of [secret, secret.toUpperCase(), secret.toLowerCase()])
            assert.ok(!line.includes(form), `a finding prints the value (${variant.name}, seed ${BASE_SEED})`);
        }
        if (pack.length > 0) p++;
        if (audit.length > 0) a++;
      }
      rows.push(`${variant.name.padEnd(48)} pack ${String(p).padStart(3)}/${RUNS}  audit ${String(a).padStart(3)}/${RUNS}`);
      packHits += p;
      auditHits += a;
      total += RUNS;
    }
    const rate = (n: number): string => `${((100 * n) / total).toFixed(1)}%`;
    process.stdout.write(
      `      shape-mode catch rate (base seed ${BASE_SEED}):\n${rows.map((l) => `        ${l}`).join("\n")}\n        overall: pack ${rate(packHits)}, audit ${rate(auditHits)}\n`,
    );
    assert.ok(packHits / total >= 0.9, `pack catch rate ${rate(packHits)} < 90%`);
    assert.ok(auditHits / total >= 0.9, `audit catch rate ${rate(auditHits)} < 90%`);
  });
});
