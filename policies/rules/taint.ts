/**
 * `genesys-no-secret-derived-values`: a resource property or stack output computed from a resource that
 * exposes a client secret as an output (our OAuthClient/SecretRotation with `exposeSecretAsOutput`) is
 * blocked at preview, even while its value is unknown — the one documented opt-in output itself excepted.
 * Stack validation only: resource validations get no dependency information from the engine.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { findTaint, type TaintNode } from "../../detection/taint";
import { configSchema, detectionOptions, secretOutputsOf, snapshot, type DetectionConfig } from "./common";

/** Config of {@link noSecretDerivedValues}. */
export interface SecretDerivedValuesConfig extends DetectionConfig {
  /** Stack outputs (top-level names) accepted although unknown at preview while a secret is exposed. Default []. */
  allowedStackOutputs?: string[];
  /** Resource properties accepted although derived from an exposing resource: `<resource name>.<property>` or `*.<property>`. Default []. */
  allowedProperties?: string[];
}

/** Policy name. */
export const SECRET_DERIVED_VALUES_POLICY = "genesys-no-secret-derived-values";

/** A stack validation's resource as the taint analysis sees it. */
export function toTaintNode(r: PolicyResource): TaintNode {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
  const node: TaintNode = {
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: snapshot(r.props),
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
    "SecretRotation with exposeSecretAsOutput) fails at preview even while unknown; stack outputs unknown at preview fail while such a resource exists.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["genesys", "secrets", "state"],
  remediationSteps:
    "Do not compute other values from the opted-in clientSecret output: consumers read the secret from the store (export the " +
    "client's secretStore and clientId instead). Pass `client.clientId` rather than values built from the client. If a stack " +
    "output is known to be safe (e.g. the client id), list it in allowedStackOutputs. Leave exposeSecretAsOutput off unless a " +
    "resource must receive the secret directly.",
  configSchema: configSchema({
    allowedStackOutputs: { type: "array", items: { type: "string" }, default: [], description: "Stack outputs accepted although unknown at preview while a secret is exposed." },
    allowedProperties: { type: "array", items: { type: "string" }, default: [], description: "Resource properties ('<resource name>.<property>', '*.<property>') accepted although derived from a resource exposing a secret." },
  }),
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<SecretDerivedValuesConfig>();
    const nodes = args.resources.map(toTaintNode);
    const findings = findTaint(nodes, { detection: detectionOptions(config), allowedStackOutputs: config.allowedStackOutputs ?? [], allowedProperties: config.allowedProperties ?? [] });
    for (const f of findings) {
      const where = f.reason === "unknown-stack-output" || f.type === "pulumi:pulumi:Stack" ? `Stack output at '${f.path}'` : `Resource '${f.name}' property '${f.path}'`;
      reportViolation(`${where}: ${f.evidence} [genesys-secret-derived, ${f.reason}]`, f.urn);
    }
  },
};
