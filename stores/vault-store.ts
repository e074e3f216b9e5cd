/**
 * HashiCorp Vault / OpenBao KV version 2 over HTTP (core/http.ts client, core/retry.ts policy).
 *
 * Address: reference `addr`/`address`, else VAULT_ADDR / BAO_ADDR. Namespace: reference `namespace`,
 * else VAULT_NAMESPACE / BAO_NAMESPACE (sent as X-Vault-Namespace).
 * Login (first match, or the one the reference's `auth=` names):
 *   token    credentials.vaultToken, VAULT_TOKEN / BAO_TOKEN, the file in VAULT_TOKEN_FILE, ~/.vault-token
 *   approle  credentials.vaultRoleId/vaultSecretId, VAULT_ROLE_ID / VAULT_SECRET_ID (BAO_*);
 *            POST /v1/auth/<VAULT_APPROLE_MOUNT|approle>/login
 *   jwt      credentials.vaultJwt, VAULT_JWT or the file VAULT_JWT_FILE; role from credentials.vaultJwtRole,
 *            the reference's `role`, VAULT_JWT_ROLE; POST /v1/auth/<VAULT_JWT_MOUNT|jwt>/login
 * The token needs create, update and read on <mount>/data/<path> (read for the idempotence check),
 * and delete on <mount>/metadata/<path> for remove().
 *
 * Writes use check-and-set with the current version; the record's writeKey (rotationId, plus the
 * pending rotation's id) is the marker that recognises a retried write whose response was lost.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AxiosInstance, AxiosResponse } from "axios";
import { GuardError } from "../core/errors";
import { createHttpClient, HttpFailureError, parseRetryAfter } from "../core/http";
import { debug } from "../core/log";
import { redactText, registerSecret } from "../core/redact";
import { RetryPolicy } from "../core/retry";
import { defaultStoreRetry, StoreOptions } from "./options";
import { checkRecord, recordFields, toRecord, writeKey } from "./record";
import { checkServiceAddress, formatStoreReference, VaultAuthMethod, VaultStoreReference } from "./reference";
import { CredentialRecord, SecretStore, StoredCredential } from "./store";

type Env = Record<string, string | undefined>;

interface VaultResponse {
  status: number;
  body: Record<string, unknown>;
}

function firstEnv(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== "") return v.trim();
  }
  return undefined;
}

function errorsOf(body: Record<string, unknown>): string[] {
  const errors = body?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === "string") : [];
}

/** Store writing KV v2 secrets on Vault or OpenBao. */
export class VaultStore implements SecretStore {
  readonly kind = "vault";
  readonly reference: string;
  readonly address: string;
  readonly namespace?: string;
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly env: Env;
  private token?: string;

  constructor(
    private readonly ref: VaultStoreReference,
    private readonly options: StoreOptions = {},
  ) {
    this.reference = formatStoreReference(ref);
    this.env = options.env ?? process.env;
    const address = ref.address ?? firstEnv(this.env, "VAULT_ADDR", "BAO_ADDR");
    if (!address) {
      throw new GuardError("store.invalid-reference", `Vault store ${this.reference}: no server address.`, {
        hint: "Add ?addr=https://vault.example.com:8200 to the reference or set VAULT_ADDR (or BAO_ADDR).",
      });
    }
    this.address = checkServiceAddress(address, "the Vault address (VAULT_ADDR)");
    this.namespace = ref.namespace ?? firstEnv(this.env, "VAULT_NAMESPACE", "BAO_NAMESPACE");
    this.http = createHttpClient({ baseURL: this.address, timeoutMs: options.timeoutMs });
    this.retry = options.retry ?? defaultStoreRetry();
  }

  /** `<mount>/data/<path>`. */
  get dataPath(): string {
    return `${this.ref.mount}/data/${this.ref.path}`;
  }

  private get metadataPath(): string {
    return `${this.ref.mount}/metadata/${this.ref.path}`;
  }

  private url(p: string): string {
    return "/v1/" + p.split("/").map(encodeURIComponent).join("/");
  }

  // ---------------------------------------------------------------- HTTP

  /** One request with retries for network failures and 5xx; statuses < 500 come back to the caller. */
  private async request(method: "GET" | "POST" | "DELETE", p: string, body: unknown, opts: { token?: string | null; idempotent?: boolean } = {}): Promise<VaultResponse> {
    const operation = `${method} /v1/${p}`;
    const token = opts.token === null ? undefined : opts.token ?? (await this.getToken());
    return this.retry.run({ operation, idempotent: opts.idempotent ?? true }, async () => {
      const headers: Record<string, string> = {};
      if (token) headers["X-Vault-Token"] = token;
      if (this.namespace) headers["X-Vault-Namespace"] = this.namespace;
      let response: AxiosResponse;
      try {
        response = await this.http.request({ method, url: this.url(p), data: body, headers });
      } catch (e) {
        throw this.networkError(operation, e);
      }
      const resBody = (response.data && typeof response.data === "object" ? response.data : {}) as Record<string, unknown>;
      if (response.status >= 500) throw this.serverError(operation, response.status, resBody, response.headers?.["retry-after"]);
      debug("store.vault", `${operation} → ${response.status}`);
      return { status: response.status, body: resBody };
    });
  }

  private networkError(operation: string, e: unknown): GuardError {
    const failure = e instanceof HttpFailureError ? e.failure : undefined;
    const code = failure?.networkCode ?? "EUNKNOWN";
    return new GuardError("store.unavailable", `Vault at ${this.address} is unreachable (${code}) during ${operation}.`, {
      hint: "Check that the server runs and VAULT_ADDR is right.",
      operation,
      serviceCode: code,
      retryable: true,
      notActed: failure?.notSent ?? false,
    });
  }

  private serverError(operation: string, status: number, body: Record<string, unknown>, retryAfter: unknown): GuardError {
    const text = redactText(errorsOf(body).join("; "));
    if (status === 503 && /sealed/i.test(text)) {
      return new GuardError("store.unavailable", `Vault at ${this.address} is sealed (${operation}).`, {
        hint: "Unseal the server (bao operator unseal / vault operator unseal) and retry.",
        status,
        operation,
        serviceCode: "sealed",
        retryable: false,
      });
    }
    return new GuardError("store.unavailable", `Vault answered HTTP ${status} to ${operation}${text ? `: ${text}` : ""}.`, {
      status,
      operation,
      retryable: true,
      notActed: status === 503,
      retryAfterMs: parseRetryAfter(typeof retryAfter === "string" ? retryAfter : undefined),
    });
  }

  /** Map a 4xx answer to a GuardError; 403 is split into an invalid token and a missing policy. */
  private async clientError(operation: string, res: VaultResponse, token: string | undefined): Promise<GuardError> {
    const text = redactText(errorsOf(res.body).join("; "));
    const status = res.status;
    if (status === 401 || status === 403) {
      if (status === 401 || !(await this.tokenValid(token))) {
        return new GuardError("store.unauthorized", `Vault rejected the token (${operation}): it is invalid or expired.`, {
          hint: "Provide a valid token (VAULT_TOKEN / BAO_TOKEN) or AppRole/JWT credentials.",
          status,
          operation,
        });
      }
      return new GuardError("store.forbidden", `Vault refused ${operation}: permission denied.`, {
        hint: `The token lacks a policy for ${this.dataPath} (needs create, update, read; delete on ${this.metadataPath} to remove).`,
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

  private async tokenValid(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      const res = await this.request("GET", "auth/token/lookup-self", undefined, { token });
      return res.status === 200;
    } catch {
      return true; // cannot tell; report the permission problem
    }
  }

  // ---------------------------------------------------------------- login

  private resolveAuth(): VaultAuthMethod {
    if (this.ref.auth) return this.ref.auth;
    const c = this.options.credentials ?? {};
    if (c.vaultToken || firstEnv(this.env, "VAULT_TOKEN", "BAO_TOKEN", "VAULT_TOKEN_FILE")) return "token";
    if ((c.vaultRoleId || firstEnv(this.env, "VAULT_ROLE_ID", "BAO_ROLE_ID")) && (c.vaultSecretId || firstEnv(this.env, "VAULT_SECRET_ID", "BAO_SECRET_ID"))) return "approle";
    if (c.vaultJwt || firstEnv(this.env, "VAULT_JWT", "VAULT_JWT_FILE")) return "jwt";
    return "token"; // falls back to ~/.vault-token
  }

  private missing(what: string, hint: string): GuardError {
    return new GuardError("store.unauthorized", `Vault store ${this.reference}: no ${what}.`, { hint });
  }

  private readFileCredential(file: string, what: string): string {
    try {
      const v = fs.readFileSync(file, "utf8").trim();
      if (v) return v;
    } catch {
      /* reported below */
    }
    throw this.missing(what, `The file ${file} is missing or empty.`);
  }

  /** The token to use, logging in first when needed. Registered as a secret. */
  async getToken(): Promise<string> {
    if (this.token) return this.token;
    const c = this.options.credentials ?? {};
    const auth = this.resolveAuth();
    let token: string;
    if (auth === "token") {
      let t = c.vaultToken ?? firstEnv(this.env, "VAULT_TOKEN", "BAO_TOKEN");
      const file = firstEnv(this.env, "VAULT_TOKEN_FILE");
      if (!t && file) t = this.readFileCredential(file, "token");
      if (!t) {
        const home = firstEnv(this.env, "HOME") ?? os.homedir();
        const dflt = path.join(home, ".vault-token");
        if (fs.existsSync(dflt)) t = this.readFileCredential(dflt, "token");
      }
      if (!t) {
        throw this.missing("credentials", "Set VAULT_TOKEN (or BAO_TOKEN), or VAULT_ROLE_ID + VAULT_SECRET_ID, or VAULT_JWT + VAULT_JWT_ROLE, or pass them in the provider's stack config.");
      }
      token = t;
    } else if (auth === "approle") {
      const roleId = c.vaultRoleId ?? firstEnv(this.env, "VAULT_ROLE_ID", "BAO_ROLE_ID");
      const secretId = c.vaultSecretId ?? firstEnv(this.env, "VAULT_SECRET_ID", "BAO_SECRET_ID");
      if (!roleId || !secretId) throw this.missing("AppRole credentials", "Set VAULT_ROLE_ID and VAULT_SECRET_ID.");
      registerSecret(secretId);
      const mount = this.ref.authMount ?? firstEnv(this.env, "VAULT_APPROLE_MOUNT") ?? "approle";
      token = await this.login(mount, { role_id: roleId, secret_id: secretId });
    } else {
      let jwt = c.vaultJwt ?? firstEnv(this.env, "VAULT_JWT");
      const file = firstEnv(this.env, "VAULT_JWT_FILE");
      if (!jwt && file) jwt = this.readFileCredential(file, "JWT");
      const role = c.vaultJwtRole ?? this.ref.role ?? firstEnv(this.env, "VAULT_JWT_ROLE");
      if (!jwt) throw this.missing("JWT", "Set VAULT_JWT or VAULT_JWT_FILE.");
      if (!role) throw this.missing("JWT role", "Add ?role=<role> to the reference or set VAULT_JWT_ROLE.");
      registerSecret(jwt);
      const mount = this.ref.authMount ?? firstEnv(this.env, "VAULT_JWT_MOUNT") ?? "jwt";
      token = await this.login(mount, { role, jwt });
    }
    registerSecret(token);
    this.token = token;
    return token;
  }

  private async login(mount: string, body: Record<string, string>): Promise<string> {
    const p = `auth/${mount}/login`;
    const operation = `POST /v1/${p}`;
    const res = await this.request("POST", p, body, { token: null });
    const auth = res.body.auth as Record<string, unknown> | undefined;
    const token = auth && typeof auth.client_token === "string" ? auth.client_token : undefined;
    if (res.status === 200 && token) {
      registerSecret(token);
      debug("store.vault", `logged in through auth/${mount}`);
      return token;
    }
    if (res.status === 404) {
      throw new GuardError("store.not-found", `Vault has no auth method mounted at auth/${mount} (${operation}).`, {
        hint: "Enable it, or set VAULT_APPROLE_MOUNT / VAULT_JWT_MOUNT (or ?authMount=) to where it is mounted.",
        status: res.status,
        operation,
      });
    }
    const text = redactText(errorsOf(res.body).join("; "));
    throw new GuardError("store.unauthorized", `Vault login through auth/${mount} failed (HTTP ${res.status})${text ? `: ${text}` : ""}.`, {
      hint: "Check the role and its credentials.",
      status: res.status,
      operation,
    });
  }

  // ---------------------------------------------------------------- KV v2

  /** Current version of the secret (0 when none) and its record when readable. */
  private async current(): Promise<{ version: number; record?: CredentialRecord }> {
    const token = await this.getToken();
    const res = await this.request("GET", this.dataPath, undefined, { token });
    const data = res.body.data as Record<string, unknown> | undefined | null;
    const metadata = (data?.metadata ?? undefined) as Record<string, unknown> | undefined;
    const version = typeof metadata?.version === "number" ? metadata.version : 0;
    if (res.status === 200 && data?.data) {
      return { version, record: toRecord(data.data, `Vault secret ${this.dataPath} (version ${version})`) };
    }
    if (res.status === 404 && (metadata !== undefined || errorsOf(res.body).length === 0)) return { version };
    throw await this.clientError(`GET /v1/${this.dataPath}`, res, token);
  }

  async checkWritable(): Promise<void> {
    const token = await this.getToken();
    const operation = "POST /v1/sys/capabilities-self";
    const res = await this.request("POST", "sys/capabilities-self", { paths: [this.dataPath] }, { token });
    if (res.status !== 200) throw await this.clientError(operation, res, token);
    const data = (res.body.data ?? res.body) as Record<string, unknown>;
    const caps = (Array.isArray(data[this.dataPath]) ? data[this.dataPath] : data.capabilities) as unknown;
    const list = Array.isArray(caps) ? caps.filter((c): c is string => typeof c === "string") : [];
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
    // Safe to repeat even after it may have acted: a repeated POST with the same cas fails the CAS
    // check, and the re-read below recognises our own rotationId.
    const res = await this.request("POST", this.dataPath, { data: recordFields(record), options: { cas: current.version } }, { token, idempotent: true });
    if (res.status === 200 || res.status === 204) {
      const data = res.body.data as Record<string, unknown> | undefined;
      const version = typeof data?.version === "number" ? data.version : current.version + 1;
      debug("store.vault", `${this.reference}: wrote version ${version}`);
      return { record: recordFields(record), version: String(version) };
    }
    if (res.status === 400 && errorsOf(res.body).some((e) => /check-and-set/i.test(e))) {
      const now = await this.current();
      if (now.record && writeKey(now.record) === writeKey(record)) {
        debug("store.vault", `${this.reference}: CAS mismatch, but version ${now.version} is our rotation (retried write)`);
        return { record: now.record, version: String(now.version) };
      }
      throw new GuardError("store.conflict", `Vault secret ${this.dataPath} was changed by another writer (expected version ${current.version}, now ${now.version}).`, {
        hint: "Another process wrote this secret at the same time; make sure one stack/rotation owns each reference, then retry.",
        status: 400,
        operation,
        serviceCode: "cas-mismatch",
      });
    }
    throw await this.clientError(operation, res, token);
  }

  async read(): Promise<StoredCredential | undefined> {
    const current = await this.current();
    return current.record ? { record: current.record, version: String(current.version) } : undefined;
  }

  async remove(): Promise<void> {
    const token = await this.getToken();
    const res = await this.request("DELETE", this.metadataPath, undefined, { token });
    if (res.status === 204 || res.status === 200) return;
    if (res.status === 404 && errorsOf(res.body).length === 0) return;
    throw await this.clientError(`DELETE /v1/${this.metadataPath}`, res, token);
  }
}
