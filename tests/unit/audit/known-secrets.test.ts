/**
 * The audit's known-secret mode: store references discovered in state, each read once; an unreachable store
 * is one note and the audit goes on; URNs and paths holding the secret are masked in JSON and SARIF; the
 * CLI part (stores read by default, not with --no-store-read) is tests/integration/audit/known-secrets-cli.test.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createStoreReader, formatJson, formatSarif, formatTable, resolveSources, runAudit, type StoreOpener } from "../../../audit";
import { GuardError } from "../../../core/errors";
import { CREDENTIAL_SCHEMA, type StoredCredential } from "../../../stores/store";
import { cleanDraft, type LeakContext } from "../../leaks/exports/generator";
import { assertNoFragment, fakeSecret, shapedSecret } from "../detection/fixtures";

const KNOWN_RULE = "genesys-stored-secret-match";

function stored(secret: string, clientId = "client-1"): StoredCredential {
  return { version: "1", record: { schema: CREDENTIAL_SCHEMA, clientId, clientSecret: secret, rotationId: "r1", rotatedAt: "2026-11-01T00:00:00.000Z" } };
}

describe("audit: known secrets from the stores the stack names", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-known-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeExport(name: string, ctx: LeakContext, mutate: (resources: ReturnType<typeof cleanDraft>["resources"]) => void): string {
    const draft = cleanDraft(ctx);
    mutate(draft.resources);
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: draft.resources } }, null, 2));
    return file;
  }

  it("reads each reference once, however many resources and inputs name it, and masks a secret in a URN", async () => {
    const secret = fakeSecret();
    const ctx = { secret, clientId: "client-1", storeReference: "vault://secret/genesys/ci?addr=https://vault.example.com:8200" };
    const file = writeExport("urn", ctx, (rs) => {
      rs.push({
        urn: `urn:pulumi:dev::leaky::aws:ssm/parameter:Parameter::p-${secret}`,
        custom: true,
        type: "aws:ssm/parameter:Parameter",
        inputs: { value: "x" },
        outputs: { value: "x" },
      });
    });
    let reads = 0;
    const open: StoreOpener = (reference) => ({ reference, read: async () => (reads++, stored(secret)) });
    const reader = createStoreReader({ open });
    const report = await runAudit(resolveSources({ paths: [file, file, file] }), { storeReader: reader });
    assert.strictEqual(reads, 1, "one read for three inputs and two resources naming the reference");
    const hits = report.findings.filter((f) => f.rule === KNOWN_RULE && f.path === "urn");
    assert.strictEqual(hits.length, 3);
    assert.ok(
      hits.every((f) => f.urn === "urn:pulumi:dev::leaky::aws:ssm/parameter:Parameter::p-<redacted>"),
      hits.map((f) => f.urn).join("\n"),
    );
    assert.ok(hits.every((f) => f.evidence === "an exact copy of the secret stored at vault://secret/genesys/ci?addr=https://vault.example.com:8200"));
    assertNoFragment([formatJson(report), formatSarif(report, dir), formatTable(report)], [secret]);
  });

  it("a store that cannot be read: one note naming the reference safely, the audit goes on in shape mode", async () => {
    const secret = shapedSecret();
    const reference = "vault://secret/genesys/ci?addr=https://vault.example.com:8200&namespace=team-a";
    const ctx = { secret, clientId: "client-1", storeReference: reference };
    const file = writeExport("down", ctx, (rs) => {
      rs[0].outputs = { ...rs[0].outputs, leaked: secret };
    });
    const notes: string[] = [];
    let opens = 0;
    const open: StoreOpener = () => {
      opens++;
      throw new GuardError("store.unavailable", `Vault at https://vault.example.com:8200 is sealed`);
    };
    const report = await runAudit(resolveSources({ paths: [file, file] }), { storeReader: createStoreReader({ open, note: (l) => notes.push(l) }) });
    assert.strictEqual(opens, 1);
    assert.strictEqual(notes.length, 1, notes.join("\n"));
    assert.match(
      notes[0],
      /^genesys-oauth-guard: note: cannot read the store at vault:\/\/secret\/genesys\/ci\?addr=https:\/\/vault\.example\.com:8200&namespace=team-a \(Vault at .* is sealed \[store\.unavailable\]\); the audit goes on without its secret$/,
    );
    assert.ok(!notes[0].includes("\n"));
    assert.strictEqual(report.summary.inputErrors, 0, "an unreachable store is not a failure");
    assert.ok(
      report.findings.some((f) => f.rule === "genesys-secret-shape" && f.path === "outputs.leaked"),
      "shape rules still ran",
    );
    assert.ok(!report.findings.some((f) => f.rule === KNOWN_RULE));
  });

  it("a reference with a credential-looking query value is printed in its safe form", async () => {
    const notes: string[] = [];
    const reader = createStoreReader({ open: () => Promise.reject(new Error("no such store")), note: (l) => notes.push(l) });
    assert.deepStrictEqual(await reader("awssm://genesys/ci?region=eu-west-1&apikey=abcdefghijklmnop"), []);
    assert.strictEqual(notes.length, 1);
    assert.ok(!notes[0].includes("abcdefghijklmnop"), notes[0]);
  });

  it("nothing stored: a note, no secret, no failure", async () => {
    const notes: string[] = [];
    const reader = createStoreReader({ open: (reference) => ({ reference, read: async () => undefined }), note: (l) => notes.push(l) });
    assert.deepStrictEqual(await reader("file://./nowhere"), []);
    assert.match(notes[0], /nothing is stored at file:\/\/\.\/nowhere/);
  });

  it("a reference given with --against-store (preloaded) is not read again when the state names it", async () => {
    let opens = 0;
    const secret = fakeSecret();
    const reader = createStoreReader({
      open: (reference) => (opens++, { reference, read: async () => stored(secret) }),
      preloaded: new Map([["file://./a", [{ source: "file://./a", value: secret }]]]),
    });
    assert.deepStrictEqual(
      (await reader("file://./a")).map((s) => s.source),
      ["file://./a"],
    );
    assert.strictEqual(opens, 0);
    await reader("file://./b");
    await reader("file://./b");
    assert.strictEqual(opens, 1);
  });

  it("also looks for a pending rotation's secret", async () => {
    const current = fakeSecret();
    const pending = fakeSecret();
    const credential = stored(current);
    credential.record.pending = { rotationId: "r2", startedAt: "2026-11-02T00:00:00.000Z", clientId: "client-2", clientSecret: pending };
    const reader = createStoreReader({ open: (reference) => ({ reference, read: async () => credential }) });
    const secrets = await reader("file://./pair");
    assert.deepStrictEqual(
      secrets.map((s) => s.source),
      ["file://./pair", "file://./pair (pending rotation)"],
    );
  });
});
