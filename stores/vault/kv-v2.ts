/**
 * The KV version 2 secrets engine of one secret: `<mount>/data/<path>` (versions, check-and-set writes)
 * and `<mount>/metadata/<path>` (every version), over the transport (transport.ts). Shapes only: what a
 * status means for a credential record is the store's (stores/vault-store.ts).
 */
import { VaultResponse, VaultTransport } from "./transport";

/** A read of the secret: the answer, the current version (0 when none) and the data when there is some. */
export interface KvV2Read {
  response: VaultResponse;
  version: number;
  /** Present when the answer carried metadata (also for a deleted or destroyed version). */
  metadata?: Record<string, unknown>;
  data?: unknown;
}

/** One KV v2 secret. */
export class KvV2Secret {
  constructor(
    private readonly transport: VaultTransport,
    readonly mount: string,
    readonly path: string,
  ) {}

  /** `<mount>/data/<path>`. */
  get dataPath(): string {
    return `${this.mount}/data/${this.path}`;
  }

  /** `<mount>/metadata/<path>`. */
  get metadataPath(): string {
    return `${this.mount}/metadata/${this.path}`;
  }

  /** `GET <mount>/data/<path>`: the latest version. */
  async read(token: string): Promise<KvV2Read> {
    const response = await this.transport.request("GET", this.dataPath, undefined, { token });
    const data = response.body.data as Record<string, unknown> | undefined | null;
    const metadata = (data?.metadata ?? undefined) as Record<string, unknown> | undefined;
    const version = typeof metadata?.version === "number" ? metadata.version : 0;
    return { response, version, metadata, data: data?.data ?? undefined };
  }

  /**
   * `POST <mount>/data/<path>` with check-and-set on `cas` (the version the writer read; 0 = must not exist).
   * Safe to repeat even after it may have acted: a repeated POST with the same cas fails the CAS check.
   */
  async write(token: string, data: unknown, cas: number): Promise<{ response: VaultResponse; version?: number }> {
    const response = await this.transport.request("POST", this.dataPath, { data, options: { cas } }, { token, idempotent: true });
    const written = response.body.data as Record<string, unknown> | undefined;
    return { response, version: typeof written?.version === "number" ? written.version : undefined };
  }

  /** `DELETE <mount>/metadata/<path>`: every version and the metadata. */
  async destroyAll(token: string): Promise<VaultResponse> {
    return this.transport.request("DELETE", this.metadataPath, undefined, { token });
  }
}
