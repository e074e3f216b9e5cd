/**
 * End to end with the real Pulumi CLI and the project's policy pack (default configuration): the documented
 * opt-in secret output (`exposeSecretAsOutput: true`, always listed in additionalSecretOutputs) passes the
 * pack at preview, at `up`, and at a preview after `up`, on the OAuthClient itself and on the child
 * SecretRotation its `rotation` creates (which carries the current secret). The default pack requires
 * rotation on every OAuthClient, so the client under test has `rotation: { every: "30d" }`. A control run
 * shows the same pack does fail a stack that exports the secret as a stack output.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { packDir } from "../../support/policy-packs";
import { PulumiWorkspace, pulumiAvailable } from "../../support/pulumi";
import { Emulator, startEmulator } from "../providers/helpers";

interface ExportedResource {
  type: string;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
}

describe("e2e: the policy pack accepts the documented opt-in secret output", function () {
  this.timeout(600_000);
  const adminId = `e2e-admin-${randomBytes(4).toString("hex")}`;
  const adminSecret = randomBytes(18).toString("base64url");
  let emulator: Emulator;
  const workspaces: PulumiWorkspace[] = [];

  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    emulator = await startEmulator(adminId, adminSecret);
  });

  after(async () => {
    workspaces.forEach((w) => w.dispose());
    await emulator?.stop();
  });

  async function workspace(stack: string, config: Record<string, string>): Promise<PulumiWorkspace> {
    const ws = new PulumiWorkspace("oauth-client");
    workspaces.push(ws);
    ws.extraEnv = {
      GENESYS_CLOUD_CLIENT_ID: adminId,
      GENESYS_CLOUD_CLIENT_SECRET: adminSecret,
      GENESYS_CLOUD_API_URL: emulator.baseUrl,
      GENESYS_CLOUD_LOGIN_URL: emulator.baseUrl,
    };
    await ws.initStack(stack);
    await ws.ok(["config", "set", "--plaintext", "secretStore", `file://./.secrets/${stack}`]);
    await ws.ok(["config", "set", "exposeSecret", "true"]);
    for (const [k, v] of Object.entries(config)) await ws.ok(["config", "set", k, v]);
    return ws;
  }

  /** Run with the pack; fail with the pack's findings when the exit code is not 0. */
  async function withPack(ws: PulumiWorkspace, args: string[]): Promise<string> {
    const r = await ws.run([...args, "--suppress-outputs", "--policy-pack", packDir]);
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, `pulumi ${args.join(" ")} with the pack failed:\n${out.slice(-4000)}`);
    assert.doesNotMatch(out, /\[(mandatory|advisory)\]/, `no policy finding:\n${out.slice(-4000)}`);
    return out;
  }

  it("OAuthClient with exposeSecretAsOutput and rotation: preview, up and a second preview pass the pack", async () => {
    const ws = await workspace("optin", { rotationEvery: "30d" });
    await withPack(ws, ["preview"]);
    await withPack(ws, ["up", "--yes"]);
    const exported = JSON.parse((await ws.ok(["stack", "export"])).stdout) as { deployment: { resources: ExportedResource[] } };
    for (const kind of [":OAuthClient", ":SecretRotation"]) {
      const holder = exported.deployment.resources.find((r) => r.type.endsWith(kind));
      assert.ok(
        JSON.stringify(holder?.outputs?.clientSecret ?? null).includes("ciphertext"),
        `${kind}: the secret is exposed there, encrypted (the case under test is real)`,
      );
      assert.deepEqual(holder?.additionalSecretOutputs, ["clientSecret"]);
    }
    await withPack(ws, ["preview"]);
  });

  it("control: the same pack fails a preview that exports the exposed secret as a stack output", async () => {
    const ws = await workspace("optin-control", { exportSecret: "true" });
    const r = await ws.run(["preview", "--suppress-outputs", "--policy-pack", packDir]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, out.slice(-3000));
    assert.match(out, /\[mandatory\].*genesys-no-secret-in-stack-outputs/);
  });
});
