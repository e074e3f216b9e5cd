/**
 * The audit of an Azure Blob backend the real Pulumi CLI wrote to Azurite (azblob://…&domain=127.0.0.1:<port>&
 * protocol=http, AZURE_STORAGE_KEY = Azurite's public development key). See backend-scenario.ts.
 */
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { AZURITE_ACCOUNT, AZURITE_KEY, type AzuriteServer, requireAzurite, startAzurite } from "../../support/azurite";
import { pulumiAvailable } from "../../support/pulumi";
import { defineBackendScenario } from "./backend-scenario";

describe("e2e: audit of an Azure Blob backend written by the real Pulumi CLI (Azurite)", function () {
  this.timeout(600_000);
  let azurite: AzuriteServer;
  before(async function () {
    if (!pulumiAvailable()) {
      if (process.env.CI) throw new Error("pulumi is not on PATH; scripts/test.sh installs it");
      this.skip();
    }
    requireAzurite(this);
    azurite = await startAzurite();
    await new BlobServiceClient(azurite.serviceUrl, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)).getContainerClient("pulumi-state").create();
  });
  after(async () => {
    await azurite?.stop();
  });
  defineBackendScenario({
    url: () => `azblob://pulumi-state?storage_account=${AZURITE_ACCOUNT}&domain=${azurite.host}&protocol=http`,
    objectPrefix: "azblob://pulumi-state/",
    env: () => ({ AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT, AZURE_STORAGE_KEY: AZURITE_KEY }),
    credentials: () => [AZURITE_KEY],
  });
});
