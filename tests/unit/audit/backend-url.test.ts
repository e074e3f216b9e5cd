/**
 * Backend URLs (parsing, masking), the S3 client options taken from the same query parameters as the
 * Pulumi CLI, the bucket layout, and gzip detection on streams (truncated gzip is an error).
 */
import { strict as assert } from "assert";
import { Readable } from "stream";
import { gzipSync } from "zlib";
import { gunzipIfGzip } from "../../../audit/backends/gzip";
import { classifyKey } from "../../../audit/backends/layout";
import { s3ClientConfig, s3Error } from "../../../audit/backends/s3";
import { isBackendUrl, maskedUrl, parseBackendUrl } from "../../../audit/backends/url";

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("audit backends: URLs, S3 options, layout, gzip", () => {
  it("recognises backend URLs and keeps the prefix from the path and prefix=", () => {
    assert.ok(isBackendUrl("s3://b") && isBackendUrl("gs://b/p") && isBackendUrl("azblob://c"));
    assert.ok(!isBackendUrl("file:///tmp/x") && !isBackendUrl("/tmp/s3://x") && !isBackendUrl("state.json"));
    assert.deepEqual({ ...parseBackendUrl("s3://bucket"), params: undefined }, { scheme: "s3", bucket: "bucket", prefix: "", params: undefined });
    assert.equal(parseBackendUrl("s3://bucket/teams/a/?region=eu-west-1").prefix, "teams/a/");
    assert.equal(parseBackendUrl("s3://bucket/teams?prefix=a/").prefix, "teams/a/");
    assert.throws(() => parseBackendUrl("s3://user:pw@bucket"), /no user or password/);
  });

  it("masks every query value that is not known to be harmless, and user info in endpoints", () => {
    const masked = maskedUrl("azblob://c?storage_account=acct&sig=SECRETSIG&sv=2020&endpoint=http://u:p@127.0.0.1:1&region=eu");
    assert.equal(masked, "azblob://c?storage_account=acct&sig=***&sv=***&endpoint=http://127.0.0.1:1&region=eu");
    assert.ok(!maskedUrl("s3://k:secret@b?x=SECRET").includes("SECRET"));
  });

  it("builds the S3 client from the Pulumi CLI's query parameters and refuses unknown ones", () => {
    const c = s3ClientConfig(
      parseBackendUrl("s3://b?region=eu-west-1&endpoint=localhost:9000&disable_https=true&use_path_style=true&awssdk=v2&dualstack=false"),
      {},
    );
    assert.equal(c.region, "eu-west-1");
    assert.equal(c.endpoint, "http://localhost:9000");
    assert.equal(c.forcePathStyle, true);
    assert.equal(c.useDualstackEndpoint, undefined);
    assert.equal(s3ClientConfig(parseBackendUrl("s3://b?s3ForcePathStyle=true"), {}).forcePathStyle, true);
    assert.equal(s3ClientConfig(parseBackendUrl("s3://b"), { AWS_REGION: "ap-south-1" }).region, "ap-south-1");
    assert.equal(s3ClientConfig(parseBackendUrl("s3://b?profile=ci"), {}).profile, "ci");
    assert.deepEqual(s3ClientConfig(parseBackendUrl("s3://b"), { AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SK" }).credentials, {
      accessKeyId: "AK",
      secretAccessKey: "SK",
    });
    assert.equal(
      s3ClientConfig(parseBackendUrl("s3://b?profile=ci"), { AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SK" }).credentials,
      undefined,
      "profile= wins over the environment",
    );
    assert.equal(c.responseChecksumValidation, undefined, "downloads are CRC-checked as the SDK does by default");
    assert.equal(s3ClientConfig(parseBackendUrl("s3://b?response_checksum_validation=when_required"), {}).responseChecksumValidation, "WHEN_REQUIRED");
    assert.equal(s3ClientConfig(parseBackendUrl("s3://b?response_checksum_validation=when_supported"), {}).responseChecksumValidation, "WHEN_SUPPORTED");
    assert.throws(() => s3ClientConfig(parseBackendUrl("s3://b?response_checksum_validation=always"), {}), /expected when_supported or when_required/);
    assert.throws(() => s3ClientConfig(parseBackendUrl("s3://b?sig=x"), {}), /unknown query parameter "sig"/);
    assert.throws(() => s3ClientConfig(parseBackendUrl("s3://b?use_path_style=maybe"), {}), /invalid value for use_path_style/);
    assert.throws(() => s3ClientConfig(parseBackendUrl("s3://b?role=arn:aws:iam::1:role/x"), {}), /role= is not supported/);
  });

  it("maps S3 errors to stable codes without the service's text", () => {
    assert.equal(s3Error({ name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } }, "x").code, "input.not-found");
    assert.equal(s3Error({ name: "InvalidAccessKeyId", $metadata: { httpStatusCode: 403 } }, "x").code, "input.unauthorized");
    assert.equal(s3Error({ name: "CredentialsProviderError" }, "x").code, "input.unauthorized");
    assert.equal(s3Error({ name: "Error", code: "ECONNREFUSED" }, "x").code, "input.unavailable");
    assert.ok(!s3Error({ name: "AccessDenied", message: "key AKIASECRET denied", $metadata: { httpStatusCode: 403 } }, "x").message.includes("AKIASECRET"));
  });

  it("classifies keys of the DIY layout (project and legacy), ignoring non-state objects", () => {
    assert.deepEqual(classifyKey("stacks/p/dev.json"), { kind: "checkpoint", stack: "p/dev" });
    assert.deepEqual(classifyKey("stacks/p/dev.json.gz.bak"), { kind: "checkpoint", stack: "p/dev" });
    assert.deepEqual(classifyKey("stacks/dev.json"), { kind: "checkpoint", stack: "dev" });
    assert.deepEqual(classifyKey("history/p/dev/dev-1.history.json"), { kind: "history", stack: "p/dev" });
    assert.deepEqual(classifyKey("backups/p/dev/dev.1.json.gz"), { kind: "backup", stack: "p/dev" });
    assert.equal(classifyKey("stacks/p/dev.yaml"), undefined);
    assert.equal(classifyKey("meta.yaml"), undefined);
  });

  it("gunzips by magic bytes whatever the chunking; plain text passes; a truncated gzip fails", async () => {
    const text = JSON.stringify({ version: 3, deployment: { resources: Array.from({ length: 500 }, (_, i) => ({ urn: `u${i}` })) } });
    const gz = gzipSync(text);
    const chunked = (buf: Buffer, size: number): Readable =>
      Readable.from(Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)));
    assert.equal(await readAll(gunzipIfGzip(chunked(gz, 1))), text);
    assert.equal(await readAll(gunzipIfGzip(chunked(gz, 4096))), text);
    assert.equal(await readAll(gunzipIfGzip(chunked(Buffer.from(text), 1))), text);
    assert.equal(await readAll(gunzipIfGzip(Readable.from([Buffer.from("x")]))), "x");
    await assert.rejects(readAll(gunzipIfGzip(chunked(gz.subarray(0, gz.length >> 1), 100))), /corrupt or truncated gzip/);
  });
});
