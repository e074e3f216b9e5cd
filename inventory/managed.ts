/**
 * Which stack manages which Genesys client: the current state of every stack given (the same inputs as
 * `audit`: export files, local backend directories, `--stack`), scanned for this package's OAuthClient and
 * ClientPair resources. History and backups are left out: a client that only an old checkpoint mentions is
 * no longer managed.
 */
import { StateStreamScanner } from "../audit/json-stream";
import type { Source } from "../audit/sources";
import { CLIENT_PAIR_TYPE, isOAuthClientType } from "../domain/resource-types";
import type { ManagedBy } from "./types";

/** Managed clients by client id, and one note per input that could not be read. */
export interface ManagedClients {
  byClientId: Map<string, ManagedBy[]>;
  notes: string[];
  /** Inputs read (current-state ones). */
  inputs: number;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `project/stack` from a URN `urn:pulumi:<stack>::<project>::...`. */
function stackOfUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

/** Reads one source to the end, calling `onResource` for every resource of the current state. */
function readResources(source: Source, onResource: (r: Record<string, unknown>, stack: string | undefined) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let stack = source.stack;
    const scanner = new StateStreamScanner({
      value(path, value) {
        if (path === "checkpoint.stack" && typeof value === "string") stack = value.split("/").slice(-2).join("/");
      },
      element(e) {
        if (e.arrayPath.endsWith("pending_operations")) return;
        const r = asRecord(e.value);
        if (r) onResource(r, stack);
      },
    });
    let stream;
    try {
      stream = source.open();
    } catch (error) {
      reject(error);
      return;
    }
    stream.on("data", (chunk: Buffer) => {
      try {
        scanner.push(chunk);
      } catch (error) {
        stream.destroy(error as Error);
      }
    });
    stream.on("error", reject);
    stream.on("end", () => {
      try {
        scanner.end();
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Reads the current state of every source and maps client ids to the resources managing them. */
export async function findManagedClients(sources: readonly Source[]): Promise<ManagedClients> {
  const byClientId = new Map<string, ManagedBy[]>();
  const notes: string[] = [];
  let inputs = 0;
  const add = (clientId: unknown, entry: ManagedBy): void => {
    if (typeof clientId !== "string" || clientId === "") return;
    const list = byClientId.get(clientId) ?? [];
    if (!list.some((m) => m.urn === entry.urn && m.stack === entry.stack)) list.push(entry);
    byClientId.set(clientId, list);
  };
  for (const source of sources) {
    if (source.kind === "history" || source.kind === "backup") continue;
    inputs++;
    try {
      await readResources(source, (r, stack) => {
        const type = typeof r.type === "string" ? r.type : "";
        if (!isOAuthClientType(type) && type !== CLIENT_PAIR_TYPE) return;
        const urn = typeof r.urn === "string" ? r.urn : "";
        const outputs = asRecord(r.outputs) ?? {};
        const inputsRecord = asRecord(r.inputs) ?? {};
        const store = [outputs.secretStore, inputsRecord.secretStore].find((s): s is string => typeof s === "string");
        const entry: ManagedBy = { stack: stack ?? stackOfUrn(urn) ?? "?", urn, ...(store ? { storeReference: store } : {}) };
        if (isOAuthClientType(type)) add(outputs.clientId ?? r.id, entry);
        else if (Array.isArray(outputs.clientIds)) for (const id of outputs.clientIds) add(id, entry);
      });
    } catch (error) {
      notes.push(`cannot read ${source.label}: ${(error as Error).message}`);
    }
  }
  return { byClientId, notes, inputs };
}
