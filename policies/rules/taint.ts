/**
 * `genesys-no-secret-derived-values`: a resource property or stack output computed from a resource that
 * exposes a client secret as an output (our OAuthClient/SecretRotation with `exposeSecretAsOutput`) is
 * blocked at preview, even while its value is unknown — the one documented opt-in output itself excepted.
 * Stack validation only: resource validations get no dependency information from the engine.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { findTaint, type TaintNode } from "../../detection/taint";
import { UNKNOWN } from "../../detection";
import { configSchema, detectionOptions, isUnknownValueError, secretOutputsOf, type DetectionConfig } from "./common";

/** Config of {@link noSecretDerivedValues}. */
export interface SecretDerivedValuesConfig extends DetectionConfig {
  /** Stack outputs (top-level names) accepted although unknown at preview while a secret is exposed. Default []. */
  allowedStackOutputs?: string[];
  /** Also block unknown stack outputs named like our non-secret outputs (clientId, rotatedAt, ...). Default false. */
  strictUnknownStackOutputs?: boolean;
  /** Resource properties accepted although derived from an exposing resource: `<resource name>.<property>` or `*.<property>`. Default []. */
  allowedProperties?: string[];
}

/** Policy name. */
export const SECRET_DERIVED_VALUES_POLICY = "genesys-no-secret-derived-values";

/**
 * Props with the values the SDK keeps behind promises read: an asset's `text`/`path`/`uri` (a
 * `StringAsset` holds its text as a promise, which a plain copy drops). Unknowns stay `UNKNOWN`.
 */
export async function readProps(value: unknown, depth = 0): Promise<unknown> {
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (value instanceof Promise) {
    // Through the SDK's proxy a promise's methods fail (wrong receiver): use the proxied object itself.
    const target = (value as unknown as Record<string, unknown>)[PROXY_TARGET];
    const promise = (target instanceof Promise ? target : value) as Promise<unknown>;
    return readProps(await promise.catch(() => undefined), depth + 1);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await readProps(read(value, i), depth + 1));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = await readProps(read(value, key), depth + 1);
  return out;
}

/** The key under which the SDK's unknown-checking proxy returns the object it wraps. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Reads one field of the SDK's unknown-checking proxy: `UNKNOWN` where reading throws. */
function read(container: object, key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
}

/** A stack validation's resource as the taint analysis sees it. */
export async function toTaintNode(r: PolicyResource): Promise<TaintNode> {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
  const node: TaintNode = {
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: await readProps(r.props),
    secretOutputs: secretOutputsOf(r.opts),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
  };
  if (r.parent) node.parent = r.parent.urn;
  return node;
}

/** The rule. */
export const noSecretDerivedValues: StackValidationPolicy = {
  name: SECRET_DERIVED_VALUES_POLICY,
  displayName: "No value derived from an exposed Genesys client secret",
  description:
    "A resource property or stack output computed from a resource that exposes a client secret as an output (OAuthClient/" +
    "SecretRotation with exposeSecretAsOutput) fails at preview even while unknown; stack outputs unknown at preview fail while such a resource exists " +
    "(except those named like our non-secret outputs, e.g. clientId: checked once known).",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["genesys", "secrets", "state"],
  remediationSteps:
    "Do not compute other values from the opted-in clientSecret output: consumers read the secret from the store (export the " +
    "client's secretStore and clientId instead). Pass `client.clientId` rather than values built from the client. If a stack " +
    "output is known to be safe (e.g. the client id), list it in allowedStackOutputs. Leave exposeSecretAsOutput off unless a " +
    "resource must receive the secret directly.",
  configSchema: configSchema({
    allowedStackOutputs: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Stack outputs accepted although unknown at preview while a secret is exposed.",
    },
    strictUnknownStackOutputs: {
      type: "boolean",
      default: false,
      description: "Also block unknown stack outputs named like our non-secret outputs (clientId, secretStore, rotatedAt, rotationId, ...).",
    },
    allowedProperties: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Resource properties ('<resource name>.<property>', '*.<property>') accepted although derived from a resource exposing a secret.",
    },
  }),
  validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<SecretDerivedValuesConfig>();
    const nodes = await Promise.all(args.resources.map(toTaintNode));
    const findings = findTaint(nodes, {
      detection: detectionOptions(config),
      allowedStackOutputs: config.allowedStackOutputs ?? [],
      allowedProperties: config.allowedProperties ?? [],
      strictUnknownStackOutputs: config.strictUnknownStackOutputs === true,
    });
    for (const f of findings) {
      const where =
        f.reason === "unknown-stack-output" || f.type === "pulumi:pulumi:Stack" ? `Stack output at '${f.path}'` : `Resource '${f.name}' property '${f.path}'`;
      const message = `${where}: ${f.evidence} [genesys-secret-derived, ${f.reason}]`;
      if (f.urn === "") reportViolation(message);
      else reportViolation(message, f.urn);
    }
  },
};
