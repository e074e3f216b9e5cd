/**
 * The audit of a GCS backend the real Pulumi CLI wrote to fake-gcs-server (gs://bucket with
 * STORAGE_EMULATOR_HOST, as gocloud.dev and @google-cloud/storage both honour). The Pulumi CLI resolves Google
 * credentials before it opens the bucket (authhelpers.GoogleCredentialsMux) even for an emulator, so it is given
 * a dummy GOOGLE_OAUTH_ACCESS_TOKEN (never sent: gcsblob talks to the emulator unauthenticated). See backend-scenario.ts.
 */
import { type FakeGcsServer, requireFakeGcs, startFakeGcs } from "../../support/fake-gcs";
import { pulumiAvailable } from "../../support/pulumi";
import { defineBackendScenario } from "./backend-scenario";

describe("e2e: audit of a GCS backend written by the real Pulumi CLI (fake-gcs-server)", function () {
  this.timeout(900_000);
  let gcs: FakeGcsServer;
  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    const bin = requireFakeGcs(this);
    gcs = await startFakeGcs(bin);
    const made = await fetch(`http://${gcs.host}/storage/v1/b?project=test`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "pulumi-state" }),
    });
    if (made.status !== 200) throw new Error(`cannot create the bucket: ${made.status} ${await made.text()}`);
  });
  after(async () => {
    await gcs?.stop();
  });
  defineBackendScenario({
    url: () => "gs://pulumi-state",
    objectPrefix: "gs://pulumi-state/",
    env: () => ({ STORAGE_EMULATOR_HOST: gcs.host, GOOGLE_OAUTH_ACCESS_TOKEN: "dummy-token-for-the-emulator-never-printed" }),
    credentials: () => ["dummy-token-for-the-emulator-never-printed"],
  });
});
