import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sinon from "sinon";
import { GuardError } from "../../../core/errors";
import { redactText } from "../../../core/redact";
import { FileStore } from "../../../stores/file-store";
import { openStore } from "../../../stores/index";
import { CREDENTIAL_SCHEMA, CredentialRecord } from "../../../stores/store";

const SECRET = "file-store-secret-Zq8vP3xK";

function record(rotationId: string, secret = SECRET): CredentialRecord {
  return {
    schema: CREDENTIAL_SCHEMA,
    clientId: "client-123",
    clientSecret: secret,
    rotationId,
    rotatedAt: "2026-11-25T09:00:00.000Z",
    region: "mypurecloud.ie",
  };
}

async function rejects(p: Promise<unknown>, code: string, pattern?: RegExp): Promise<GuardError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GuardError, String(e));
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.describe(), pattern);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe("stores/file-store", () => {
  let dir: string;
  const errors: unknown[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-file-store-"));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(() => {
    for (const e of errors) {
      const text = `${String(e)} ${JSON.stringify(e)} ${(e as GuardError).describe?.() ?? ""}`;
      assert.ok(!text.includes(SECRET), "an error contains the secret");
    }
  });

  function store(rel = "./.secrets/ci-client"): FileStore {
    return openStore(`file://${rel}`, { cwd: dir }) as FileStore;
  }

  it("resolves relative references against cwd and absolute ones as is", () => {
    assert.equal(store().filePath, path.join(dir, ".secrets", "ci-client"));
    assert.equal((openStore(`file://${dir}/abs/x`) as FileStore).filePath, path.join(dir, "abs", "x"));
    assert.equal(store().reference, "file://./.secrets/ci-client");
  });

  it("creates a 0700 directory and a 0600 file holding record, version and rotationId", async () => {
    const s = store();
    const stored = await s.write(record("rot-1"));
    assert.equal(stored.version, "1");
    assert.equal(fs.statSync(s.dirPath).mode & 0o777, 0o700);
    assert.equal(fs.statSync(s.filePath).mode & 0o777, 0o600);
    const content = JSON.parse(fs.readFileSync(s.filePath, "utf8")) as { version: number; rotationId: string; record: unknown };
    assert.equal(content.version, 1);
    assert.equal(content.rotationId, "rot-1");
    assert.deepEqual(content.record, record("rot-1"));
    assert.deepEqual(await s.read(), { record: record("rot-1"), version: "1" });
  });

  it("creates the file 0600 even with a permissive umask", async () => {
    const old = process.umask(0);
    try {
      const s = store();
      await s.write(record("rot-1"));
      assert.equal(fs.statSync(s.filePath).mode & 0o777, 0o600);
      assert.equal(fs.statSync(s.dirPath).mode & 0o777, 0o700);
    } finally {
      process.umask(old);
    }
  });

  it("increments the version per write and is idempotent per rotationId", async () => {
    const s = store();
    assert.equal((await s.write(record("rot-1"))).version, "1");
    assert.equal((await s.write(record("rot-2", "second-secret-abcdef"))).version, "2");
    const before = fs.statSync(s.filePath);
    // the same rotation again (a retry): no write, same version, the stored record
    const again = await s.write({ ...record("rot-2", "second-secret-abcdef"), rotatedAt: "2026-11-25T10:00:00.000Z" });
    assert.equal(again.version, "2");
    assert.equal(again.record.rotatedAt, "2026-11-25T09:00:00.000Z");
    assert.equal(fs.statSync(s.filePath).ino, before.ino, "file was rewritten");
    assert.equal((await s.write(record("rot-3"))).version, "3");
    assert.equal((await s.read())?.record.rotationId, "rot-3");
  });

  it("writes atomically: rename of a temp file, no leftovers", async () => {
    const s = store();
    await s.write(record("rot-1"));
    const ino1 = fs.statSync(s.filePath).ino;
    await s.write(record("rot-2"));
    assert.notEqual(fs.statSync(s.filePath).ino, ino1, "the file must be replaced, not rewritten in place");
    assert.deepEqual(fs.readdirSync(s.dirPath), ["ci-client"]);
  });

  it("leaves the old file intact and no temp file behind when the write fails", async () => {
    const s = store();
    await s.write(record("rot-1"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require("fs") as typeof fs;
    const stub = sinon.stub(realFs, "renameSync").callsFake(() => {
      throw Object.assign(new Error("injected"), { code: "EIO" });
    });
    try {
      const e = await rejects(s.write(record("rot-2")), "store.io", /cannot write .*ci-client \(EIO\)/);
      errors.push(e);
    } finally {
      stub.restore();
    }
    assert.equal((await s.read())?.record.rotationId, "rot-1");
    assert.deepEqual(fs.readdirSync(s.dirPath), ["ci-client"]);
    assert.equal((await s.write(record("rot-2"))).version, "2");
  });

  it("refuses a group/world-accessible directory with the chmod to run", async () => {
    const s = store();
    fs.mkdirSync(s.dirPath, { mode: 0o755 });
    fs.chmodSync(s.dirPath, 0o755);
    const e = await rejects(s.write(record("rot-1")), "store.insecure", new RegExp(`chmod 700 '${s.dirPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'`));
    errors.push(e);
    errors.push(await rejects(s.read(), "store.insecure"));
    errors.push(await rejects(s.checkWritable(), "store.insecure"));
    assert.ok(!fs.existsSync(s.filePath));
  });

  it("refuses a group/world-readable file with the chmod to run", async () => {
    const s = store();
    await s.write(record("rot-1"));
    fs.chmodSync(s.filePath, 0o644);
    const e = await rejects(s.read(), "store.insecure", /chmod 600 '.*ci-client'/);
    errors.push(e);
    errors.push(await rejects(s.write(record("rot-2")), "store.insecure"));
  });

  it("checkWritable creates the directory and leaves nothing behind", async () => {
    const s = store("./deep/er/.secrets/x");
    await s.checkWritable();
    assert.equal(fs.statSync(s.dirPath).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(s.dirPath), []);
  });

  it("reads undefined when nothing is stored; remove deletes and tolerates absence", async () => {
    const s = store();
    assert.equal(await s.read(), undefined);
    await s.remove();
    await s.write(record("rot-1"));
    await s.remove();
    assert.ok(!fs.existsSync(s.filePath));
    assert.equal(await s.read(), undefined);
    // after removal the counter starts again
    assert.equal((await s.write(record("rot-9"))).version, "1");
  });

  it("reports a corrupt file without its content", async () => {
    const s = store();
    await s.write(record("rot-1"));
    fs.writeFileSync(s.filePath, `{"record": {"clientSecret": "${SECRET}"`, { mode: 0o600 });
    errors.push(await rejects(s.read(), "store.io", /not valid JSON/));
    fs.writeFileSync(s.filePath, JSON.stringify({ version: 1, record: { clientSecret: SECRET } }), { mode: 0o600 });
    const e = await rejects(s.read(), "store.io", /missing or invalid: schema, clientId, rotationId, rotatedAt/);
    errors.push(e);
    assert.ok(!redactText(SECRET).includes(SECRET), "the secret was registered for redaction");
  });

  it("rejects an incomplete record before touching the disk", async () => {
    const s = store();
    const bad = { ...record("rot-1"), clientId: "" };
    errors.push(await rejects(s.write(bad), "input.invalid", /clientId/));
    assert.ok(!fs.existsSync(s.dirPath));
  });
});
