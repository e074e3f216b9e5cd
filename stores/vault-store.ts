/**
 * HashiCorp Vault / OpenBao KV version 2 as a {@link SecretStore}, composed as the Vault API layers it:
 *   vault/transport.ts     HTTP to `/v1/…` with token and namespace headers; the store's one retry policy
 *   vault/auth-methods.ts  token, AppRole, JWT: how the store gets its token
 *   vault/kv-v2.ts         the secret's `data/` and `metadata/` endpoints (versions, check-and-set)
 *   vault/token-self.ts    what the token may do (lookup-self, capabilities-self)
 * This file maps answers to `store.*` errors with what to fix, and makes writes idempotent.
 *
 * Address: reference `addr`/`address`, else VAULT_ADDR / BAO_ADDR. Namespace: reference `namespace`,
 * else VAULT_NAMESPACE / BAO_NAMESPACE (sent as X-Vault-Namespace). Login: see vault/auth-methods.ts.
 * The token needs create, update and read on <mount>/data/<path> (read for the idempotence check),
 * and delete on <mount>/metadata/<path> for remove().
 *
 * Writes use check-and-set with the current version; the record's writeKey (rotationId, plus the
 * pending rotation's id) is the marker that recognises a retried write whose response was lost.
 */
import { GuardError } from "../core/errors";
import { debug } from "../core/log";
import { redactText } from "../core/redact";
import { firstEnv } from "./env";
import { defaultStoreRetry, StoreOptions } from "./options";
import { checkRecord, recordFields, toRecord, writeKey } from "./record";
import { checkServiceAddress, formatStoreReference, VaultStoreReference } from "./reference";
import { CredentialRecord, SecretStore, StoredCredential } from "./store";
import { vaultLogin } from "./vault/auth-methods";
import { KvV2Secret } from "./vault/kv-v2";
import { capabilitiesOn, tokenIsValid } from "./vault/token-self";
import { VaultResponse, vaultErrors, VaultTransport } from "./vault/transport";

/** Store writing KV v2 secrets on Vault or OpenBao. */
export class VaultStore implements SecretStore {
  readonly kind = "vault";
  readonly reference: string;
  readonly address: string;
  readonly namespace?: string;
  private readonly transport: VaultTransport;
  private readonly secret: KvV2Secret;
  private token?: string;

  constructor(
    private readonly ref: VaultStoreReference,
    private readonly options: StoreOptions = {},
  ) {
    this.reference = formatStoreReference(ref);
    const env = options.env ?? process.env;
    const address = ref.address ?? firstEnv(env, "VAULT_ADDR", "BAO_ADDR");
    if (!address) {
      throw new GuardError("store.invalid-reference", `Vault store ${this.reference}: no server address.`, {
        hint: "Add ?addr=https://vault.example.com:8200 to the reference or set VAULT_ADDR (or BAO_ADDR).",
      });
    }
    this.address = checkServiceAddress(address, "the Vault address (VAULT_ADDR)");
    this.namespace = ref.namespace ?? firstEnv(env, "VAULT_NAMESPACE", "BAO_NAMESPACE");
    this.transport = new VaultTransport(this.address, this.namespace, options.retry ?? defaultStoreRetry(), options.timeoutMs);
    this.secret = new KvV2Secret(this.transport, ref.mount, ref.path);
  }

  /** `<mount>/data/<path>`. */
  get dataPath(): string {
    return this.secret.dataPath;
  }

  /** The token to use, logging in first when needed (once per store). Registered as a secret. */
  async getToken(): Promise<string> {
    this.token ??= await vaultLogin(this.transport, {
      ref: this.ref,
      reference: this.reference,
      credentials: this.options.credentials ?? {},
      env: this.options.env ?? process.env,
    });
    return this.token;
  }

  /** Map a 4xx answer to a GuardError; 403 is split into an invalid token and a missing policy. */
  private async clientError(operation: string, res: VaultResponse, token: string | undefined): Promise<GuardError> {
    const text = redactText(vaultErrors(res.body).join("; "));
    const status = res.status;
    if (status === 401 || status === 403) {
      if (status === 401 || !(await tokenIsValid(this.transport, token))) {
        return new GuardError("store.unauthorized", `Vault rejected the token (${operation}): it is invalid or expired.`, {
          hint: "Provide a valid token (VAULT_TOKEN / BAO_TOKEN) or AppRole/JWT credentials.",
          status,
          operation,
        });
      }
      return new GuardError("store.forbidden", `Vault refused ${operation}: permission denied.`, {
        hint: `The token lacks a policy for ${this.dataPath} (needs create, update, read; delete on ${this.secret.metadataPath} to remove).`,
        status,
        operation,
      });
    }
    if (status === 404) {
      return new GuardError("store.not-found", `Vault has no KV v2 mount "${this.ref.mount}" (${operation})${text ? `: ${text}` : ""}.`, {
        hint: `Enable it (bao secrets enable -path=${this.ref.mount} kv-v2) or fix the first path segment of the reference.`,
        status,
        operation,
      });
    }
    return new GuardError("store.io", `Vault answered HTTP ${status} to ${operation}${text ? `: ${text}` : ""}.`, { status, operation });
  }

  /** Current version of the secret (0 when none) and its record when readable. */
  private async current(): Promise<{ version: number; record?: CredentialRecord }> {
    const token = await this.getToken();
    const read = await this.secret.read(token);
    const { response: res, version } = read;
    if (res.status === 200 && read.data) {
      return { version, record: toRecord(read.data, `Vault secret ${this.dataPath} (version ${version})`) };
    }
    if (res.status === 404 && (read.metadata !== undefined || vaultErrors(res.body).length === 0)) return { version };
    throw await this.clientError(`GET /v1/${this.dataPath}`, res, token);
  }

  async checkWritable(): Promise<void> {
    const token = await this.getToken();
    const operation = "POST /v1/sys/capabilities-self";
    const { response, capabilities: list } = await capabilitiesOn(this.transport, token, this.dataPath);
    if (response.status !== 200) throw await this.clientError(operation, response, token);
    const missing = list.includes("root") ? [] : ["create", "update", "read"].filter((c) => !list.includes(c));
    if (missing.length > 0) {
      throw new GuardError("store.forbidden", `Vault token cannot write ${this.dataPath}: it lacks ${missing.join(", ")} (has ${list.join(", ") || "none"}).`, {
        hint: `Grant a policy with path "${this.dataPath}" { capabilities = ["create", "update", "read"] }.`,
        operation,
      });
    }
    // Proves the mount exists (404 with "no handler" otherwise) without changing anything.
    await this.current();
  }

  async write(record: CredentialRecord): Promise<StoredCredential> {
    checkRecord(record);
    const token = await this.getToken();
    const current = await this.current();
    if (current.record && writeKey(current.record) === writeKey(record)) {
      debug("store.vault", `${this.reference}: rotation already stored as version ${current.version}; not writing`);
      return { record: current.record, version: String(current.version) };
    }
    const operation = `POST /v1/${this.dataPath}`;
    // A repeated POST (lost response) fails the CAS check, and the re-read below recognises our own write key.
    const { response: res, version: written } = await this.secret.write(token, recordFields(record), current.version);
    if (res.status === 200 || res.status === 204) {
      const version = written ?? current.version + 1;
      debug("store.vault", `${this.reference}: wrote version ${version}`);
      return { record: recordFields(record), version: String(version) };
    }
    if (res.status === 400 && vaultErrors(res.body).some((e) => /check-and-set/i.test(e))) {
      const now = await this.current();
      if (now.record && writeKey(now.record) === writeKey(record)) {
        debug("store.vault", `${this.reference}: CAS mismatch, but version ${now.version} is our rotation (retried write)`);
        return { record: now.record, version: String(now.version) };
      }
      throw new GuardError(
        "store.conflict",
        `Vault secret ${this.dataPath} was changed by another writer (expected version ${current.version}, now ${now.version}).`,
        {
          hint: "Another process wrote this secret at the same time; make sure one stack/rotation owns each reference, then retry.",
          status: 400,
          operation,
          serviceCode: "cas-mismatch",
        },
      );
    }
    throw await this.clientError(operation, res, token);
  }

  async read(): Promise<StoredCredential | undefined> {
    const current = await this.current();
    return current.record ? { record: current.record, version: String(current.version) } : undefined;
  }

  async remove(): Promise<void> {
    const token = await this.getToken();
    const res = await this.secret.destroyAll(token);
    if (res.status === 204 || res.status === 200) return;
    if (res.status === 404 && vaultErrors(res.body).length === 0) return;
    throw await this.clientError(`DELETE /v1/${this.secret.metadataPath}`, res, token);
  }
}
