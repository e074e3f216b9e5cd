/**
 * End to end with the real Pulumi CLI: adopting a client that Terraform made (`{ import: id }`).
 *
 * A client is created directly in the emulator — its secret known to the test, as a Terraform state holds
 * it — with settings that differ from the program's. Then: a non-existent id fails the preview with a clear
 * message and nothing is created; `pulumi preview --diff` shows the adoption and the differing settings
 * (and changes nothing); `pulumi up` adopts (the same client id, no new client), the Terraform secret gets
 * 401 and the stored one a token (the child rotation of `rotation: { every }` adopts that secret: one up, one
 * secret); previews run with the project's policy pack; a second preview, and one without `import`, show no changes; nothing the
 * run wrote or printed contains either secret. Also: `pulumi import` of the type fails in the engine (the
 * reason the class turns `import` into an input), with the message the docs quote.
 */
import { strict as assert } from "assert";
import { randomUUID } from "crypto";
import * as path from "path";
import type { GenesysClient } from "../../../genesys";
import { openStore } from "../../../stores";
import { OAUTH_CLIENT_TYPE } from "../../../domain/resource-types";
import { packDir } from "../../support/policy-packs";
import type { PulumiWorkspace } from "../../support/pulumi";
import {
  adminClient,
  createTerraformClient,
  Emulator,
  emulatorStats,
  EmulatorWorkspace,
  leakForms,
  requireE2eTools,
  startEmulatorWorkspace,
  tokenStatus,
  writeCalls,
} from "./helpers";

describe("e2e: OAuthClient adopts an existing client ({ import: id }) with the real Pulumi CLI", function () {
  this.timeout(600_000);
  const reference = "file://./.secrets/adopted";
  let env: EmulatorWorkspace;
  let adminId = "";
  let adminSecret = "";
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let admin: GenesysClient;
  let clientId = "";
  /** The secret Terraform state holds. */
  let terraformSecret = "";
  /** The secret the adoption stored. */
  let storedSecret = "";

  before(async function () {
    requireE2eTools(this);
    env = await startEmulatorWorkspace("oauth-client", { env: { GENESYS_OAUTH_GUARD_DEBUG: "1" } });
    ({ emulator, ws, adminId, adminSecret } = env);
    admin = adminClient(env);
    const created = await createTerraformClient(admin, "tf-ci");
    clientId = created.id;
    terraformSecret = created.secret;
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 200, "the Terraform secret works before the adoption");

    await ws.initStack("adopt");
    await ws.ok(["config", "set", "--plaintext", "secretStore", reference]);
    await ws.ok(["config", "set", "clientName", "tf-ci"]);
    // Rotation by age, as the policy pack requires: its child adopts the secret the adoption stores.
    await ws.ok(["config", "set", "rotationEvery", "30d"]);
  });

  after(async () => {
    await env?.dispose();
  });

  /** Every live client the test did not seed: the admin's own is excluded. */
  async function liveClients(): Promise<string[]> {
    return (await admin.listClients())
      .filter((c) => c.id !== adminId)
      .map((c) => c.id)
      .sort();
  }

  function text(result: { stdout: string; stderr: string }): string {
    return (result.stdout + result.stderr).replace(/\s+/g, " ");
  }

  it("a client id that does not exist fails at preview with a clear message; nothing is created", async () => {
    const missing = randomUUID();
    await ws.ok(["config", "set", "importId", missing]);
    const writesBefore = writeCalls(await emulatorStats(emulator.baseUrl));
    for (const command of [["preview"], ["up", "--yes"]]) {
      const result = await ws.run(command);
      assert.notEqual(result.code, 0, `${command[0]} fails`);
      assert.match(
        text(result),
        new RegExp(
          `There is no OAuth client ${missing} in this Genesys Cloud organisation \\(it does not exist or was deleted\\), so it cannot be adopted; nothing was created \\[input\\.not-found\\]`,
        ),
        `${command[0]} says why:\n${result.stdout.slice(-2500)}`,
      );
    }
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writesBefore, "no write call to Genesys");
    assert.deepEqual(await liveClients(), [clientId], "no client was created");
    const exported = JSON.parse((await ws.ok(["stack", "export"])).stdout) as { deployment: { resources?: { type: string }[] } };
    assert.ok(!(exported.deployment.resources ?? []).some((r) => r.type === OAUTH_CLIENT_TYPE), "nothing in state");
  });

  it("pulumi preview --diff shows the adoption and the settings up updates in place; it changes nothing", async () => {
    await ws.ok(["config", "set", "importId", clientId]);
    const before = await emulatorStats(emulator.baseUrl);
    // With the project's policy pack, as the README's pipeline runs it: the adoption's inputs hold no secret.
    const preview = await ws.ok(["preview", "--diff", "--suppress-outputs", "--policy-pack", packDir]);
    const out = text(preview);
    assert.match(
      out,
      new RegExp(
        `adopting the existing OAuth client ${clientId} \\("tf-ci"\\): no new client is created\\. pulumi up updates description, roles, accessTokenValiditySeconds in place`,
      ),
    );
    assert.match(
      out,
      /regenerates its secret straight into file:\/\/\.\/\.secrets\/adopted and verifies it: the current secret must be treated as leaked \(Terraform state held it\)/,
    );
    assert.match(
      out,
      new RegExp(`import ${clientId}: while this resource is not in the stack, pulumi up adopts the existing client`),
      "the program's message on the resource",
    );
    // The computed input `adoption`, as the CLI prints a new resource's inputs.
    assert.match(out, new RegExp(`adoption\\s*: \\{ clientId\\s*: "${clientId}"`));
    assert.match(
      out,
      /updatesInPlace: \[ \[0\]: "description: \\"Managed by Terraform\\" → \\"e2e CI service account\\"" \[1\]: "roles: \[Employee \(home division\)\] → \[Developer \(home division\)\]" \[2\]: "accessTokenValiditySeconds: 86400 → 3600" \]/,
    );
    assert.match(out, /onFirstUp\s*: "new secret into file:\/\/\.\/\.secrets\/adopted, verified; the current one \(in Terraform state\) stops working"/);
    assert.doesNotMatch(out, /replace/);
    const after = await emulatorStats(emulator.baseUrl);
    assert.equal(writeCalls(after), writeCalls(before), "the preview wrote nothing");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 200, "the Terraform secret still works after the preview");
  });

  it("pulumi up adopts: the same client, no new one, settings updated, the Terraform secret dead and the stored one working", async () => {
    const up = await ws.ok(["up", "--yes", "--suppress-outputs", "--policy-pack", packDir]);
    assert.match(up.stdout, /OAuthClient ci created/);
    assert.doesNotMatch(up.stdout, /replac/);
    const outputs = JSON.parse((await ws.ok(["stack", "output", "--json"])).stdout) as Record<string, string>;
    assert.equal(outputs.clientId, clientId, "the adopted client's id");
    assert.deepEqual(await liveClients(), [clientId], "no new client in Genesys");
    const live = await admin.getClient(clientId);
    assert.equal(live.description, "e2e CI service account");
    assert.equal(live.accessTokenValiditySeconds, 3600);
    const stored = await openStore(reference, { cwd: ws.programDir }).read();
    assert.ok(stored, "the store holds a record");
    assert.equal(stored.record.clientId, clientId);
    assert.equal(stored.record.pending, undefined);
    assert.match(stored.record.rotationId, /^adopt-[0-9a-f]{24}-/, "the adoption's secret");
    assert.equal(outputs.childRotationId, stored.record.rotationId, "the child rotation took it over: one up, one secret");
    storedSecret = stored.record.clientSecret;
    assert.ok(storedSecret !== terraformSecret, "a new secret"); // booleans only: never print a secret
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, terraformSecret), 401, "the Terraform-state secret gets 401");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, storedSecret), 200, "the stored secret gets a token");
    assert.match(outputs.secretMarker, /^sha256:[0-9a-f]{16}$/);
  });

  it("a second preview shows no changes, and no adoption; removing import shows no changes either", async () => {
    const before = await emulatorStats(emulator.baseUrl);
    const again = await ws.ok(["preview", "--diff", "--expect-no-changes"]);
    assert.doesNotMatch(text(again), /adopting the existing OAuth client/, "the provider does not adopt again");
    await ws.ok(["config", "rm", "importId"]);
    const without = await ws.ok(["preview", "--diff", "--expect-no-changes"]);
    assert.doesNotMatch(text(without), /import /);
    await ws.ok(["up", "--yes", "--expect-no-changes"]);
    assert.equal(writeCalls(await emulatorStats(emulator.baseUrl)), writeCalls(before), "no write call");
    assert.equal(await tokenStatus(emulator.baseUrl, clientId, storedSecret), 200, "the stored secret still works");
  });

  it("nothing the run wrote or printed holds either secret (or the admin secret)", async () => {
    const exported = await ws.ok(["stack", "export", "--show-secrets"]);
    const texts: { where: string; text: string }[] = [
      ...ws.backendFiles().map((f) => ({ where: path.relative(ws.root, f.file), text: f.text })),
      { where: "stack export --show-secrets", text: exported.stdout },
      ...ws.transcript.map((t, i) => ({ where: `CLI output #${i} (${t.split("\n")[0]})`, text: t })),
    ];
    assert.ok(
      texts.some((t) => t.where.includes(".pulumi")),
      "the backend directory was searched",
    );
    for (const [label, secret] of [
      ["Terraform-state secret", terraformSecret],
      ["stored secret", storedSecret],
      ["admin secret", adminSecret],
    ] as const) {
      for (const form of leakForms(secret, label === "admin secret" ? adminId : clientId)) {
        const hit = texts.find((t) => t.text.includes(form));
        assert.ok(!hit, `the ${label} appears in ${hit?.where}`);
      }
    }
  });

  it("pulumi import of the type fails in the engine's dynamic-provider host (why the class turns import into an input)", async () => {
    const result = await ws.run(["import", OAUTH_CLIENT_TYPE, "imported", clientId, "--yes"]);
    assert.notEqual(result.code, 0);
    assert.match(text(result), /code must be a string, not undefined/);
    assert.deepEqual(await liveClients(), [clientId], "nothing changed in Genesys");
    await ws.ok(["preview", "--expect-no-changes"]);
  });
});
