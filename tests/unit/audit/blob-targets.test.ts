/**
 * azblob:// and gs:// options taken from the URL and the environment as the Pulumi CLI (gocloud.dev) takes
 * them: the service URL (account/domain/protocol/emulator), the credential order, unknown parameters refused,
 * and error mapping to stable codes.
 */
import { strict as assert } from "assert";
import { azureError, azureTarget } from "../../../audit/backends/azblob";
import { gcsError, gcsTarget } from "../../../audit/backends/gcs";
import { parseBackendUrl } from "../../../audit/backends/url";

describe("audit backends: Azure Blob and GCS options", () => {
  it("builds the Azure service URL as the CLI does", () => {
    const key = { AZURE_STORAGE_KEY: "k" };
    assert.equal(azureTarget(parseBackendUrl("azblob://c?storage_account=acct"), key).serviceUrl, "https://acct.blob.core.windows.net");
    assert.equal(
      azureTarget(parseBackendUrl("azblob://c?storage_account=acct&domain=127.0.0.1:10000&protocol=http"), key).serviceUrl,
      "http://127.0.0.1:10000/acct",
    );
    assert.equal(
      azureTarget(parseBackendUrl("azblob://c?domain=emu.local:1&localemu=true"), { ...key, AZURE_STORAGE_ACCOUNT: "env" }).serviceUrl,
      "https://emu.local:1/env",
    );
    assert.equal(azureTarget(parseBackendUrl("azblob://c?storage_account=a&cdn=true&domain=cdn.example"), key).serviceUrl, "https://cdn.example");
    assert.equal(
      azureTarget(parseBackendUrl("azblob://c"), { ...key, AZURE_STORAGE_ACCOUNT: "a", AZURE_STORAGE_DOMAIN: "blob.core.chinacloudapi.cn" }).serviceUrl,
      "https://a.blob.core.chinacloudapi.cn",
    );
    assert.throws(() => azureTarget(parseBackendUrl("azblob://c?storage_account=a&protocol=ftp"), key), /invalid protocol/);
    assert.throws(() => azureTarget(parseBackendUrl("azblob://c?storage_account=a&sig=x"), key), /unknown query parameter "sig"/);
    assert.throws(() => azureTarget(parseBackendUrl("azblob://c"), key), /needs a storage account/);
  });

  it("takes the Azure credential in the CLI's order: key, SAS, connection string; none is an input error", () => {
    const url = parseBackendUrl("azblob://c?storage_account=a");
    assert.deepEqual(azureTarget(url, { AZURE_STORAGE_KEY: "k", AZURE_STORAGE_SAS_TOKEN: "s" }).credential, { kind: "shared-key", key: "k" });
    assert.deepEqual(azureTarget(url, { AZURE_STORAGE_SAS_TOKEN: "?sv=1&sig=2" }).credential, { kind: "sas", token: "sv=1&sig=2" });
    const conn = "DefaultEndpointsProtocol=http;AccountName=fromconn;AccountKey=x;BlobEndpoint=http://127.0.0.1:1/fromconn;";
    const viaConn = azureTarget(parseBackendUrl("azblob://c"), { AZURE_STORAGE_CONNECTION_STRING: conn });
    assert.equal(viaConn.account, "fromconn");
    assert.equal(viaConn.credential.kind, "connection-string");
    assert.throws(
      () => azureTarget(url, {}),
      (e: Error & { code?: string }) => e.code === "input.unauthorized",
    );
  });

  it("maps Azure and GCS errors to stable codes", () => {
    assert.equal(azureError({ code: "ContainerNotFound", statusCode: 404 }, "x").code, "input.not-found");
    assert.equal(azureError({ code: "AuthenticationFailed", statusCode: 403 }, "x").code, "input.unauthorized");
    assert.equal(azureError({ code: "ECONNREFUSED" }, "x").code, "input.unavailable");
    assert.equal(gcsError({ code: 404, message: "The specified bucket does not exist." }, "x").message, "x: the bucket does not exist");
    assert.equal(gcsError({ code: 403, message: "denied" }, "x").code, "input.unauthorized");
    assert.equal(gcsError({ code: "ECONNREFUSED" }, "x").code, "input.unavailable");
  });

  it("reads STORAGE_EMULATOR_HOST (host:port) and GOOGLE_CREDENTIALS like the CLI; refuses anonymous and unknown parameters", () => {
    assert.deepEqual(gcsTarget(parseBackendUrl("gs://b"), {}), {});
    assert.equal(gcsTarget(parseBackendUrl("gs://b"), { STORAGE_EMULATOR_HOST: "127.0.0.1:4443" }).apiEndpoint, "http://127.0.0.1:4443");
    assert.equal(gcsTarget(parseBackendUrl("gs://b"), { STORAGE_EMULATOR_HOST: "https://emu:1/" }).apiEndpoint, "https://emu:1");
    assert.deepEqual(gcsTarget(parseBackendUrl("gs://b"), { GOOGLE_CREDENTIALS: '{"type":"service_account"}' }).credentials, { type: "service_account" });
    assert.throws(() => gcsTarget(parseBackendUrl("gs://b"), { GOOGLE_CREDENTIALS: "not json" }), /not a JSON service account key/);
    assert.throws(() => gcsTarget(parseBackendUrl("gs://b?anonymous=true"), {}), /anonymous=true is not supported/);
    assert.throws(() => gcsTarget(parseBackendUrl("gs://b?region=x"), {}), /unknown query parameter "region"/);
    assert.deepEqual(gcsTarget(parseBackendUrl("gs://b?access_id=x&prefix=p"), {}), {});
  });
});
