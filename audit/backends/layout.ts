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

/** A candidate for Terraform state: an object under the prefix outside `.pulumi/`. */
export interface TerraformCandidate extends StoredObject {
  /** True when the name says it is Terraform state (`*.tfstate`, `*.tfstate.backup`, azurerm's `<key>env:<workspace>`). */
  named: boolean;
}

/** What one listing of a backend's prefix holds. */
export interface BackendListing {
  /** The state objects under `<prefix>.pulumi/`: stacks, then history, then backups, each by key (as for a local backend directory). */
  pulumi: BackendObject[];
  /**
   * Objects outside `<prefix>.pulumi/` that may be Terraform state, by key (the s3 backend's workspaces live under
   * `env:/<workspace>/<key>`). A Terraform backend key can be any name, so the unnamed ones are told apart by
   * content (audit/backends/index.ts).
   */
  terraform: TerraformCandidate[];
}

const byKey = (a: StoredObject, b: StoredObject): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Lists the backend at `prefix` (`""` or ending in `/`) ONCE and sorts what it holds into Pulumi state objects and
 * Terraform candidates. One listing of the whole prefix, rather than one per `.pulumi/` folder plus one of the whole
 * prefix for Terraform state, halves the listing requests (2,200 objects: 3 pages instead of 7); on moto a page
 * costs about as much server CPU as 35 downloads, and every `--shard` process lists.
 */
export async function listBackend(store: ObjectStore, prefix: string, onListed?: (count: number) => void): Promise<BackendListing> {
  const base = `${prefix}.pulumi/`;
  const folders = new Map<string, BackendObject[]>(STATE_FOLDERS.map((f) => [f, []]));
  const terraform: TerraformCandidate[] = [];
  let listed = 0;
  for await (const o of store.list(prefix)) {
    if (onListed && ++listed % 1000 === 0) onListed(listed);
    if (o.key.startsWith(base)) {
      const rel = o.key.slice(base.length);
      const c = classifyKey(rel);
      if (c) folders.get(rel.slice(0, rel.indexOf("/")))?.push({ ...o, ...c });
      continue;
    }
    if (o.key.endsWith("/") || o.size === 0) continue;
    terraform.push({ ...o, named: isTerraformStateName(o.key) });
  }
  return { pulumi: STATE_FOLDERS.flatMap((f) => (folders.get(f) ?? []).sort(byKey)), terraform: terraform.sort(byKey) };
}
