/**
 * The audit of an Azure Blob DIY backend against the real Azurite (npm `azurite`): the same findings as the
 * same backend in a local directory, gzip by magic bytes, a container that does not exist and a wrong key
 * as input errors, and neither the key nor a SAS token printed by the CLI.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { runAudit, resolveSources, type AuditReport } from "../../../audit";
import { backendSources } from "../../../audit/backends";
import { AZURITE_ACCOUNT, AZURITE_KEY, type AzuriteServer, requireAzurite, startAzurite } from "../../support/azurite";
import { checkpointText, cleanStack, seedLeaks, writeBackend } from "../../support/fixtures/state-builder";
import { repoRoot } from "../../support/pulumi";

function comparable(report: AuditReport): string[] {
  return report.findings.map((f) => JSON.stringify([f.rule, f.severity, f.stack, f.urn, f.path, f.evidence, f.kind, f.line])).sort();
}

describe("audit: Azure Blob backend on the real Azurite", function () {
  this.timeout(120_000);
  let azurite: AzuriteServer;
  let dir: string;
  const project = "genesys-clients";
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, AZURE_STORAGE_KEY: AZURITE_KEY });
  const url = (container: string, extra = ""): string =>
    `azblob://${container}${extra}?storage_account=${AZURITE_ACCOUNT}&domain=${azurite.host}&protocol=http`;

  before(async function () {
    requireAzurite(this);
    azurite = await startAzurite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "goag-azblob-"));
    const leaky = cleanStack({ project, stack: "prod", seed: 2 });
    seedLeaks(leaky, { project, stack: "prod", seed: 3 });
    writeBackend(path.join(dir, "plain"), project, [
      { stack: "dev", current: checkpointText(project, "dev", cleanStack({ project, stack: "dev", seed: 1 })) },
      { stack: "prod", current: checkpointText(project, "prod", leaky), history: checkpointText(project, "prod", leaky) },
    ]);
    writeBackend(
      path.join(dir, "gzip"),
      project,
      [{ stack: "prod", current: checkpointText(project, "prod", leaky), backup: checkpointText(project, "prod", leaky) }],
      true,
    );
    const service = new BlobServiceClient(azurite.serviceUrl, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    for (const [container, root] of [
      ["state", "plain"],
      ["zipped", "gzip"],
    ] as const) {
      const c = service.getContainerClient(container);
      await c.create();
      const walk = async (d: string): Promise<void> => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else {
            const body = fs.readFileSync(p);
            await c.getBlockBlobClient(`team/${path.relative(path.join(dir, root), p).split(path.sep).join("/")}`).upload(body, body.length);
          }
        }
      };
      await walk(path.join(dir, root));
    }
  });
  after(async () => {
    await azurite?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds exactly what the same backend in a local directory holds; gzip by magic bytes", async () => {
    const local = await runAudit(resolveSources({ paths: [path.join(dir, "plain")] }));
    const remote = await runAudit(await backendSources(url("state", "/team"), { env: env() }));
    assert.ok(local.findings.length > 0);
    assert.deepEqual(comparable(remote), comparable(local));
    assert.ok(
      remote.inputs.every((i) => i.error === undefined && i.input.startsWith("azblob://state/team/.pulumi/")),
      JSON.stringify(remote.inputs),
    );
    const zipped = await runAudit(await backendSources(url("zipped", "/team"), { env: env() }));
    assert.deepEqual(
      zipped.inputs.map((i) => [i.kind, i.error]),
      [
        ["checkpoint", undefined],
        ["backup", undefined],
      ],
    );
    assert.ok(zipped.findings.length > 0);
  });

  it("reports a container that does not exist and a wrong key as input errors; the CLI prints no key or SAS", async () => {
    const missing = await runAudit(await backendSources(url("nope"), { env: env() }));
    assert.match(missing.inputs[0].error ?? "", /container does not exist/);
    const wrongKey = Buffer.from("not-the-account-key-at-all-0123456789").toString("base64");
    const denied = await runAudit(await backendSources(url("state", "/team"), { env: { ...process.env, AZURE_STORAGE_KEY: wrongKey } }));
    assert.match(denied.inputs[0].error ?? "", /access denied/);
    const sas = "sv=2024-01-01&sig=NotARealSignatureButNeverPrinted";
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", url("state", "/team"), url("nope"), "--format", "json"],
      {
        env: { ...process.env, AZURE_STORAGE_KEY: AZURITE_KEY },
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /container does not exist/);
    const viaSas = spawnSync(process.execPath, [path.join(repoRoot, "bin", "genesys-oauth-guard"), "audit", url("state", "/team"), "--format", "json"], {
      env: { ...process.env, AZURE_STORAGE_SAS_TOKEN: sas },
      encoding: "utf8",
    });
    assert.ok(viaSas.status === 1 || viaSas.status === 2, viaSas.stderr);
    for (const out of [r.stdout, r.stderr, viaSas.stdout, viaSas.stderr]) {
      assert.ok(!out.includes(AZURITE_KEY) && !out.includes(wrongKey) && !out.includes("NotARealSignatureButNeverPrinted"));
    }
  });
});
