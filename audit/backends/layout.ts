/**
 * The DIY backend layout inside a bucket, as the Pulumi CLI writes it under `<prefix>.pulumi/`:
 * `stacks/<project>/<stack>.json[.gz][.bak]`, `history/<project>/<stack>/…`, `backups/<project>/<stack>/…`
 * (and the legacy layout without the project level). Keys are always `/`-separated.
 */
import { isTerraformStateName } from "../../terraform/format";
import type { InputKind } from "../types";
import type { ObjectStore, StoredObject } from "./types";

/** One object of a backend the audit reads. */
export interface BackendObject extends StoredObject {
  kind: InputKind;
  /** `<project>/<stack>` from the layout, or the bare stack name of the legacy layout; undefined when unknown. */
  stack?: string;
}

const STATE_FILE = /\.json(\.gz)?(\.bak)?$/;

/** The sub-folders of `.pulumi/` holding state. */
export const STATE_FOLDERS = ["stacks", "history", "backups"] as const;

/** Kind and stack of a key relative to `.pulumi/`, e.g. `history/proj/dev/dev-123.checkpoint.json`. */
export function classifyKey(rel: string): { kind: InputKind; stack?: string } | undefined {
  if (!STATE_FILE.test(rel)) return undefined;
  const parts = rel.split("/");
  const folder = parts[0];
  if (folder === "stacks") {
    if (parts.length === 3) return { kind: "checkpoint", stack: `${parts[1]}/${parts[2].replace(STATE_FILE, "")}` };
    if (parts.length === 2) return { kind: "checkpoint", stack: parts[1].replace(STATE_FILE, "") };
    return { kind: "checkpoint" };
  }
  if (folder === "history" || folder === "backups") {
    const kind: InputKind = folder === "history" ? "history" : "backup";
    if (parts.length === 4) return { kind, stack: `${parts[1]}/${parts[2]}` };
    if (parts.length === 3) return { kind, stack: parts[1] };
    return { kind };
  }
  return undefined;
}

/**
 * Lists the state objects of the backend at `prefix` (`""` or ending in `/`) in a stable order, as for a local
 * backend directory: stacks, then history, then backups, each by key.
 */
export async function listBackendObjects(store: ObjectStore, prefix: string, onListed?: (count: number) => void): Promise<BackendObject[]> {
  const out: BackendObject[] = [];
  const base = `${prefix}.pulumi/`;
  for (const folder of STATE_FOLDERS) {
    const found: BackendObject[] = [];
    for await (const o of store.list(`${base}${folder}/`)) {
      const c = classifyKey(o.key.slice(base.length));
      if (!c) continue;
      found.push({ ...o, ...c });
      if (onListed && (out.length + found.length) % 1000 === 0) onListed(out.length + found.length);
    }
    out.push(...found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }
  return out;
}

/**
 * Objects under `prefix` outside `<prefix>.pulumi/` that may be Terraform state, in key order, with whether
 * their name says so (`*.tfstate`, `*.tfstate.backup`, azurerm's `<key>env:<workspace>`; the s3 backend's
 * workspaces live under `env:/<workspace>/<key>`). A Terraform backend key can be any name, so the others are
 * told apart by content (audit/backends/index.ts).
 */
export async function listTerraformCandidates(store: ObjectStore, prefix: string): Promise<(StoredObject & { named: boolean })[]> {
  const pulumi = `${prefix}.pulumi/`;
  const out: (StoredObject & { named: boolean })[] = [];
  for await (const o of store.list(prefix)) {
    if (o.key.startsWith(pulumi) || o.key.endsWith("/") || o.size === 0) continue;
    out.push({ ...o, named: isTerraformStateName(o.key) });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
