/**
 * `genesys-no-secret-in-resource-state`: no resource may hold a client secret in its inputs or outputs —
 * bridged Genesys OAuth clients exposing the secret, integration credentials, commands that echo or write
 * the secret, copies into tags or env vars.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { isNodejsProvider, isRootStack, scanProperties, type Detection } from "../../detection";
import {
  configSchema,
  detectionOptions,
  isAccepted,
  resourceProps,
  secretOutputsOf,
  stackScan,
  violationMessage,
  violationUrn,
  type DetectionConfig,
} from "./common";
import { knownSecretsInResourceInputs, knownSecretsInStackResource, resourceMatcher, stackMatcher } from "./known-secret-checks";
import { mayHoldOptedInSecretOutput } from "./ours";

/** Config of {@link noSecretInResourceState}. */
export interface ResourceStateConfig extends DetectionConfig {
  /** Accept secrets the engine encrypts (listed in additionalSecretOutputs) on any resource. Default false. */
  allowEncryptedOutputs?: boolean;
  /** Accept our own OAuthClient's opted-in `clientSecret` output when listed in additionalSecretOutputs. Default true. */
  allowOptedInSecretOutput?: boolean;
}

/** Policy name. */
export const RESOURCE_STATE_POLICY = "genesys-no-secret-in-resource-state";

function keep(d: Detection, type: string, props: unknown, config: ResourceStateConfig): boolean {
  if (d.kind === "encrypted" && config.allowOptedInSecretOutput !== false && mayHoldOptedInSecretOutput(type, props)) return false;
  return true;
}

/** The rule: resource validation on inputs (before anything is written) and stack validation on outputs. */
export const noSecretInResourceState: ResourceValidationPolicy & StackValidationPolicy = {
  name: RESOURCE_STATE_POLICY,
  displayName: "No Genesys client secret in resource state",
  description:
    "No resource may hold a Genesys Cloud client secret in its inputs or outputs: bridged genesyscloud OAuth clients with " +
    "the secret exposed, integration credentials, @pulumi/command scripts that echo or write the secret, copies into tags or env vars.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["genesys", "secrets", "state"],
  remediationSteps:
    "Do not pass the secret to other resources. Use this project's OAuthClient, which writes the secret to a store and keeps " +
    "only a store reference and a fingerprint in state; give consumers the store reference. For the genesyscloud provider, set " +
    "expose_client_secret = false and do not use directory_client_secret. Do not echo or redirect the secret in commands " +
    "(no `> secrets.txt`). If a secret already reached state, rotate it.",
  configSchema: configSchema({
    allowEncryptedOutputs: { type: "boolean", default: false, description: "Accept engine-encrypted secrets on any resource." },
    allowOptedInSecretOutput: {
      type: "boolean",
      default: true,
      description: "Accept our OAuthClient's opted-in clientSecret output listed in additionalSecretOutputs.",
    },
  }),
  validateResource: async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (args.type === "pulumi:pulumi:Stack") return; // other rules
    const props = resourceProps(args);
    // Known secrets (stores named by our resources, read once per run) in every input, the URN, the name; config included.
    const matcher = await resourceMatcher(args, props);
    const who = `Resource '${matcher.redact(args.name)}'`;
    for (const d of knownSecretsInResourceInputs(args, props, matcher))
      reportViolation(violationMessage(d, `${who} would hold a client secret: `, { matcher, urn: args.urn }));
    if (isNodejsProvider(args)) return; // other rules
    const config = args.getConfig<ResourceStateConfig>();
    const detections = scanProperties(props, {
      location: "inputs",
      basePath: "inputs",
      resourceType: args.type,
      secretOutputs: secretOutputsOf(args.opts),
      options: detectionOptions(config),
    });
    for (const d of detections) {
      if (keep(d, args.type, props, config) && !isAccepted(config, d, args.urn))
        reportViolation(violationMessage(d, `${who} would hold a client secret: `, { matcher, urn: args.urn }));
    }
  },
  validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<ResourceStateConfig>();
    const { views, detections } = stackScan(args.resources, detectionOptions(config));
    const matcher = await stackMatcher(args.resources);
    for (const d of detections) {
      const view = views.find((v) => v.urn === d.urn);
      if (!view || isRootStack(view) || isNodejsProvider(view)) continue;
      const at = violationUrn(d.urn, matcher);
      if (keep(d, view.type, view.outputs, config) && !isAccepted(config, d, d.urn))
        reportViolation(violationMessage(d, "Resource holds a client secret in state: ", { matcher, urn: d.urn }) + at.suffix, at.urn);
    }
    // Known secrets in every other resource's outputs, URN, name, parent, provider and dependencies (providers' config included).
    for (const [i, r] of args.resources.entries()) {
      if (isRootStack({ type: r.type, parent: r.parent?.urn })) continue;
      const at = violationUrn(r.urn, matcher);
      for (const d of knownSecretsInStackResource(r, matcher, views[i].outputs)) {
        if (!isAccepted(config, d, r.urn))
          reportViolation(violationMessage(d, "Resource holds a client secret in state: ", { matcher, urn: r.urn }) + at.suffix, at.urn);
      }
    }
  },
};
