/**
 * End to end with the real Pulumi CLI, the emulator and the file store: `rotation: { every: "30d" }` on an
 * OAuthClient issues exactly one secret on the first `up` (the client's create; its child SecretRotation
 * adopts it), a second `up` is a no-op, a secret one period old (its state's rotatedAt moved back with
 * `stack export`/`stack import`) is rotated by the next `up`, and a state written with the former UTC
 * bucket trigger migrates with an update that regenerates nothing.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { openStore } from "../../../stores";
import type { StoredCredential } from "../../../stores/store";
import { rotateEvery } from "../../../providers/rotation-period";
import type { PulumiWorkspace } from "../../support/pulumi";
import { emulatorStats, Emulator, requireE2eTools, startEmulatorWorkspace, tokenStatus, writeCalls, type EmulatorWorkspace } from "./helpers";

const STORE = "file://./.secrets/every";
const DAY = 86_400_000;

/** Secret issues in a stats snapshot: client creations (POST …/clients) and regenerations (POST …/clients/{id}/secret). */
function issues(stats: Record<string, unknown>): { creates: number; regenerates: number } {
  const byRoute = (stats.byRoute ?? {}) as Record<string, number>;
  let creates = 0;
  let regenerates = 0;
  for (const [route, n] of Object.entries(byRoute)) {
    if (/^POST \/api\/v2\/oauth\/clients$/.test(route)) creates += n;
    if (/^POST \/api\/v2\/oauth\/clients\/[^/]+\/secret$/.test(route)) regenerates += n;
  }
  return { creates, regenerates };
}

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("e2e: OAuthClient rotation: { every } (file store)", function () {
  this.timeout(600_000);
  let started: EmulatorWorkspace | undefined;
  let emulator: Emulator;
  let ws: PulumiWorkspace;

  before(async function () {
    requireE2eTools(this);
    started = await startEmulatorWorkspace("oauth-client");
    ({ emulator, ws } = started);
    await ws.initStack("every");
    await ws.ok(["config", "set", "--plaintext", "secretStore", STORE]);
    await ws.ok(["config", "set", "rotationEvery", "30d"]);
  });

  after(async () => {
    await started?.dispose();
  });

  async function stored(): Promise<StoredCredential> {
    const current = await openStore(STORE, { cwd: ws.programDir }).read();
    assert.ok(current, "the store holds a record");
    return current;
  }

  async function outputs(): Promise<Record<string, string>> {
    return JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
  }

  /** Rewrite the SecretRotation's state (export → edit → import), as time passing or an older version would have left it. */
  async function editRotationState(edit: (r: ExportedResource) => void): Promise<void> {
    const file = path.join(ws.root, `state-${randomBytes(3).toString("hex")}.json`);
    await ws.ok(["stack", "export", "--file", file]);
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { resources: ExportedResource[] } };
    const rotation = state.deployment.resources.find((r) => r.type.endsWith(":SecretRotation"));
    assert.ok(rotation, "the state has the child SecretRotation");
    edit(rotation);
    fs.writeFileSync(file, JSON.stringify(state));
    await ws.ok(["stack", "import", "--file", file]);
  }

  async function noOpUp(step: string): Promise<void> {
    const before = await emulatorStats(emulator.baseUrl);
    const version = (await stored()).version;
    const up = await ws.ok(["up", "--yes"]);
    assert.doesNotMatch(up.stdout, /created|updated|replaced|deleted/, `${step}: ${up.stdout}`);
    const after = await emulatorStats(emulator.baseUrl);
    assert.equal(writeCalls(after), writeCalls(before), `${step}: no write calls`);
    assert.deepEqual(issues(after), issues(before), `${step}: no secret issued`);
    assert.equal((await stored()).version, version, `${step}: the store was not written`);
  }

  it("the first up issues exactly one secret: the client's create; the child rotation adopts it", async () => {
    const before = issues(await emulatorStats(emulator.baseUrl));
    const up = await ws.ok(["up", "--yes"]);
    assert.match(up.stdout, /\+ 3 created/, up.stdout);
    const after = issues(await emulatorStats(emulator.baseUrl));
    assert.equal(after.creates - before.creates, 1, "one client created");
    assert.equal(after.regenerates - before.regenerates, 0, "no regenerate right after the create");
    const out = await outputs();
    const current = await stored();
    assert.equal(current.record.clientId, out.clientId);
    assert.equal(out.childRotationId, current.record.rotationId, "the rotation records the secret the create stored");
    assert.equal(out.childRotatedAt, current.record.rotatedAt);
    assert.equal(current.version, "1", "one store write");
    assert.equal(await tokenStatus(emulator.baseUrl, out.clientId, current.record.clientSecret), 200);
  });

  it("a second up is a no-op: no API write, no secret issued, no store write", async () => {
    await noOpUp("second up");
  });

  it("an up one period after the secret was issued rotates it once; the next up is a no-op again", async () => {
    const old = await stored();
    await editRotationState((r) => {
      r.outputs!.rotatedAt = new Date(Date.now() - 30 * DAY - 60_000).toISOString();
    });
    const before = issues(await emulatorStats(emulator.baseUrl));
    const up = await ws.ok(["up", "--yes"]);
    assert.match(up.stdout, /~ 1 updated/, up.stdout);
    const after = issues(await emulatorStats(emulator.baseUrl));
    assert.equal(after.regenerates - before.regenerates, 1, "one regenerate");
    assert.equal(after.creates, before.creates);
    const current = await stored();
    assert.notEqual(current.record.rotationId, old.record.rotationId);
    assert.equal(await tokenStatus(emulator.baseUrl, current.record.clientId, current.record.clientSecret), 200, "the new secret works");
    assert.notEqual(await tokenStatus(emulator.baseUrl, old.record.clientId, old.record.clientSecret), 200, "the old one does not");
    const out = await outputs();
    assert.equal(out.childRotationId, current.record.rotationId);
    assert.ok(Date.now() - Date.parse(out.childRotatedAt) < 10 * 60_000, "rotatedAt is now");
    await noOpUp("up after the rotation");
  });

  it("a state written with the former UTC bucket trigger migrates without regenerating", async () => {
    const issuedAt = new Date(Date.now() - 10 * DAY).toISOString();
    // A bucket from 40 days ago: the former code would have rotated now (a new bucket started since).
    const oldBucket = rotateEvery("30d", new Date(Date.now() - 40 * DAY));
    assert.notEqual(oldBucket, rotateEvery("30d"));
    await editRotationState((r) => {
      for (const props of [r.inputs!, r.outputs!]) {
        props.trigger = oldBucket;
        delete props.every;
        delete props.adoptOnCreate;
      }
      r.outputs!.rotatedAt = issuedAt;
    });
    const version = (await stored()).version;
    const before = issues(await emulatorStats(emulator.baseUrl));
    const up = await ws.ok(["up", "--yes"]);
    assert.match(up.stdout, /~ 1 updated/, `the new shape is recorded: ${up.stdout}`);
    assert.doesNotMatch(up.stdout, /replaced/);
    assert.deepEqual(issues(await emulatorStats(emulator.baseUrl)), before, "no secret issued");
    assert.equal((await stored()).version, version, "the store was not written");
    assert.equal((await outputs()).childRotatedAt, issuedAt, "rotatedAt kept: the next rotation is 30 days after it");
    await noOpUp("up after the migration");
  });
});
