/**
 * Hand-built arguments for calling the pack's rules directly, the way the policy SDK's server does:
 * props wrapped in the SDK's own unknown-checking proxy (reading an unknown value throws), config
 * defaults from the rule's configSchema merged with overrides, violations collected.
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "../../../policies/rules";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(o: T): T; unknownStringValue: string; unknownObjectValue: string };

/** The SDK's marker for a string unknown during preview. */
export const UNKNOWN_STRING = sdkProxy.unknownStringValue;
/** The SDK's marker for an object unknown during preview. */
export const UNKNOWN_OBJECT = sdkProxy.unknownObjectValue;

/** A reported violation. */
export interface Violation {
  message: string;
  urn?: string;
}

function options(additionalSecretOutputs: string[] = []): PolicyResourceOptions {
  return { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs };
}

function getConfigFor(policy: { configSchema?: { properties: Record<string, { default?: unknown }> } }, overrides: Record<string, unknown>) {
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) if (v.default !== undefined) defaults[k] = v.default;
  // The shape of Pulumi's `getConfig<T>()`: the policy under test names T.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  return <T extends object>(): T => ({ ...defaults, ...overrides }) as T;
}

class NotApplicable extends Error {}

/** Description of a resource for the harness. */
export interface FakeResource {
  type: string;
  name?: string;
  props: Record<string, unknown>;
  additionalSecretOutputs?: string[];
  parent?: string;
  /** Top-level property → names of the resources its value was computed from (stack validations). */
  propertyDependencies?: Record<string, string[]>;
  /** Names of the resources it depends on besides those (`dependsOn`). */
  dependsOn?: string[];
}

/** Runs a resource validation and returns the violations. */
export async function runResource(policy: ResourceValidationPolicy, r: FakeResource, config: Record<string, unknown> = {}): Promise<Violation[]> {
  const out: Violation[] = [];
  const name = r.name ?? "res";
  const props = sdkProxy.unknownCheckingProxy(r.props);
  const args: ResourceValidationArgs = {
    type: r.type,
    props,
    urn: `urn:pulumi:dev::proj::${r.type}::${name}`,
    name,
    opts: options(r.additionalSecretOutputs),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: getConfigFor(policy, config),
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
  for (const v of validations) await v(args, (message, urn) => out.push({ message, urn }));
  return out;
}

/** Runs a stack validation over resources (outputs as props) and returns the violations. */
export async function runStack(policy: StackValidationPolicy, resources: FakeResource[], config: Record<string, unknown> = {}): Promise<Violation[]> {
  const out: Violation[] = [];
  const built: PolicyResource[] = resources.map((r, i) => {
    const name = r.name ?? `res${i}`;
    return {
      type: r.type,
      props: sdkProxy.unknownCheckingProxy(r.props),
      urn: `urn:pulumi:dev::proj::${r.type}::${name}`,
      name,
      opts: options(r.additionalSecretOutputs),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
  });
  const byName = (n: string): PolicyResource => {
    const found = built.find((b) => b.name === n);
    if (!found) throw new Error(`harness: no resource named '${n}'`);
    return found;
  };
  resources.forEach((r, i) => {
    if (r.parent) built[i].parent = byName(r.parent);
    // As the SDK's server builds them: dependencies are every resource of any property plus dependsOn.
    const deps = new Set<string>(r.dependsOn ?? []);
    for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
      built[i].propertyDependencies[key] = names.map(byName);
      names.forEach((n) => deps.add(n));
    }
    built[i].dependencies = [...deps].map(byName);
  });
  const args: StackValidationArgs = {
    resources: built,
    stackTags: new Map(),
    getConfig: getConfigFor(policy, config),
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  await policy.validateStack(args, (message, urn) => out.push({ message, urn }));
  return out;
}

/** The root stack resource with `outputs` as its props. */
export function stackResource(outputs: Record<string, unknown>): FakeResource {
  return { type: "pulumi:pulumi:Stack", name: "proj-dev", props: outputs };
}
