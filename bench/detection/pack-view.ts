/**
 * What the policy pack sees of a stack, derived from its `pulumi stack export` document: the root stack's
 * outputs and every resource's outputs (stack validations), every resource's inputs (resource validations),
 * with names taken from the URNs, parents and dependencies resolved to resources of the stack, and
 * `--show-secrets` envelopes unwrapped (the policy SDK hands a secret's value to the pack). Parts of a state
 * file that a preview never shows a pack — resource ids, pending operations, provider references, aliases,
 * dependencies on resources that are not in the stack, top-level `__` properties such as `__provider` (hidden
 * from policies) — are not in the view: a leak only there is not
 * visible to the pack (the benchmark reports such variants separately instead of counting them as missed).
 */
import type { FakeResource } from "../../tests/unit/policies/harness";

/** The pack's view of one stack. */
export interface PackView {
  /** Every resource, outputs as props, the root stack first (stack validations). */
  stack: FakeResource[];
  /** Resources whose inputs a resource validation judges (inputs as props). */
  inputs: FakeResource[];
}

interface ExportedResource {
  urn: string;
  type: string;
  parent?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
}

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name`). */
function nameOf(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at >= 0 ? urn.slice(at + 2) : urn;
}

/** A `--show-secrets` envelope becomes its value; everything else is copied as is. */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (o[SIG] === SECRET_SIG && typeof o.plaintext === "string") {
    try {
      return unwrap(JSON.parse(o.plaintext));
    } catch {
      return o.plaintext;
    }
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
}

/** A property bag as a policy gets it: envelopes unwrapped, top-level `__` keys (engine internals) left out. */
function policyProps(bag: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(bag ?? {})
      .filter(([k]) => !k.startsWith("__"))
      .map(([k, v]) => [k, unwrap(v)]),
  );
}

/** The pack's view of an export document (`version` 3 or 4, `deployment.resources`). */
export function packViewOfExport(text: string): PackView {
  const doc = JSON.parse(text) as { deployment?: { resources?: ExportedResource[] } };
  const resources = doc.deployment?.resources ?? [];
  const byUrn = new Map(resources.map((r) => [r.urn, nameOf(r.urn)]));
  const known = (urns: readonly string[] | undefined): string[] => (urns ?? []).flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)!] : []));
  const stack: FakeResource[] = [];
  const inputs: FakeResource[] = [];
  for (const r of resources) {
    const name = nameOf(r.urn);
    const aso = r.additionalSecretOutputs ?? [];
    const view: FakeResource = { type: r.type, name, props: policyProps(r.outputs), additionalSecretOutputs: aso };
    if (r.parent && byUrn.has(r.parent)) view.parent = byUrn.get(r.parent);
    const propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies ?? {})
        .map(([k, urns]): [string, string[]] => [k, known(urns)])
        .filter(([, names]) => names.length > 0),
    );
    if (Object.keys(propertyDependencies).length > 0) view.propertyDependencies = propertyDependencies;
    const dependsOn = known(r.dependencies);
    if (dependsOn.length > 0) view.dependsOn = dependsOn;
    if (r.type === "pulumi:pulumi:Stack") stack.unshift(view);
    else stack.push(view);
    if (r.type !== "pulumi:pulumi:Stack" && r.inputs) inputs.push({ type: r.type, name, props: policyProps(r.inputs), additionalSecretOutputs: aso });
  }
  return { stack, inputs };
}
