/**
 * The Azure Blob object store of `azblob://container[/prefix]?storage_account=…` backends, with
 * @azure/storage-blob. The URL's query parameters and the environment are those the Pulumi CLI reads
 * (gocloud.dev azureblob): `storage_account`, `domain`, `protocol`, `cdn`, `localemu`, `prefix`;
 * AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY (shared key), AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_CONNECTION_STRING
 * (or AZURE_STORAGEBLOB_CONNECTIONSTRING), AZURE_STORAGE_DOMAIN, AZURE_STORAGE_PROTOCOL, AZURE_STORAGE_IS_CDN,
 * AZURE_STORAGE_IS_LOCAL_EMULATOR. The service URL is built as the CLI builds it (`<protocol>://<account>.<domain>`,
 * or `<protocol>://<domain>/<account>` for a local emulator such as Azurite). Azure AD credentials
 * (DefaultAzureCredential, managed identity) are not supported here: a shared key, SAS or connection string is.
 */
import type { Readable } from "stream";
import { GuardError } from "../../core/errors";
import type { ObjectStore, StoredObject } from "./types";
import { boolParam, type BackendUrl } from "./url";

const KNOWN_PARAMS = new Set(["storage_account", "domain", "protocol", "cdn", "localemu", "prefix"]);

/** How to reach and authenticate to the container (exported for tests; holds credentials: never print it). */
export interface AzureTarget {
  /** The service URL without a SAS token. */
  serviceUrl: string;
  account: string;
  credential: { kind: "shared-key"; key: string } | { kind: "sas"; token: string } | { kind: "connection-string"; value: string };
}

function bool(text: string | undefined): boolean {
  return text !== undefined && /^(true|1)$/i.test(text);
}

/** Reads the connection string's `Key=Value;` pairs. */
function connectionField(conn: string, key: string): string | undefined {
  for (const part of conn.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === key.toLowerCase()) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The service URL and credential a backend URL and the environment ask for. */
export function azureTarget(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): AzureTarget {
  for (const key of url.params.keys()) {
    if (!KNOWN_PARAMS.has(key))
      throw new GuardError("cli.usage", `unknown query parameter "${key}" in azblob:// URL`, {
        hint: "The Pulumi CLI refuses it too; see audit/README.md for the accepted parameters.",
      });
  }
  const conn = env.AZURE_STORAGE_CONNECTION_STRING || env.AZURE_STORAGEBLOB_CONNECTIONSTRING || undefined;
  const account = url.params.get("storage_account") || env.AZURE_STORAGE_ACCOUNT || (conn ? connectionField(conn, "AccountName") : undefined) || "";
  if (!account) throw new GuardError("cli.usage", "azblob:// needs a storage account: storage_account= in the URL or AZURE_STORAGE_ACCOUNT");
  const domain = url.params.get("domain") || env.AZURE_STORAGE_DOMAIN || "blob.core.windows.net";
  const protocol =
    url.params.get("protocol") || env.AZURE_STORAGE_PROTOCOL || (conn ? connectionField(conn, "DefaultEndpointsProtocol") : undefined) || "https";
  if (protocol !== "http" && protocol !== "https") throw new GuardError("cli.usage", `invalid protocol "${protocol}" in azblob:// URL (http or https)`);
  const cdn = boolParam(url, "cdn") ?? bool(env.AZURE_STORAGE_IS_CDN);
  const emulator = boolParam(url, "localemu") ?? bool(env.AZURE_STORAGE_IS_LOCAL_EMULATOR);
  const serviceUrl =
    domain.startsWith("127.0.0.1") || domain.startsWith("localhost") || emulator
      ? `${protocol}://${domain}/${account}`
      : cdn
        ? `${protocol}://${domain}`
        : `${protocol}://${account}.${domain}`;
  if (env.AZURE_STORAGE_KEY) return { serviceUrl, account, credential: { kind: "shared-key", key: env.AZURE_STORAGE_KEY } };
  if (env.AZURE_STORAGE_SAS_TOKEN) return { serviceUrl, account, credential: { kind: "sas", token: env.AZURE_STORAGE_SAS_TOKEN.replace(/^\?/, "") } };
  if (conn) return { serviceUrl, account, credential: { kind: "connection-string", value: conn } };
  throw new GuardError("input.unauthorized", "no Azure Storage credentials", {
    hint: "Set AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_CONNECTION_STRING (Azure AD / managed identity is not supported by the audit).",
  });
}

interface AzureLikeError {
  name?: string;
  code?: string;
  statusCode?: number;
}

/** Maps an Azure SDK error to a {@link GuardError} (no URL: it may carry a SAS token). */
export function azureError(error: unknown, what: string): GuardError {
  const e = (typeof error === "object" && error !== null ? error : {}) as AzureLikeError;
  const code = e.code ?? e.name ?? "Error";
  const status = e.statusCode;
  const details = { serviceCode: code, status };
  if (code === "ContainerNotFound")
    return new GuardError("input.not-found", `${what}: the container does not exist`, {
      ...details,
      hint: "Check the container name and storage_account= in the URL.",
    });
  if (code === "BlobNotFound" || status === 404) return new GuardError("input.not-found", `${what}: not found (${code})`, details);
  if (status === 401 || status === 403 || /^Authentication|^Authorization|InvalidAuthenticationInfo/.test(code)) {
    return new GuardError("input.unauthorized", `${what}: access denied (${code})`, {
      ...details,
      hint: "Check AZURE_STORAGE_KEY / AZURE_STORAGE_SAS_TOKEN / the connection string, and read and list permissions on the container.",
    });
  }
  if (["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "REQUEST_SEND_ERROR"].includes(code)) {
    return new GuardError("input.unavailable", `${what}: Azure Storage endpoint unreachable (${code})`, { ...details, retryable: true });
  }
  return new GuardError("input.unavailable", `${what}: Azure Storage error ${code}${status ? ` (HTTP ${status})` : ""}`, details);
}

/** An {@link ObjectStore} over one Azure Blob container. */
export function openAzureStore(url: BackendUrl, env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const target = azureTarget(url, env);
  const where = `azblob://${url.bucket}`;
  type Container = import("@azure/storage-blob").ContainerClient;
  let container: Promise<Container> | undefined;
  const client = (): Promise<Container> => {
    container ??= import("@azure/storage-blob").then((sdk) => {
      const retryOptions = { maxTries: 3 };
      const service =
        target.credential.kind === "connection-string"
          ? sdk.BlobServiceClient.fromConnectionString(target.credential.value, { retryOptions })
          : target.credential.kind === "shared-key"
            ? new sdk.BlobServiceClient(target.serviceUrl, new sdk.StorageSharedKeyCredential(target.account, target.credential.key), { retryOptions })
            : new sdk.BlobServiceClient(`${target.serviceUrl}?${target.credential.token}`, undefined, { retryOptions });
      return service.getContainerClient(url.bucket);
    });
    return container;
  };
  return {
    async *list(prefix: string): AsyncIterable<StoredObject> {
      const c = await client();
      try {
        for await (const item of c.listBlobsFlat({ prefix })) yield { key: item.name, size: item.properties.contentLength ?? 0 };
      } catch (error) {
        throw azureError(error, `cannot list ${where}/${prefix}`);
      }
    },
    async get(key: string): Promise<Readable> {
      const c = await client();
      try {
        const r = await c.getBlobClient(key).download();
        if (!r.readableStreamBody) throw new GuardError("input.invalid", `cannot read ${where}/${key}: no body`);
        // In Node.js the body is an http.IncomingMessage (a Readable); the SDK types it as the wider NodeJS.ReadableStream.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
        return r.readableStreamBody as Readable;
      } catch (error) {
        if (error instanceof GuardError) throw error;
        throw azureError(error, "cannot read object");
      }
    },
    close(): void {
      // HTTP connections of the Azure SDK close when idle.
    },
  };
}
