/**
 * `stores/open.ts`: the same stores as `stores/index.ts`'s `openStore`, with each backend loaded only when a
 * reference of its scheme is opened (checked in a fresh Node.js process: what a policy-pack preview loads).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GuardError } from "../../../core/errors";
import { openStore as openAny } from "../../../stores/index";
import { openStore, safeReference } from "../../../stores/open";
import { CREDENTIAL_SCHEMA } from "../../../stores/store";

/** Runs `code` in a fresh node with `open` = the compiled stores/open module; returns its stdout (JSON). */
function inFreshProcess(code: string): unknown {
  const open = path.join(__dirname, "..", "..", "..", "stores", "open.js");
  const loaded = "Object.keys(require.cache).map((k) => k.split(require('path').sep).join('/'))";
  const script = `const open = require(${JSON.stringify(open)}); const loaded = () => ${loaded}; ${code}`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as unknown;
}

describe("stores/open: one backend loaded per scheme opened", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stores-open-"));
    fs.chmodSync(dir, 0o700);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens the same kind of store as stores/index for each scheme", () => {
    for (const reference of [`file://${dir}/a`, "vault://secret/genesys/ci?addr=https://vault.example:8200", "awssm://genesys/ci?region=eu-west-1"]) {
      assert.equal(openStore(reference).constructor.name, openAny(reference).constructor.name, safeReference(reference));
    }
  });

  it("reads what a file store wrote", async () => {
    const reference = `file://${dir}/b`;
    await openAny(reference).write({
      schema: CREDENTIAL_SCHEMA,
      clientId: "c",
      clientSecret: "open-test-value-0123456789",
      rotationId: "r",
      rotatedAt: "2026-12-03T00:00:00Z",
    });
    const stored = await openStore(reference).read();
    assert.equal(stored?.record.clientId, "c");
  });

  it("rejects a bad reference as stores/index does", () => {
    const bad = "ftp://example.com/x";
    assert.throws(() => openAny(bad), GuardError);
    assert.throws(
      () => openStore(bad),
      (e: unknown) => e instanceof GuardError && e.code === (catchCode(() => openAny(bad)) ?? ""),
    );
  });

  it("loading it and opening a file store loads no other backend (no AWS SDK, no Vault client)", () => {
    const result = inFreshProcess(
      `const before = loaded(); open.openStore(${JSON.stringify(`file://${dir}/c`)}); const after = loaded();` +
        "console.log(JSON.stringify({ before: before.filter((k) => k.includes('/stores/')).map((k) => k.replace(/.*\\/stores\\//, '')).sort(), after }));",
    ) as { before: string[]; after: string[] };
    assert.deepEqual(result.before, ["open.js", "reference.js"]);
    assert.ok(result.after.some((k) => k.endsWith("/stores/file-store.js")));
    assert.ok(!result.after.some((k) => k.includes("@aws-sdk") || k.endsWith("/aws-secrets-manager-store.js") || k.endsWith("/vault-store.js")));
  });

  it("loads a backend when its scheme is opened", () => {
    const after = inFreshProcess(
      `open.openStore("vault://secret/genesys/ci?addr=https://vault.example:8200"); console.log(JSON.stringify(loaded()));`,
    ) as string[];
    assert.ok(after.some((k) => k.endsWith("/stores/vault-store.js")));
    assert.ok(!after.some((k) => k.includes("@aws-sdk")));
  });
});

function catchCode(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof GuardError ? e.code : undefined;
  }
}
