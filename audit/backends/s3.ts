/**
 * The S3 object store of `s3://bucket[/prefix]?…` backends, with @aws-sdk/client-s3 and its standard
 * credential chain (environment, shared config/credentials files and `profile=`, SSO, web identity, ECS/EC2
 * metadata). Accepts the query parameters the Pulumi CLI accepts for the same URL (gocloud.dev s3blob):
 * `region`, `endpoint`, `use_path_style` / `s3ForcePathStyle`, `disable_https`, `profile`, `anonymous`,
 * `dualstack`, `fips`, `accelerate`, `prefix`; write-side and SDK-selection parameters (`awssdk`, `ssetype`,
 * `kmskeyid`, `hostname_immutable`, `rate_limiter_capacity`, `request_checksum_calculation`) are accepted and
 * have no effect on reading; `response_checksum_validation` decides whether downloads are checked (default: the SDK's, checked when S3 sends a checksum). An unknown parameter is a usage error, as for the Pulumi CLI.
 */
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { Readable } from "stream";
import { GuardError } from "../../core/errors";
import type { ObjectStore, StoredObject } from "./types";
import { boolParam, maskedUrl, type BackendUrl } from "./url";

const KNOWN_PARAMS = new Set([
  "region",
  "endpoint",
  "use_path_style",
  "s3ForcePathStyle",
  "disable_https",
  "profile",
  "anonymous",
  "dualstack",
  "fips",
  "accelerate",
  "prefix",
  "awssdk",
  "ssetype",
  "kmskeyid",
  "hostname_immutable",
  "rate_limiter_capacity",
  "request_checksum_calculation",
  "response_checksum_validation",
]);

/** A checksum-mode parameter (`when_supported` / `when_required`, as gocloud.dev spells them); undefined when absent. */
function checksumMode(url: BackendUrl, key: string): "WHEN_SUPPORTED" | "WHEN_REQUIRED" | undefined {
  const v = url.params.get(key);
  if (v === null) return undefined;
  if (/^when_supported$/i.test(v)) return "WHEN_SUPPORTED";
  if (/^when_required$/i.test(v)) return "WHEN_REQUIRED";
  throw new GuardError("cli.usage", `invalid value for ${key} in s3:// URL (expected when_supported or when_required)`);
}

/** The S3 client configuration a backend URL asks for. Exported for tests. */
export function s3ClientConfig(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  for (const key of url.params.keys()) {
    if (key === "role") {
      throw new GuardError("cli.usage", "role= is not supported by the audit", {
        hint: "Assume the role in the environment instead (a profile with role_arn, or AWS_* variables from `aws sts assume-role`).",
      });
    }
    if (!KNOWN_PARAMS.has(key))
      throw new GuardError("cli.usage", `unknown query parameter "${key}" in s3:// URL`, {
        hint: "The Pulumi CLI refuses it too; see audit/README.md for the accepted parameters.",
      });
  }
  const config: S3ClientConfig = {
    region: url.params.get("region") ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    maxAttempts: 3,
  };
  const disableHttps = boolParam(url, "disable_https") === true;
  const endpoint = url.params.get("endpoint");
  if (endpoint) config.endpoint = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${disableHttps ? "http" : "https"}://${endpoint}`;
  // The Pulumi CLI's disable_https also applies to the default endpoint, which only `tls` (deprecated, no successor) covers.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  if (disableHttps) config.tls = false;
  if (boolParam(url, "use_path_style") === true || boolParam(url, "s3ForcePathStyle") === true) config.forcePathStyle = true;
  if (boolParam(url, "dualstack") === true) config.useDualstackEndpoint = true;
  if (boolParam(url, "fips") === true) config.useFipsEndpoint = true;
  if (boolParam(url, "accelerate") === true) config.useAccelerateEndpoint = true;
  // Downloads are checked against the CRC S3 sends (the SDK's default since 3.729), the strict choice for an audit:
  // a damaged or tampered object must not pass as clean state. `response_checksum_validation=when_required` skips
  // the check (about 0.3 ms of CPU per object on the backend bench, bench/backends/README.md).
  const responseValidation = checksumMode(url, "response_checksum_validation");
  if (responseValidation) config.responseChecksumValidation = responseValidation;
  const profile = url.params.get("profile");
  if (profile) config.profile = profile;
  // The credential chain's first link (environment variables), read from `env` rather than process.env so a
  // caller's environment counts; without them (or with profile=) the SDK's default chain runs.
  if (!profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  if (boolParam(url, "anonymous") === true) {
    config.credentials = { accessKeyId: "", secretAccessKey: "" };
    config.signer = { sign: async (request) => request };
  }
  return config;
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Maps an SDK error to a {@link GuardError} that names the bucket/object but no credential. */
export function s3Error(error: unknown, what: string): GuardError {
  const e = (typeof error === "object" && error !== null ? error : {}) as AwsLikeError;
  const name = e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const details = { serviceCode: name, status, cause: undefined };
  if (name === "NoSuchBucket")
    return new GuardError("input.not-found", `${what}: the bucket does not exist`, { ...details, hint: "Check the bucket name and region= in the URL." });
  if (name === "NoSuchKey" || status === 404) return new GuardError("input.not-found", `${what}: not found (${name})`, details);
  if (name === "CredentialsProviderError") {
    return new GuardError("input.unauthorized", `${what}: no AWS credentials found`, {
      ...details,
      hint: "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or profile= in the URL, or use anonymous=true for a public bucket.",
    });
  }
  if (
    ["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken", "AuthorizationHeaderMalformed"].includes(name) ||
    status === 401 ||
    status === 403
  ) {
    return new GuardError("input.unauthorized", `${what}: access denied (${name})`, {
      ...details,
      hint: "Check the AWS credentials of the environment (or profile=) and their s3:ListBucket/s3:GetObject permissions.",
    });
  }
  const code = e.code ?? "";
  if (["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH"].includes(code) || name === "TimeoutError") {
    return new GuardError("input.unavailable", `${what}: S3 endpoint unreachable (${code || name})`, {
      ...details,
      retryable: true,
      hint: "Check endpoint= and the network.",
    });
  }
  return new GuardError("input.unavailable", `${what}: S3 error ${name}${status ? ` (HTTP ${status})` : ""}`, details);
}

/** An {@link ObjectStore} over one S3 bucket. */
export function openS3Store(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const config = s3ClientConfig(url, env);
  // The SDK is loaded on first use: loading it costs every audit of local files about 0.2 s of CPU otherwise.
  let sdk: Promise<typeof import("@aws-sdk/client-s3")> | undefined;
  let client: S3Client | undefined;
  const connect = async (): Promise<{ s3: typeof import("@aws-sdk/client-s3"); client: S3Client }> => {
    const s3 = await (sdk ??= import("@aws-sdk/client-s3"));
    client ??= new s3.S3Client(config);
    return { s3, client };
  };
  const where = maskedUrl(`s3://${url.bucket}`);
  return {
    async *list(prefix: string): AsyncIterable<StoredObject> {
      let token: string | undefined;
      do {
        let page;
        try {
          const { s3, client } = await connect();
          page = await client.send(new s3.ListObjectsV2Command({ Bucket: url.bucket, Prefix: prefix, ContinuationToken: token }));
        } catch (error) {
          throw s3Error(error, `cannot list ${where}/${prefix}`);
        }
        for (const o of page.Contents ?? []) if (o.Key !== undefined) yield { key: o.Key, size: o.Size ?? 0 };
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async get(key: string): Promise<Readable> {
      try {
        const { s3, client } = await connect();
        const r = await client.send(new s3.GetObjectCommand({ Bucket: url.bucket, Key: key }));
        if (r.Body instanceof Readable) return r.Body;
        throw new GuardError("input.invalid", `cannot read s3://${url.bucket}/${key}: no body`);
      } catch (error) {
        if (error instanceof GuardError) throw error;
        throw s3Error(error, "cannot read object");
      }
    },
    close(): void {
      client?.destroy();
    },
  };
}
