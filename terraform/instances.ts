/**
 * The two JSON shapes of Terraform state reduced to one list of resource instances and outputs:
 * - a state file (format version 4): `resources[]` with `module`, `mode`, `type`, `name` and `instances[]`
 *   (`index_key`, `attributes`, `sensitive_attributes`, `private`, `deposed`, ...), and `outputs` by name;
 * - `terraform show -json`: `values.root_module.resources[]` (`address`, `values`, `sensitive_values`) and
 *   `child_modules[]` (recursively), and `values.outputs`.
 * Pure functions over parsed JSON; the audit calls them one resource at a time while streaming.
 */
import { instanceAddress, withDeposed } from "./address";
import type { TerraformInstance, TerraformOutput } from "./types";

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** True for an element of a state file's `resources` array (Pulumi resources have a `urn` instead). */
export function isStateFileResource(value: unknown): boolean {
  const r = asRecord(value);
  return r !== undefined && r.urn === undefined && typeof r.type === "string" && typeof r.name === "string" && Array.isArray(r.instances);
}

/**
 * Top-level attribute names in `sensitive_attributes` (state files): a list of paths, each a list of steps
 * `{type: "get_attr", value: "client_secret"}` (Terraform ≤ 1.9) or, in newer versions, the same steps
 * under `path`.
 */
function sensitiveNames(list: unknown): string[] {
  const out = new Set<string>();
  if (!Array.isArray(list)) return [];
  for (const entry of list) {
    const steps = Array.isArray(entry) ? entry : Array.isArray(asRecord(entry)?.path) ? (asRecord(entry)?.path as unknown[]) : [];
    const first = asRecord(steps[0]);
    if (first?.type === "get_attr" && typeof first.value === "string") out.add(first.value);
  }
  return [...out];
}

/** Top-level keys marked `true` (or holding any `true`) in `sensitive_values` (`terraform show -json`). */
function sensitiveValueNames(values: unknown): string[] {
  const r = asRecord(values);
  if (!r) return [];
  const holdsTrue = (v: unknown): boolean =>
    v === true || (Array.isArray(v) ? v.some(holdsTrue) : asRecord(v) ? Object.values(asRecord(v) as object).some(holdsTrue) : false);
  return Object.keys(r).filter((k) => holdsTrue(r[k]));
}

/** The instances of one element of a state file's `resources` array. */
export function stateFileInstances(resource: unknown): TerraformInstance[] {
  const r = asRecord(resource);
  if (!r || !Array.isArray(r.instances)) return [];
  const base = { module: str(r.module), mode: str(r.mode) || "managed", type: str(r.type), name: str(r.name) };
  const out: TerraformInstance[] = [];
  for (const item of r.instances) {
    const inst = asRecord(item);
    if (!inst) continue;
    const indexKey = typeof inst.index_key === "string" || typeof inst.index_key === "number" ? inst.index_key : undefined;
    const deposed = typeof inst.deposed === "string" && inst.deposed !== "" ? inst.deposed : undefined;
    const attributes = asRecord(inst.attributes) ?? {};
    out.push({
      ...base,
      address: withDeposed(instanceAddress({ ...base, indexKey }), deposed),
      ...(indexKey !== undefined ? { indexKey } : {}),
      ...(deposed ? { deposed } : {}),
      attributes,
      sensitive: sensitiveNames(inst.sensitive_attributes),
      // `attributes_flat` (pre-0.12 upgrades) is kept in the record: still strings in the file.
      record: { ...inst, attributes },
    });
  }
  return out;
}

/** The instances of one resource of `terraform show -json` (`values.root_module.resources[i]`). */
export function showJsonInstance(resource: unknown): TerraformInstance | undefined {
  const r = asRecord(resource);
  if (!r || typeof r.type !== "string") return undefined;
  const mode = str(r.mode) || "managed";
  const address = str(r.address);
  const deposed = typeof r.deposed === "string" && r.deposed !== "" ? r.deposed : undefined;
  const indexKey = typeof r.index === "string" || typeof r.index === "number" ? r.index : undefined;
  const name = str(r.name);
  // The module path is the address before `[data.]<type>.<name>`.
  const own = `${mode === "data" ? "data." : ""}${r.type}.${name}`;
  const at = address.lastIndexOf(`.${own}`);
  const module = address.startsWith("module.") && at > 0 ? address.slice(0, at) : "";
  const attributes = asRecord(r.values) ?? {};
  const { values: _values, ...rest } = r;
  return {
    address: withDeposed(address || instanceAddress({ module, mode, type: r.type, name, indexKey }), deposed),
    mode,
    type: r.type,
    name,
    module,
    ...(indexKey !== undefined ? { indexKey } : {}),
    ...(deposed ? { deposed } : {}),
    attributes,
    sensitive: sensitiveValueNames(r.sensitive_values),
    record: { ...rest, attributes },
  };
}

/** Every instance of a `terraform show -json` module (`values.root_module`) and its child modules, depth first. */
export function showJsonModuleInstances(module: unknown, depth = 0): TerraformInstance[] {
  const m = asRecord(module);
  if (!m || depth > 64) return [];
  const out: TerraformInstance[] = [];
  for (const r of Array.isArray(m.resources) ? m.resources : []) {
    const inst = showJsonInstance(r);
    if (inst) out.push(inst);
  }
  for (const child of Array.isArray(m.child_modules) ? m.child_modules : []) out.push(...showJsonModuleInstances(child, depth + 1));
  return out;
}

/** The outputs of a state file's `outputs` or of `terraform show -json`'s `values.outputs` (same shape). */
export function outputsOf(outputs: unknown): TerraformOutput[] {
  const r = asRecord(outputs);
  if (!r) return [];
  return Object.entries(r).map(([name, raw]) => {
    const record = asRecord(raw) ?? { value: raw };
    return { name, value: record.value, sensitive: record.sensitive === true, record };
  });
}
