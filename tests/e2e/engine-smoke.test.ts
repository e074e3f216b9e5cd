/**
 * Proves the real Pulumi engine works on this machine: a program with a dynamic resource goes through
 * `pulumi up`, an update, and `pulumi destroy` on a local file backend with a passphrase.
 */
import { strict as assert } from "assert";
import { PulumiWorkspace, pulumiAvailable } from "../support/pulumi";

describe("e2e: Pulumi engine smoke test", function () {
  this.timeout(300_000);
  let ws: PulumiWorkspace;

  before(function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    ws = new PulumiWorkspace("engine-smoke");
  });
  after(() => ws?.dispose());

  it("runs up, update and destroy with a dynamic resource", async () => {
    await ws.initStack("smoke");
    const up = await ws.ok(["up", "--yes", "--skip-preview"]);
    assert.match(up.stdout, /\+ 2 created/);

    const outputs = JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    assert.equal(outputs.thingId, "thing-one");
    assert.equal(outputs.label, "one");

    await ws.ok(["config", "set", "label", "two"]);
    const update = await ws.ok(["up", "--yes", "--skip-preview"]);
    assert.match(update.stdout, /~ 1 updated/);
    const after = JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    assert.equal(after.label, "two");

    const state = JSON.parse((await ws.ok(["stack", "export"])).stdout) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    const dynamic = state.deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    assert.ok(dynamic, "the dynamic resource is in state");
    assert.equal(dynamic.outputs?.updated, true);

    const destroy = await ws.ok(["destroy", "--yes", "--skip-preview"]);
    assert.match(destroy.stdout, /- 2 deleted/);
    const empty = JSON.parse((await ws.ok(["stack", "export"])).stdout) as { deployment: { resources?: unknown[] } };
    assert.equal((empty.deployment.resources ?? []).length, 0);
  });
});
