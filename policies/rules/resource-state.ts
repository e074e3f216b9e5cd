/**
 * `genesys-no-secret-in-resource-state`: no resource may hold a client secret in its inputs or outputs —
 * bridged Genesys OAuth clients exposing the secret, integration credentials, commands that echo or write
 * the secret, copies into tags or env vars.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { isNodejsProvider, isRootStack, scanProperties, scanStack, type Detection } from "../../detection";
import { configSchema, detectionOptions, secretOutputsOf, snapshot, toResourceView, violationMessage, type DetectionConfig } from "./common";
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
    allowOptedInSecretOutput: { type: "boolean", default: true, description: "Accept our OAuthClient's opted-in clientSecret output listed in additionalSecretOutputs." },
  }),
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (args.type === "pulumi:pulumi:Stack" || isNodejsProvider(args)) return; // other rules
    const config = args.getConfig<ResourceStateConfig>();
    const props = snapshot(args.props);
    const detections = scanProperties(props, {
      location: "inputs", basePath: "inputs", resourceType: args.type, secretOutputs: secretOutputsOf(args.opts), options: detectionOptions(config),
    });
    for (const d of detections) {
      if (keep(d, args.type, props, config)) reportViolation(violationMessage(d, `Resource '${args.name}' would hold a client secret: `));
    }
  },
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<ResourceStateConfig>();
    const views = args.resources.map(toResourceView);
    for (const d of scanStack(views, detectionOptions(config))) {
      const view = views.find((v) => v.urn === d.urn);
      if (!view || isRootStack(view) || isNodejsProvider(view)) continue;
      if (keep(d, view.type, view.outputs, config)) reportViolation(violationMessage(d, "Resource holds a client secret in state: "), d.urn);
    }
  },
};
