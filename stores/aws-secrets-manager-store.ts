/**
 * AWS Secrets Manager through @aws-sdk/client-secrets-manager.
 *
 * SecretString is the JSON of the CredentialRecord; consumers read the `AWSCURRENT` version.
 * Region: reference `region`, else AWS_REGION / AWS_DEFAULT_REGION. Endpoint: reference `endpoint`,
 * else AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL. Credentials: options.credentials, else
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN from options.env, else the SDK's default
 * chain (environment, profiles, SSO, instance/task roles).
 *
 * Writes are idempotent per rotation: the ClientRequestToken (which becomes the VersionId) is
 * sha256("genesys-oauth-guard:" + writeKey(record)) in hex (writeKey = the rotationId, plus the pending
 * rotation's id for a write-ahead record), so a retried PutSecretValue/CreateSecret is a no-op; a write
 * whose key is already AWSCURRENT returns that version without calling Put. A pending rotation stays
 * inside the AWSCURRENT record (not AWSPENDING): a pair's flip must be one write.
 * The SDK's own retries are off (maxAttempts 1): transient failures go through the project's one
 * RetryPolicy.
 *
 * remove(): DeleteSecret with a recovery window (options.awsRecoveryWindowDays, default 7) unless
 * options.awsForceDelete is set; during the window the secret can be restored and its name cannot be
 * reused (a later write fails with store.conflict saying so).
 */
import { createHash } from "crypto";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  SecretsManagerClientConfig,
} from "@aws-sdk/client-secrets-manager";
import { GuardError } from "../core/errors";
import { guardEndpointTls } from "./aws-endpoint-guard";
import { debug } from "../core/log";
import { redactText, registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
import { firstEnv } from "./env";
import { defaultStoreRetry, StoreOptions } from "./options";
import { checkRecord, recordFields, toRecord, writeKey } from "./record";
import { AwsSecretsManagerReference, checkServiceAddress, formatStoreReference } from "./reference";
import { CredentialRecord, SecretStore, StoredCredential } from "./store";

/** The ClientRequestToken of a rotation: 64 hex characters, the same for every retry. */
export function clientRequestToken(rotationId: string): string {
  return createHash("sha256").update(`genesys-oauth-guard:${rotationId}`).digest("hex").slice(0, 64);
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ECONNABORTED"]);
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const UNAUTHORIZED = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "CredentialsProviderError",
  "SignatureDoesNotMatch",
]);
const THROTTLED = new Set(["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "Throttling"]);

/** Store writing secrets to AWS Secrets Manager. */
export class AwsSecretsManagerStore implements SecretStore {
  readonly kind = "aws-secrets-manager";
  readonly reference: string;
  readonly secretId: string;
  readonly region: string;
  readonly endpoint?: string;
  private readonly client: SecretsManagerClient;
  private readonly retry: RetryPolicy;

  constructor(
    ref: AwsSecretsManagerReference,
    private readonly options: StoreOptions = {},
  ) {
    this.reference = formatStoreReference(ref);
    this.secretId = ref.secretId;
    const env = options.env ?? process.env;
    const region = ref.region ?? firstEnv(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    if (!region) {
      throw new GuardError("store.invalid-reference", `AWS Secrets Manager store ${this.reference}: no region.`, {
        hint: "Add ?region=<region> to the reference or set AWS_REGION.",
      });
    }
    this.region = region;
    const endpoint = ref.endpoint ?? firstEnv(env, "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL");
    if (endpoint) this.endpoint = checkServiceAddress(endpoint, "the Secrets Manager endpoint (AWS_ENDPOINT_URL)");
    const c = options.credentials ?? {};
    const accessKeyId = c.awsAccessKeyId ?? (options.env ? firstEnv(env, "AWS_ACCESS_KEY_ID") : undefined);
    const secretAccessKey = c.awsSecretAccessKey ?? (options.env ? firstEnv(env, "AWS_SECRET_ACCESS_KEY") : undefined);
    const sessionToken = c.awsSessionToken ?? (options.env ? firstEnv(env, "AWS_SESSION_TOKEN") : undefined);
    const config: SecretsManagerClientConfig = { region, maxAttempts: 1 };
    if (this.endpoint) config.endpoint = this.endpoint;
    if (accessKeyId && secretAccessKey) {
      registerSecret(secretAccessKey);
      registerSecret(sessionToken);
      config.credentials = { accessKeyId, secretAccessKey, sessionToken };
    }
    if (options.timeoutMs) {
      config.requestHandler = { requestTimeout: options.timeoutMs, connectionTimeout: Math.min(options.timeoutMs, 10_000) };
    }
    this.client = new SecretsManagerClient(config);
    // The SDK may resolve another endpoint (environment, AWS config file): checked on every request.
    guardEndpointTls(this.client);
    this.retry = options.retry ?? defaultStoreRetry();
  }

  /** Map anything the SDK threw to a GuardError; never includes request data. */
  private mapError(operation: string, e: unknown): GuardError {
    if (e instanceof GuardError) return e;
    const err = (e ?? {}) as { name?: string; code?: string; message?: unknown; $metadata?: { httpStatusCode?: number }; errno?: unknown };
    const name = err.name ?? "Error";
    const code = typeof err.code === "string" ? err.code : undefined;
    const status = err.$metadata?.httpStatusCode;
    const message = redactText(typeof err.message === "string" ? err.message : "").slice(0, 300);
    const base = { operation, status, serviceCode: code ?? name };
    if (
      (code && NETWORK_CODES.has(code)) ||
      name === "TimeoutError" ||
      (status === undefined && /ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT/.test(message))
    ) {
      const netCode = code ?? /(E[A-Z]+)/.exec(message)?.[1] ?? name;
      return new GuardError(
        "store.unavailable",
        `AWS Secrets Manager${this.endpoint ? ` at ${this.endpoint}` : ""} is unreachable (${netCode}) during ${operation}.`,
        {
          ...base,
          serviceCode: netCode,
          hint: "Check the endpoint/region and network access.",
          retryable: true,
          notActed: NOT_SENT.has(netCode),
        },
      );
    }
    if (UNAUTHORIZED.has(name)) {
      return new GuardError("store.unauthorized", `AWS Secrets Manager rejected the credentials (${name}) during ${operation}.`, {
        ...base,
        hint: "Provide valid AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or a role).",
      });
    }
    if (name === "AccessDeniedException" || name === "AccessDenied") {
      return new GuardError("store.forbidden", `AWS Secrets Manager denied ${operation} on ${this.secretId}.`, {
        ...base,
        hint: `Allow secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue, CreateSecret (and DeleteSecret to remove) on ${this.secretId}.`,
      });
    }
    if (status === 401) {
      return new GuardError("store.unauthorized", `AWS Secrets Manager rejected the credentials (HTTP 401) during ${operation}.`, {
        ...base,
        hint: "Provide valid AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or a role).",
      });
    }
    if (status === 403) {
      // An error body the SDK could not parse (some gateways and local servers answer XML).
      return new GuardError("store.forbidden", `AWS Secrets Manager refused ${operation} on ${this.secretId} (HTTP 403).`, {
        ...base,
        hint: `Check the credentials, and allow secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue, CreateSecret (and DeleteSecret to remove) on ${this.secretId}.`,
      });
    }
    if (name === "ResourceNotFoundException") {
      return new GuardError("store.not-found", `AWS Secrets Manager has no secret ${this.secretId} (${operation}).`, base);
    }
    if (name === "InvalidRequestException" && /deletion/i.test(message)) {
      return new GuardError("store.conflict", `AWS secret ${this.secretId} is scheduled for deletion (${operation}).`, {
        ...base,
        hint: `Restore it (aws secretsmanager restore-secret --secret-id ${this.secretId}) or choose another name.`,
      });
    }
    if (name === "ResourceExistsException" || name === "InvalidRequestException") {
      return new GuardError("store.conflict", `AWS Secrets Manager refused ${operation} on ${this.secretId} (${name}): ${message}`, {
        ...base,
        hint: "A different value was already written under this rotation's request token, or the secret changed concurrently.",
      });
    }
    if (THROTTLED.has(name) || (status !== undefined && status >= 500) || name === "InternalServiceError") {
      return new GuardError("store.unavailable", `AWS Secrets Manager failed ${operation} (${name}${status ? `, HTTP ${status}` : ""}).`, {
        ...base,
        retryable: true,
        notActed: THROTTLED.has(name),
      });
    }
    return new GuardError("store.io", `AWS Secrets Manager failed ${operation} (${name}${status ? `, HTTP ${status}` : ""}): ${message}`, base);
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return this.retry.run({ operation }, async () => {
      try {
        const out = await fn();
        debug("store.aws", `${operation} ${this.secretId}: ok`);
        return out;
      } catch (e) {
        throw this.mapError(operation, e);
      }
    });
  }

  async checkWritable(): Promise<void> {
    try {
      const out = await this.call("DescribeSecret", () => this.client.send(new DescribeSecretCommand({ SecretId: this.secretId })));
      if (out.DeletedDate) {
        throw new GuardError("store.conflict", `AWS secret ${this.secretId} is scheduled for deletion.`, {
          hint: `Restore it (aws secretsmanager restore-secret --secret-id ${this.secretId}) or choose another name.`,
          operation: "DescribeSecret",
        });
      }
    } catch (e) {
      if (e instanceof GuardError && e.code === "store.not-found") return; // write() will create it
      throw e;
    }
  }

  async read(): Promise<StoredCredential | undefined> {
    let out;
    try {
      out = await this.call("GetSecretValue", () => this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: "AWSCURRENT" })));
    } catch (e) {
      if (e instanceof GuardError && e.code === "store.not-found") return undefined;
      throw e;
    }
    if (out.SecretString === undefined) {
      throw new GuardError("store.io", `AWS secret ${this.secretId} has no SecretString (binary secrets are not credential records).`);
    }
    registerSecret(out.SecretString);
    let parsed: unknown;
    try {
      parsed = JSON.parse(out.SecretString);
    } catch {
      throw new GuardError("store.io", `AWS secret ${this.secretId} is not JSON.`, {
        hint: "Point the reference at a secret written by genesys-oauth-guard.",
      });
    }
    const record = toRecord(parsed, `AWS secret ${this.secretId}`);
    return { record, version: out.VersionId ?? "" };
  }

  async write(record: CredentialRecord): Promise<StoredCredential> {
    checkRecord(record);
    const current = await this.read();
    if (current && writeKey(current.record) === writeKey(record)) {
      debug("store.aws", `${this.reference}: rotation already AWSCURRENT as ${current.version}; not writing`);
      return current;
    }
    const SecretString = JSON.stringify(recordFields(record));
    registerSecret(SecretString);
    const ClientRequestToken = clientRequestToken(writeKey(record));
    const put = () =>
      this.call("PutSecretValue", () =>
        this.client.send(new PutSecretValueCommand({ SecretId: this.secretId, SecretString, ClientRequestToken, VersionStages: ["AWSCURRENT"] })),
      );
    let versionId: string | undefined;
    if (current) {
      versionId = (await put()).VersionId;
    } else {
      try {
        versionId = (
          await this.call("CreateSecret", () =>
            this.client.send(
              new CreateSecretCommand({
                Name: this.secretId,
                SecretString,
                ClientRequestToken,
                Description: "Genesys Cloud OAuth client credentials (genesys-oauth-guard)",
              }),
            ),
          )
        ).VersionId;
      } catch (e) {
        // It exists (without a readable AWSCURRENT, or created concurrently): add a version instead.
        if (e instanceof GuardError && e.serviceCode === "ResourceExistsException") versionId = (await put()).VersionId;
        else throw e;
      }
    }
    debug("store.aws", `${this.reference}: wrote version ${versionId}`);
    return { record: recordFields(record), version: versionId ?? ClientRequestToken };
  }

  async remove(): Promise<void> {
    const force = this.options.awsForceDelete ?? false;
    const days = this.options.awsRecoveryWindowDays ?? 7;
    try {
      await this.call("DeleteSecret", () =>
        this.client.send(
          new DeleteSecretCommand(
            force ? { SecretId: this.secretId, ForceDeleteWithoutRecovery: true } : { SecretId: this.secretId, RecoveryWindowInDays: days },
          ),
        ),
      );
    } catch (e) {
      if (e instanceof GuardError && e.code === "store.not-found") return;
      throw e;
    }
  }

  /** Release the SDK client's sockets. */
  destroy(): void {
    this.client.destroy();
  }
}
