/**
 * The audit's SARIF output validated against the official SARIF 2.1.0 JSON schema (OASIS; the copy in
 * tests/support/fixtures/sarif-2.1.0.schema.json is the one Microsoft's SARIF multitool ships), for a report
 * with findings of every seeded kind, a clean one, and one with an input that could not be read.
 */
import * as assert from "assert";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatSarif, resolveSources, runAudit } from "../../../audit";
import { cleanStack, exportText, seedLeaks } from "../../support/fixtures/state-builder";

const schemaFile = path.resolve(__dirname, "..", "..", "..", "..", "tests", "support", "fixtures", "sarif-2.1.0.schema.json");

describe("audit: SARIF output against the SARIF 2.1.0 schema", () => {
  let dir: string;
  let validate: (data: unknown) => boolean;
  let errors: () => string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-sarif-"));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const v = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")) as object);
    validate = (data) => v(data);
    errors = () => ajv.errorsText(v.errors, { separator: "\n" });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the schema itself rejects an invalid log (the validator is live)", () => {
    assert.strictEqual(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), false);
    assert.strictEqual(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: {} }] }] }), false);
  });

  it("a report with findings of every seeded kind, a clean input and an unreadable one is valid SARIF", async () => {
    const leaky = path.join(dir, "leaky.json");
    const resources = cleanStack({ seed: 7 });
    const leaks = seedLeaks(resources, { seed: 8 });
    fs.writeFileSync(leaky, exportText(resources, 4));
    const clean = path.join(dir, "clean.json");
    fs.writeFileSync(clean, exportText(cleanStack({ seed: 9 }), 3));
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, '{"version": 3, "deployment": {"resources": [');
    const report = await runAudit(resolveSources({ paths: [leaky, clean, broken] }));
    assert.ok(report.findings.length >= leaks.length, "the report has findings");
    assert.ok(
      report.inputs.some((i) => i.error !== undefined),
      "the report has an unreadable input",
    );
    const sarif = JSON.parse(formatSarif(report, dir)) as unknown;
    assert.ok(validate(sarif), errors());
  });

  it("a clean report is valid SARIF with an empty result list", async () => {
    const clean = path.join(dir, "only-clean.json");
    fs.writeFileSync(clean, exportText(cleanStack({ seed: 11 }), 3));
    const sarif = JSON.parse(formatSarif(await runAudit(resolveSources({ paths: [clean] })), dir)) as { runs: { results: unknown[] }[] };
    assert.ok(validate(sarif), errors());
    assert.deepStrictEqual(sarif.runs[0].results, []);
  });
});
