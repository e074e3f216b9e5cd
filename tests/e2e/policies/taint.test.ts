/**
 * End to end, real Pulumi CLI + emulator: the first deploy of a program that derives values from the
 * opted-in `clientSecret` output (unknown at preview) is blocked by `genesys-no-secret-derived-values` at
 * preview — `pulumi up` stops at its own preview, so no client is created and no state holds the value.
 * A control stack with only that rule disabled shows the hazard: `up` writes base64(secret) to state
 * (as a secret envelope: secretness propagates through apply, but it is a copy outside the one opt-in output).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { openStore } from "../../../stores";
import { packResolvable } from "../../support/pack-runtime";
import { packDir } from "../../support/policy-packs";
import { parseViolations, stackOutputsNamed } from "../../support/policy-violations";
import { PulumiWorkspace, pulumiAvailable, repoRoot } from "../../support/pulumi";
import { emulatorStats, startEmulatorWorkspace, writeCalls, type Emulator, type EmulatorWorkspace } from "../providers/helpers";

const programsDir = path.join(repoRoot, "tests", "e2e", "policies", "programs");
const RULE = "genesys-no-secret-derived-values";

/** Resources in the stack's checkpoint (0 when the stack was never updated). */
function checkpointResources(ws: PulumiWorkspace, stack: string): number {
  const file = ws.backendFiles().find((f) => f.file.endsWith(path.join("stacks", "leak-derived-secret-first-deploy", `${stack}.json`)));
  if (!file) return 0;
  const parsed = JSON.parse(file.text) as { checkpoint?: { latest?: { resources?: unknown[] } } };
  return parsed.checkpoint?.latest?.resources?.length ?? 0;
}

describe("e2e: taint at preview (values derived from the opted-in secret output)", function () {
  this.timeout(600_000);
  let started: EmulatorWorkspace | undefined;
  let emulator: Emulator;
  let ws: PulumiWorkspace;

  before(async function () {
    if (!pulumiAvailable() || !packResolvable()) this.skip();
    started = await startEmulatorWorkspace("derived-secret-first-deploy", { programsDir });
    ({ emulator, ws } = started);
  });

  after(async () => {
    await started?.dispose();
  });

  it("first deploy: preview fails on the derived stack output and resource input although both are unknown", async () => {
    await ws.initStack("first");
    await ws.ok(["config", "set", "secretStore", "file://./.secrets/first"]);
    const r = await ws.run(["preview", "--policy-pack", packDir]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, out);
    const mine = parseViolations(out).filter((v) => v.policy === RULE && v.level === "mandatory");
    assert.ok(
      mine.some((v) => v.resourceName === "consumer" && /property 'tags\.auth'.*\('ci' → 'consumer'\) is unknown during preview/.test(v.text)),
      out,
    );
    assert.ok(
      mine.some((v) => v.resourceType === "pulumi:pulumi:Stack" && stackOutputsNamed(v.text).includes("buildToken")),
      out,
    );
  });

  it("first deploy: up stops at its preview — no client in Genesys, no secret in the store, no resource in the checkpoint", async () => {
    const before = await emulatorStats(emulator.baseUrl);
    const r = await ws.run(["up", "--yes", "--policy-pack", packDir]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, out);
    assert.match(out, new RegExp(`\\[mandatory\\].*${RULE}`));
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "no Genesys write: the client was never created");
    assert.equal(await openStore("file://./.secrets/first", { cwd: ws.programDir }).read(), undefined, "nothing in the store");
    assert.equal(checkpointResources(ws, "first"), 0, "the checkpoint holds no resource");
  });

  it("control: without this rule (and the input rule that sees the value only during up), up writes the derived value to state", async () => {
    await ws.initStack("control");
    await ws.ok(["config", "set", "secretStore", "file://./.secrets/control"]);
    const configFile = path.join(ws.root, "disable-taint.json");
    // genesys-no-secret-in-resource-state is disabled too: during up it sees the consumer's input once known (shape
    // mode decodes the base64) and stops the update there — after the client exists. Only this rule stops it at preview.
    fs.writeFileSync(
      configFile,
      JSON.stringify({ [RULE]: { enforcementLevel: "disabled" }, "genesys-no-secret-in-resource-state": { enforcementLevel: "disabled" } }),
    );
    const r = await ws.run(["up", "--yes", "--policy-pack", packDir, "--policy-pack-config", configFile]);
    const out = r.stdout + r.stderr;
    // The stack output is registered at the end of the update and written to state before the stack policies run.
    const record = (await openStore("file://./.secrets/control", { cwd: ws.programDir }).read())?.record;
    assert.ok(record, `the client was created and its secret stored (up exited ${r.code})\n${out}`);
    const exported = (await ws.ok(["stack", "export", "--show-secrets"])).stdout;
    const resources = (JSON.parse(exported) as { deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] } }).deployment.resources;
    const opted = resources.find((x) => x.type.endsWith(":OAuthClient"))?.outputs?.clientSecret;
    const plaintext = typeof opted === "object" && opted !== null ? (opted as { plaintext?: string }).plaintext : undefined;
    assert.ok(plaintext, "the client's opted-in output is in the export");
    const encoded = Buffer.from(JSON.parse(plaintext) as string).toString("base64");
    // Secretness propagates through apply, so it is a secret envelope: in state all the same (a second copy
    // of the secret that every reader of a decrypted export gets, outside the one documented output).
    const stackOutputs = resources.find((x) => x.type === "pulumi:pulumi:Stack")?.outputs ?? {};
    const token = stackOutputs.buildToken as { plaintext?: string } | string | undefined;
    const value = typeof token === "object" && token?.plaintext !== undefined ? (JSON.parse(token.plaintext) as string) : token;
    assert.equal(value, encoded, `the derived stack output reached state: the hazard the rule blocks (up exited ${r.code})\n${out}`);
    assert.ok(checkpointResources(ws, "control") > 0);
  });
});
