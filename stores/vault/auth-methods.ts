/**
 * Vault / OpenBao auth methods: how a store gets its token. One function per method, as the Vault API
 * lays them out (`auth/token`, `auth/<approle mount>/login`, `auth/<jwt mount>/login`), over the
 * transport (transport.ts). Every credential read or received is registered as a secret.
 *
 *   token    credentials.vaultToken, VAULT_TOKEN / BAO_TOKEN, the file in VAULT_TOKEN_FILE, ~/.vault-token
 *   approle  credentials.vaultRoleId/vaultSecretId, VAULT_ROLE_ID / VAULT_SECRET_ID (BAO_*);
 *            POST /v1/auth/<ref authMount | VAULT_APPROLE_MOUNT | approle>/login
 *   jwt      credentials.vaultJwt, VAULT_JWT or the file VAULT_JWT_FILE; role from credentials.vaultJwtRole,
 *            the reference's `role`, VAULT_JWT_ROLE; POST /v1/auth/<ref authMount | VAULT_JWT_MOUNT | jwt>/login
 * Without `auth=` in the reference, the first method with credentials is used (token → AppRole → JWT),
 * and the token method last of all, for ~/.vault-token.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GuardError } from "../../core/errors";
import { debug } from "../../core/log";
import { redactText, registerSecret } from "../../core/redact";
import { Env, firstEnv } from "../env";
import type { StoreCredentials } from "../options";
import type { VaultAuthMethod, VaultStoreReference } from "../reference";
import { vaultErrors, VaultTransport } from "./transport";

/** Where a login looks for its credentials. */
export interface VaultLoginContext {
  ref: VaultStoreReference;
  /** The store reference as shown in messages. */
  reference: string;
  credentials: StoreCredentials;
  env: Env;
}

/** The auth method a store uses: the reference's `auth=`, else the first one with credentials. */
export function chooseAuthMethod(context: VaultLoginContext): VaultAuthMethod {
  const { ref, credentials: c, env } = context;
  if (ref.auth) return ref.auth;
  if (c.vaultToken || firstEnv(env, "VAULT_TOKEN", "BAO_TOKEN", "VAULT_TOKEN_FILE")) return "token";
  if ((c.vaultRoleId || firstEnv(env, "VAULT_ROLE_ID", "BAO_ROLE_ID")) && (c.vaultSecretId || firstEnv(env, "VAULT_SECRET_ID", "BAO_SECRET_ID")))
    return "approle";
  if (c.vaultJwt || firstEnv(env, "VAULT_JWT", "VAULT_JWT_FILE")) return "jwt";
  return "token"; // falls back to ~/.vault-token
}

/** A token for the store, by the method {@link chooseAuthMethod} picks. Registered as a secret. */
export async function vaultLogin(transport: VaultTransport, context: VaultLoginContext): Promise<string> {
  const method = chooseAuthMethod(context);
  const token = method === "token" ? tokenAuth(context) : method === "approle" ? await appRoleLogin(transport, context) : await jwtLogin(transport, context);
  registerSecret(token);
  return token;
}

/** The token method: a token given directly, in a file, or in ~/.vault-token. */
export function tokenAuth(context: VaultLoginContext): string {
  const { credentials: c, env } = context;
  let token = c.vaultToken ?? firstEnv(env, "VAULT_TOKEN", "BAO_TOKEN");
  const file = firstEnv(env, "VAULT_TOKEN_FILE");
  if (!token && file) token = readFileCredential(context, file, "token");
  if (!token) {
    const home = firstEnv(env, "HOME") ?? os.homedir();
    const dflt = path.join(home, ".vault-token");
    if (fs.existsSync(dflt)) token = readFileCredential(context, dflt, "token");
  }
  if (!token) {
    throw missing(
      context,
      "credentials",
      "Set VAULT_TOKEN (or BAO_TOKEN), or VAULT_ROLE_ID + VAULT_SECRET_ID, or VAULT_JWT + VAULT_JWT_ROLE, or pass them in the provider's stack config.",
    );
  }
  return token;
}

/** The AppRole method: role id + secret id exchanged for a token. */
export async function appRoleLogin(transport: VaultTransport, context: VaultLoginContext): Promise<string> {
  const { credentials: c, env, ref } = context;
  const roleId = c.vaultRoleId ?? firstEnv(env, "VAULT_ROLE_ID", "BAO_ROLE_ID");
  const secretId = c.vaultSecretId ?? firstEnv(env, "VAULT_SECRET_ID", "BAO_SECRET_ID");
  if (!roleId || !secretId) throw missing(context, "AppRole credentials", "Set VAULT_ROLE_ID and VAULT_SECRET_ID.");
  registerSecret(secretId);
  const mount = ref.authMount ?? firstEnv(env, "VAULT_APPROLE_MOUNT") ?? "approle";
  return login(transport, mount, { role_id: roleId, secret_id: secretId });
}

/** The JWT method: a JWT (from a CI system's OIDC token, say) and a role exchanged for a token. */
export async function jwtLogin(transport: VaultTransport, context: VaultLoginContext): Promise<string> {
  const { credentials: c, env, ref } = context;
  let jwt = c.vaultJwt ?? firstEnv(env, "VAULT_JWT");
  const file = firstEnv(env, "VAULT_JWT_FILE");
  if (!jwt && file) jwt = readFileCredential(context, file, "JWT");
  const role = c.vaultJwtRole ?? ref.role ?? firstEnv(env, "VAULT_JWT_ROLE");
  if (!jwt) throw missing(context, "JWT", "Set VAULT_JWT or VAULT_JWT_FILE.");
  if (!role) throw missing(context, "JWT role", "Add ?role=<role> to the reference or set VAULT_JWT_ROLE.");
  registerSecret(jwt);
  const mount = ref.authMount ?? firstEnv(env, "VAULT_JWT_MOUNT") ?? "jwt";
  return login(transport, mount, { role, jwt });
}

/** `POST /v1/auth/<mount>/login` → the client token. */
async function login(transport: VaultTransport, mount: string, body: Record<string, string>): Promise<string> {
  const p = `auth/${mount}/login`;
  const operation = `POST /v1/${p}`;
  const res = await transport.request("POST", p, body);
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
  const text = redactText(vaultErrors(res.body).join("; "));
  throw new GuardError("store.unauthorized", `Vault login through auth/${mount} failed (HTTP ${res.status})${text ? `: ${text}` : ""}.`, {
    hint: "Check the role and its credentials.",
    status: res.status,
    operation,
  });
}

function missing(context: VaultLoginContext, what: string, hint: string): GuardError {
  return new GuardError("store.unauthorized", `Vault store ${context.reference}: no ${what}.`, { hint });
}

function readFileCredential(context: VaultLoginContext, file: string, what: string): string {
  try {
    const v = fs.readFileSync(file, "utf8").trim();
    if (v) return v;
  } catch {
    /* reported below */
  }
  throw missing(context, what, `The file ${file} is missing or empty.`);
}
