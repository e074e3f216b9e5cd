/**
 * `genesys-oauth-client-configured-safely`: this project's OAuthClient resources route the secret to a
 * store, list an opted-in secret output in additionalSecretOutputs, rotate within the maximum period and
 * talk to stores over TLS (except on loopback).
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { isOwnResourceType } from "../../domain/resource-types";
import { configSchema, resourceProps, safeText, secretOutputsOf } from "./common";
import { insecureStoreUrls, isOurOAuthClient, optsInToSecretOutput, prop, rotationOf, storeLocations } from "./ours";

/** Config of {@link oauthClientConfiguredSafely}. */
export interface ConfiguredSafelyConfig {
  /** Longest allowed rotation period in days. Default 90. */
  maxRotationDays?: number;
  /** Require a rotation schedule. Default true. */
  requireRotation?: boolean;
  /** Accept plain-http store URLs on non-loopback hosts. Default false. */
  allowInsecureStoreUrls?: boolean;
}

/** Policy name. */
export const CONFIGURED_SAFELY_POLICY = "genesys-oauth-client-configured-safely";

/**
 * The rule. Mandatory by default: each check guards the secret itself — without a store the secret has
 * nowhere safe to go, an opted-in output outside additionalSecretOutputs is plain text in state, plain http
 * sends the secret over the network in clear, and an unrotated secret is a standing credential. The rule
 * only looks at this project's own resources, so it cannot fail unrelated programs.
 */
export const oauthClientConfiguredSafely: ResourceValidationPolicy = {
  name: CONFIGURED_SAFELY_POLICY,
  displayName: "Genesys OAuth clients are configured safely",
  description:
    "Every OAuthClient of genesys-oauth-guard routes its secret to a store, lists an opted-in clientSecret output in " +
    "additionalSecretOutputs, has rotation with a period at most the configured maximum, and uses TLS to reach stores except on loopback.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: ["genesys", "secrets", "compliance"],
  remediationSteps:
    "Give the OAuthClient a secretStore (file://./.secrets/<name>, vault://<mount>/<path>?addr=https://<host>:8200, " +
    "awssm://<name>?region=<region>) so the secret is written there and only a reference is kept; " +
    'if you opt in to a clientSecret output, add { additionalSecretOutputs: ["clientSecret"] } to the resource options; ' +
    "configure rotation with a period of at most the allowed maximum (default 90 days); use https for remote stores.",
  configSchema: configSchema({
    maxRotationDays: { type: "number", minimum: 1, default: 90, description: "Longest allowed rotation period in days." },
    requireRotation: { type: "boolean", default: true, description: "Require a rotation schedule." },
    allowInsecureStoreUrls: { type: "boolean", default: false, description: "Accept plain-http store URLs on non-loopback hosts." },
  }),
  validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
    // A resource name or URL part that is itself a secret is never printed (masked by shape).
    const reportViolation = (message: string): void => report(safeText(message));
    const config = args.getConfig<ConfiguredSafelyConfig>();
    if (!isOurOAuthClient(args.type)) {
      // Our other resources that reach a store (SecretRotation, ClientPair): TLS only. Other resources' props are not read.
      if (isOwnResourceType(args.type) && config.allowInsecureStoreUrls !== true) {
        for (const url of storeLocations(resourceProps(args)).urls) {
          for (const insecure of insecureStoreUrls(url))
            reportViolation(`'${args.name}' reaches its store over plain http (${insecure}); use https (plain http is only allowed on loopback)`);
        }
      }
      return;
    }
    const props = resourceProps(args);
    const maxDays = typeof config.maxRotationDays === "number" ? config.maxRotationDays : 90;
    const who = `OAuthClient '${args.name}'`;

    const store = storeLocations(props);
    if (!store.present) reportViolation(`${who} has no secret store: set a store so the secret is written there and only a reference is kept`);
    if (config.allowInsecureStoreUrls !== true) {
      for (const url of store.urls) {
        for (const insecure of insecureStoreUrls(url)) {
          reportViolation(`${who} reaches its store over plain http (${insecure}); use https (plain http is only allowed on loopback)`);
        }
      }
    }

    const secretOutputs = secretOutputsOf(args.opts);
    const optedIn = optsInToSecretOutput(props) || prop(props, "clientSecret") !== undefined;
    if (optedIn && !secretOutputs.includes("clientSecret")) {
      reportViolation(`${who} opts in to a clientSecret output that is not listed in additionalSecretOutputs: it would be stored in plain text`);
    }

    const rotation = rotationOf(props);
    if (!rotation.present) {
      if (config.requireRotation !== false) reportViolation(`${who} has no rotation configured (maximum period ${maxDays} days)`);
    } else if (rotation.periodDays !== undefined && rotation.periodDays > maxDays) {
      reportViolation(`${who} rotates every ${Math.round(rotation.periodDays * 10) / 10} days, more than the maximum of ${maxDays} days`);
    } else if (rotation.periodDays !== undefined && rotation.periodDays <= 0) {
      reportViolation(`${who} has a rotation period that is not positive`);
    }
  },
};
