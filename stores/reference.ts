/**
 * Store references: URLs in the style of Pulumi's secrets-provider URLs that say where a secret goes.
 *
 *   file://./.secrets/ci-client            relative to the current directory
 *   file:///abs/path/ci-client             absolute
 *   vault://secret/genesys/ci-client       KV v2 mount `secret`, secret path `genesys/ci-client`
 *     ?addr=https://vault.example:8200     (or `address`; else VAULT_ADDR / BAO_ADDR)
 *     &namespace=team-a                    (else VAULT_NAMESPACE / BAO_NAMESPACE)
 *     &auth=token|approle|jwt              (default: whichever credentials are present)
 *     &role=ci                             (JWT role; for AppRole only a label, the role id comes from the env)
 *     &authMount=approle                   (auth method mount; else VAULT_APPROLE_MOUNT / VAULT_JWT_MOUNT)
 *   awssm://genesys/ci-client?region=eu-west-1&endpoint=http://127.0.0.1:5000
 *
 * A reference is stored in Pulumi state, so it never holds a credential: `token=`, `secret_id=` and the
 * like are refused with an error that says where the credential goes instead. Plain `http://` is only
 * accepted for loopback addresses.
 *
 * Parsing is pure (no environment, no file system): it runs in the provider's check() at preview time.
 */
import { GuardError } from "../core/errors";
import { isLoopbackHost } from "../domain/loopback";

/** `file://` reference. */
export interface FileStoreReference {
  kind: "file";
  /** The path as written (`./.secrets/ci-client` or `/abs/path`); relative paths resolve against the current directory. */
  path: string;
}

/** Vault / OpenBao login method. */
export type VaultAuthMethod = "token" | "approle" | "jwt";

/** `vault://` reference. */
export interface VaultStoreReference {
  kind: "vault";
  /** KV v2 mount (first path segment). */
  mount: string;
  /** Secret path inside the mount (the rest). */
  path: string;
  /** Server address (`https://host:8200`); else VAULT_ADDR / BAO_ADDR at open time. */
  address?: string;
  /** Namespace; else VAULT_NAMESPACE / BAO_NAMESPACE at open time. */
  namespace?: string;
  /** Login method; default: token if one is present, else AppRole, else JWT. */
  auth?: VaultAuthMethod;
  /** JWT role (AppRole: informational). */
  role?: string;
  /** Mount of the auth method (default `approle` / `jwt`). */
  authMount?: string;
}

/** `awssm://` reference. */
export interface AwsSecretsManagerReference {
  kind: "aws-secrets-manager";
  /** Secret name or ARN. */
  secretId: string;
  /** Region; else AWS_REGION / AWS_DEFAULT_REGION at open time. */
  region?: string;
  /** Endpoint (local servers, VPC endpoints); else AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL. */
  endpoint?: string;
}

/** A parsed store reference. */
export type StoreReference = FileStoreReference | VaultStoreReference | AwsSecretsManagerReference;

const EXAMPLES =
  "Examples: file://./.secrets/ci-client, vault://secret/genesys/ci-client?addr=https://vault.example.com:8200, " +
  "awssm://genesys/ci-client?region=eu-west-1";

/** Query keys that would put a credential into a reference, with where the credential goes instead. */
const CREDENTIAL_KEYS: Record<string, string> = {
  token: "VAULT_TOKEN (or BAO_TOKEN) or the provider's stack config",
  vaulttoken: "VAULT_TOKEN (or BAO_TOKEN) or the provider's stack config",
  secretid: "VAULT_SECRET_ID or the provider's stack config",
  roleid: "VAULT_ROLE_ID or the provider's stack config",
  jwt: "VAULT_JWT or VAULT_JWT_FILE",
  password: "the environment or the provider's stack config",
  accesskeyid: "the AWS default credential chain (AWS_ACCESS_KEY_ID, a profile, an instance role)",
  awsaccesskeyid: "the AWS default credential chain (AWS_ACCESS_KEY_ID, a profile, an instance role)",
  secretaccesskey: "the AWS default credential chain (AWS_SECRET_ACCESS_KEY, a profile, an instance role)",
  awssecretaccesskey: "the AWS default credential chain (AWS_SECRET_ACCESS_KEY, a profile, an instance role)",
  sessiontoken: "the AWS default credential chain (AWS_SESSION_TOKEN)",
  awssessiontoken: "the AWS default credential chain (AWS_SESSION_TOKEN)",
  secret: "the environment or the provider's stack config",
  clientsecret: "nowhere: the client secret is what the store holds",
};

const VAULT_KEYS = ["addr", "address", "namespace", "auth", "role", "authMount"];
const AWS_KEYS = ["region", "endpoint"];

function invalid(text: string, message: string, hint?: string): GuardError {
  return new GuardError("store.invalid-reference", `Invalid store reference "${safeReference(text)}": ${message}`, {
    hint: hint ?? EXAMPLES,
  });
}

/**
 * The reference as it may appear in a message: user:password@ parts (also inside option values), every
 * query value except the known non-secret options, and any #fragment masked. A refused reference is
 * often refused because it holds a credential, so nothing unknown is echoed.
 */
export function safeReference(text: string): string {
  const maskUserinfo = (t: string): string => t.replace(/(^|:\/\/)[^/?#]*@/g, "$1***@");
  const hash = text.indexOf("#");
  const withoutFragment = hash < 0 ? text : text.slice(0, hash);
  const fragment = hash < 0 ? "" : "#***";
  const q = withoutFragment.indexOf("?");
  if (q < 0) return maskUserinfo(withoutFragment) + fragment;
  const known = new Set([...VAULT_KEYS, ...AWS_KEYS].map((k) => k.toLowerCase()));
  const shown: string[] = [];
  for (const [k, v] of new URLSearchParams(withoutFragment.slice(q + 1))) {
    shown.push(`${encodeURIComponent(k)}=${known.has(k.toLowerCase()) ? maskUserinfo(v) : "***"}`);
  }
  return `${maskUserinfo(withoutFragment.slice(0, q))}?${shown.join("&")}${fragment}`;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

/** Parse the query of a reference, refusing credentials, unknown keys and repeated keys. */
function parseQuery(text: string, query: string, allowed: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!query) return out;
  const params = new URLSearchParams(query);
  for (const [key, value] of params) {
    const credentialHome = CREDENTIAL_KEYS[normaliseKey(key)];
    if (credentialHome) {
      throw invalid(
        text,
        `a store reference must not contain a credential ("${key}=" in the query); references are stored in Pulumi state.`,
        `Remove "${key}=..." from the reference and provide it through ${credentialHome}.`,
      );
    }
    const canonical = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    if (!canonical) {
      throw invalid(text, `unknown option "${key}".`, `Allowed options: ${allowed.join(", ") || "none"}.`);
    }
    if (out.has(canonical)) throw invalid(text, `option "${key}" is given twice.`, "Give each option once.");
    if (value === "") throw invalid(text, `option "${key}" is empty.`, `Give a value (${key}=...) or remove the option.`);
    out.set(canonical, value);
  }
  return out;
}

/**
 * Check a service address given in a reference or the environment: an absolute http(s) URL without
 * credentials, and TLS unless the host is loopback. Throws `store.invalid-reference` or `store.insecure`.
 */
export function checkServiceAddress(address: string, what: string, context = address): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw invalid(context, `${what} "${address}" is not an absolute URL.`, `Write it as https://host:port.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalid(context, `${what} must use https:// (got ${url.protocol}//).`, `Write it as https://host:port.`);
  }
  if (url.username || url.password) {
    throw invalid(
      context,
      `${what} must not contain a user name or password; references are stored in Pulumi state.`,
      "Remove the user:password@ part and provide credentials through the environment.",
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new GuardError("store.insecure", `${what} ${url.origin} uses plain http:// to a non-loopback host; secrets would travel unencrypted.`, {
      hint: `Use https://${url.host} (plain http:// is accepted only for 127.0.0.1, ::1 and localhost).`,
    });
  }
  return url.toString().replace(/\/+$/, "");
}

function splitQuery(rest: string): [string, string] {
  const q = rest.indexOf("?");
  return q < 0 ? [rest, ""] : [rest.slice(0, q), rest.slice(q + 1)];
}

function parseFile(text: string, rest: string): FileStoreReference {
  const [p, query] = splitQuery(rest);
  if (query) throw invalid(text, "file references take no options.", "Remove the ?... part.");
  if (!p) throw invalid(text, "the path is empty.", "Write file://./.secrets/<name> or file:///absolute/path/<name>.");
  let decoded: string;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    throw invalid(text, "the path has an invalid %-escape.", "Write the path without % escapes.");
  }
  if (decoded.includes("\0")) throw invalid(text, "the path contains a NUL character.");
  if (decoded.endsWith("/")) {
    throw invalid(text, "the path names a directory; it must name the file the secret is written to.", "Add a file name, e.g. file://./.secrets/ci-client.");
  }
  if (!decoded.startsWith("/") && !decoded.startsWith("./") && !decoded.startsWith("../")) {
    // file://host/path is a URL with a host; we only accept local paths.
    throw invalid(
      text,
      `"${decoded.split("/")[0]}" would be read as a host name.`,
      `Write a relative path with a leading ./ (file://./${decoded}) or an absolute one (file:///abs/path).`,
    );
  }
  return { kind: "file", path: decoded };
}

function segmentsOf(text: string, p: string): string[] {
  const segments = p.split("/");
  for (const s of segments) {
    if (s === "" || s === "." || s === "..") {
      throw invalid(text, `the path "${p}" has an empty, "." or ".." segment.`, "Write mount/path/to/secret without empty segments.");
    }
  }
  return segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw invalid(text, `the path segment "${s}" has an invalid %-escape.`);
    }
  });
}

function parseVault(text: string, rest: string): VaultStoreReference {
  const [p, query] = splitQuery(rest);
  const segments = segmentsOf(text, p.replace(/\/+$/, ""));
  if (segments.length < 2) {
    throw invalid(
      text,
      "a Vault reference needs a KV v2 mount and a secret path.",
      "Write vault://<mount>/<path>, e.g. vault://secret/genesys/ci-client (mount `secret`, path `genesys/ci-client`).",
    );
  }
  const options = parseQuery(text, query, VAULT_KEYS);
  const ref: VaultStoreReference = { kind: "vault", mount: segments[0], path: segments.slice(1).join("/") };
  if (options.has("addr") && options.has("address")) {
    throw invalid(text, `both "addr" and "address" are given.`, "Give the server address once.");
  }
  const address = options.get("addr") ?? options.get("address");
  if (address !== undefined) ref.address = checkServiceAddress(address, "the Vault address", text);
  const namespace = options.get("namespace");
  if (namespace !== undefined) ref.namespace = namespace.replace(/^\/+|\/+$/g, "");
  const auth = options.get("auth");
  if (auth !== undefined) {
    if (auth !== "token" && auth !== "approle" && auth !== "jwt") {
      throw invalid(text, `auth "${auth}" is not one of token, approle, jwt.`, "Write auth=token, auth=approle or auth=jwt.");
    }
    ref.auth = auth;
  }
  const role = options.get("role");
  if (role !== undefined) ref.role = role;
  if (role !== undefined && ref.auth === "token") {
    throw invalid(text, `"role" has no meaning with auth=token.`, "Remove role=... or choose auth=jwt / auth=approle.");
  }
  const authMount = options.get("authMount");
  if (authMount !== undefined) {
    if (ref.auth === "token") throw invalid(text, `"authMount" has no meaning with auth=token.`, "Remove authMount=....");
    ref.authMount = authMount.replace(/^\/+|\/+$/g, "");
  }
  return ref;
}

const AWS_NAME = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

function parseAws(text: string, rest: string): AwsSecretsManagerReference {
  const [p, query] = splitQuery(rest);
  let name: string;
  try {
    name = decodeURIComponent(p);
  } catch {
    throw invalid(text, "the secret name has an invalid %-escape.");
  }
  if (!name) throw invalid(text, "the secret name is empty.", "Write awssm://<secret-name>, e.g. awssm://genesys/ci-client?region=eu-west-1.");
  if (!AWS_NAME.test(name)) {
    throw invalid(text, `"${name}" is not a valid Secrets Manager secret name.`, "Use letters, digits and / _ + = . @ - only (or a full secret ARN).");
  }
  const options = parseQuery(text, query, AWS_KEYS);
  const ref: AwsSecretsManagerReference = { kind: "aws-secrets-manager", secretId: name };
  const region = options.get("region");
  if (region !== undefined) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw invalid(text, `region "${region}" is not an AWS region name.`, "Write e.g. region=eu-west-1.");
    }
    ref.region = region;
  }
  const endpoint = options.get("endpoint");
  if (endpoint !== undefined) ref.endpoint = checkServiceAddress(endpoint, "the Secrets Manager endpoint", text);
  return ref;
}

/**
 * Parse a store reference. Throws GuardError `store.invalid-reference` whose message says what to
 * change, or `store.insecure` for plain http:// to a non-loopback host.
 */
export function parseStoreReference(text: string): StoreReference {
  const raw: unknown = text; // callers from plain JavaScript may pass anything
  if (typeof raw !== "string" || raw.trim() === "") {
    throw invalid(typeof raw === "string" ? raw : "", "the reference is empty.");
  }
  const trimmed = text.trim();
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(trimmed);
  if (!m) {
    throw invalid(trimmed, "it is not a URL (expected <scheme>://...).", `Start it with file://, vault:// or awssm://. ${EXAMPLES}`);
  }
  const scheme = m[1].toLowerCase();
  const rest = m[2];
  if (rest.includes("#")) throw invalid(trimmed, "a reference has no #fragment.", "Remove the #... part.");
  // user:password@ right after the scheme (vault://user:pw@mount/..., file://u:pw@/x): never accepted.
  if (/^[^/?#]*@/.test(rest)) {
    throw invalid(
      trimmed,
      "a store reference must not contain a user name or password; references are stored in Pulumi state.",
      "Remove the user:password@ part and provide credentials through the environment or the provider's stack config (see the README's store section).",
    );
  }
  switch (scheme) {
    case "file":
      return parseFile(trimmed, rest);
    case "vault":
    case "openbao":
    case "bao":
      return parseVault(trimmed, rest);
    case "awssm":
      return parseAws(trimmed, rest);
    default:
      throw invalid(trimmed, `unknown scheme "${scheme}://".`, `Use file://, vault:// or awssm://. ${EXAMPLES}`);
  }
}

function encodePath(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}

function formatQuery(pairs: [string, string | undefined][]): string {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined) params.set(k, v);
  // ':' and '/' are legal in a query; leaving them unescaped keeps addresses readable in state.
  const s = params.toString().replace(/%3A/gi, ":").replace(/%2F/gi, "/");
  return s ? `?${s}` : "";
}

/** The canonical text of a reference: parsing it gives the same reference back. */
export function formatStoreReference(ref: StoreReference): string {
  switch (ref.kind) {
    case "file":
      return `file://${ref.path}`;
    case "vault":
      return `vault://${encodePath(ref.mount)}/${encodePath(ref.path)}${formatQuery([
        ["addr", ref.address],
        ["namespace", ref.namespace],
        ["auth", ref.auth],
        ["role", ref.role],
        ["authMount", ref.authMount],
      ])}`;
    case "aws-secrets-manager":
      return `awssm://${ref.secretId}${formatQuery([
        ["region", ref.region],
        ["endpoint", ref.endpoint],
      ])}`;
  }
}
