/**
 * `genesys-no-secret-in-stack-outputs`: no client secret in stack outputs, whatever the output is called,
 * nested or not, wrapped in `pulumi.secret()` or not.
 */
import type { StackValidationArgs, StackValidationPolicy, ReportViolation } from "@pulumi/policy";
import { isRootStack } from "../../detection";
import { configSchema, detectionOptions, isAccepted, stackScan, violationMessage, violationUrn, type DetectionConfig } from "./common";
import { knownSecretsInStackResource, stackMatcher } from "./known-secret-checks";

/** Config of {@link noSecretInStackOutputs}. */
export interface StackOutputsConfig extends DetectionConfig {
  /**
   * Accept outputs wrapped in `pulumi.secret()`. Policies receive secrets decrypted and cannot tell them
   * apart, so this only relaxes what is visibly encrypted (envelopes when analysing exported state).
   */
  allowEncryptedOutputs?: boolean;
}

/** Policy name. */
export const STACK_OUTPUTS_POLICY = "genesys-no-secret-in-stack-outputs";

/** The rule. */
export const noSecretInStackOutputs: StackValidationPolicy = {
  name: STACK_OUTPUTS_POLICY,
  displayName: "No Genesys client secret in stack outputs",
  description:
    "Stack outputs must not carry a Genesys Cloud client secret: not under any name, not nested in objects or arrays, " +
    "not wrapped in pulumi.secret() (encrypted is still in state). Outputs named like secrets fail even when unknown during preview.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["genesys", "secrets", "state"],
  remediationSteps:
    "Remove the output. Consumers read the secret from the secret store the OAuthClient writes to (its storeReference), " +
    "never from stack outputs. Export the client id and the store reference instead. If the value was already exported, " +
    "rotate the secret (genesys-oauth-guard rotate) — it is in the stack's state and history.",
  configSchema: configSchema({
    allowEncryptedOutputs: { type: "boolean", default: false, description: "Accept encrypted (pulumi.secret) outputs." },
  }),
  validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<StackOutputsConfig>();
    // One scan of the stack for this rule and genesys-no-secret-in-resource-state (common.ts: stackScan).
    const { views, detections } = stackScan(args.resources, detectionOptions(config));
    // The secrets the stores named by the stack's own OAuthClient/SecretRotation/ClientPair hold (read once per run).
    const matcher = await stackMatcher(args.resources);
    for (const d of detections) {
      if (!isRootStack({ type: d.resourceType, parent: views.find((v) => v.urn === d.urn)?.parent })) continue;
      if (isAccepted(config, d, d.urn)) continue;
      const at = violationUrn(d.urn, matcher);
      reportViolation(violationMessage(d, "Stack output carries a client secret: ", { matcher, urn: d.urn }) + at.suffix, at.urn);
    }
    for (const [i, r] of args.resources.entries()) {
      if (!isRootStack({ type: r.type, parent: r.parent?.urn })) continue;
      const at = violationUrn(r.urn, matcher);
      for (const d of knownSecretsInStackResource(r, matcher, views[i].outputs)) {
        if (!isAccepted(config, d, r.urn))
          reportViolation(violationMessage(d, "Stack output carries a client secret: ", { matcher, urn: r.urn }) + at.suffix, at.urn);
      }
    }
  },
};
