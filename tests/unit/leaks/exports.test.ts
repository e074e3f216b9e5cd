/**
 * The hand-made leak exports (tests/leaks/exports/generator.ts) through the audit engine: with the secret
 * read from the file store the stack's own OAuthClient names, every variant is caught and nothing printed
 * (table, JSON, SARIF, notes) holds the secret or a fragment of it. Prints the catch rate, and the catch
 * rate without known secrets (shape mode: measured, not asserted — shape mode is improved elsewhere).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createStoreReader, formatJson, formatSarif, formatTable, resolveSources, runAudit, type AuditReport, type StoreOpener } from "../../../audit";
import { openStore } from "../../../stores";
import { FileStore } from "../../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";
import { CONTROL_VARIANTS, LEAK_VARIANTS, buildExport, type LeakContext, type LeakVariant } from "../../leaks/exports/generator";
import { assertNoFragment, shapedSecret } from "../detection/fixtures";

const KNOWN_RULE = "genesys-stored-secret-match";

describe("leak exports: known-secret matching over hand-made stack exports", function () {
  this.timeout(180_000);
  let dir: string;
  let ctx: LeakContext;
  let reads: Map<string, number>;
  let notes: string[];
  const files = new Map<string, string>();

  /** Opens the real store, counting reads per reference. */
  const countingOpener: StoreOpener = (reference, options) => {
    const store = openStore(reference, options);
    return {
      reference: store.reference,
      read: () => {
        reads.set(reference, (reads.get(reference) ?? 0) + 1);
        return store.read();
      },
    };
  };

  async function audit(file: string[], known: boolean): Promise<AuditReport> {
    const storeReader = known ? createStoreReader({ open: countingOpener, note: (line) => notes.push(line) }) : undefined;
    return runAudit(resolveSources({ paths: file }), { storeReader });
  }

  function printed(report: AuditReport): string[] {
    return [formatJson(report), formatSarif(report, dir), formatTable(report), ...notes];
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-leaks-"));
    const secret = shapedSecret(22);
    const storeFile = path.join(dir, "store", "ci-client");
    const store = new FileStore({ kind: "file", path: storeFile }, {});
    await store.write({
      schema: CREDENTIAL_SCHEMA,
      clientId: "9f1c2e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
      clientSecret: secret,
      rotationId: "r1",
      rotatedAt: "2026-11-01T00:00:00.000Z",
    });
    ctx = { secret, clientId: "9f1c2e7a-1b2c-4d5e-8f90-a1b2c3d4e5f6", storeReference: `file://${storeFile}` };
    const write = (name: string, variant: LeakVariant | undefined): void => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, buildExport(variant, ctx));
      files.set(name, file);
    };
    write("clean", undefined);
    for (const v of [...LEAK_VARIANTS, ...CONTROL_VARIANTS]) write(v.name, v);
  });
  beforeEach(() => {
    reads = new Map();
    notes = [];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has at least 40 variants, each a different category", () => {
    assert.ok(LEAK_VARIANTS.length >= 40, `${LEAK_VARIANTS.length} variants`);
    assert.strictEqual(new Set(LEAK_VARIANTS.map((v) => v.category)).size, LEAK_VARIANTS.length);
    assert.strictEqual(new Set(LEAK_VARIANTS.map((v) => v.name)).size, LEAK_VARIANTS.length);
    for (const v of LEAK_VARIANTS) assert.notStrictEqual(buildExport(v, ctx), buildExport(undefined, ctx), v.name);
  });

  it("the clean stack and the opt-in controls have no finding, with and without known secrets", async () => {
    for (const name of ["clean", ...CONTROL_VARIANTS.map((v) => v.name)]) {
      for (const known of [true, false]) {
        const report = await audit([files.get(name)!], known);
        assert.strictEqual(report.summary.inputErrors, 0);
        // A --show-secrets export holds the opted-in output readable: the secret-key rule reports that (by design);
        // for known-secret matching the engine-encrypted opted-in output is never a leak.
        const relevant = report.findings.filter((f) => name !== "opt-in-show-secrets" || f.rule === KNOWN_RULE);
        assert.deepStrictEqual(
          relevant.map((f) => `${f.rule} ${f.urn} ${f.path}`),
          [],
          `${name} (${known ? "known" : "shape"} mode)`,
        );
      }
    }
    assert.deepStrictEqual([...reads.entries()], [[ctx.storeReference, 1 + CONTROL_VARIANTS.length]], "the store was read, once per known-mode run");
  });

  it("catches every variant with the secret read from the store the stack names; nothing printed holds it", async () => {
    const missed: string[] = [];
    for (const v of LEAK_VARIANTS) {
      reads = new Map();
      const report = await audit([files.get(v.name)!], true);
      assert.deepStrictEqual([...reads.entries()], [[ctx.storeReference, 1]], `${v.name}: one read of the store named by the OAuthClient`);
      if (!report.findings.some((f) => f.rule === KNOWN_RULE)) missed.push(`${v.name} (${v.category})`);
      assertNoFragment(printed(report), [ctx.secret]);
      assert.ok(
        report.findings.filter((f) => f.rule === KNOWN_RULE).every((f) => f.evidence.includes(ctx.storeReference)),
        `${v.name}: evidence names the store`,
      );
    }
    const caught = LEAK_VARIANTS.length - missed.length;
    console.log(`      known-secret mode: caught ${caught}/${LEAK_VARIANTS.length} (${((100 * caught) / LEAK_VARIANTS.length).toFixed(1)}%)`);
    assert.deepStrictEqual(missed, []);
  });

  it("reads each store once per run across many inputs", async () => {
    const report = await audit(
      LEAK_VARIANTS.map((v) => files.get(v.name)!),
      true,
    );
    assert.deepStrictEqual([...reads.entries()], [[ctx.storeReference, 1]]);
    assert.ok(report.findings.length >= LEAK_VARIANTS.length);
    assertNoFragment(printed(report), [ctx.secret]);
  });

  it("shape mode (no store read): measures the catch rate", async () => {
    let caught = 0;
    const missed: string[] = [];
    for (const v of LEAK_VARIANTS) {
      const report = await audit([files.get(v.name)!], false);
      assertNoFragment(printed(report), [ctx.secret]);
      if (report.findings.length > 0) caught++;
      else missed.push(v.name);
    }
    assert.strictEqual(reads.size, 0, "no store is read without a store reader");
    console.log(
      `      shape mode (no known secrets): caught ${caught}/${LEAK_VARIANTS.length} (${((100 * caught) / LEAK_VARIANTS.length).toFixed(1)}%); missed: ${missed.join(", ")}`,
    );
  });
});
