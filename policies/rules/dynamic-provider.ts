/**
 * `genesys-no-credentials-in-dynamic-provider`: credentials must not be captured by dynamic provider code.
 *
 * Limitation: validations cannot see `__provider` (the serialized provider code; every top-level key
 * starting with `__` is hidden from policies). This rule therefore checks what that code would capture or
 * receive: (1) the stack config, which the engine gives to the default `pulumi:providers:pulumi-nodejs`
 * provider as inputs (so every config key is in state), and (2) the inputs of dynamic resources. The
 * audit (`genesys-oauth-guard audit`) reads `__provider` itself in exported state and is the complete check.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { OWN_CONFIG_NAMESPACE, isNodejsProvider, isProviderCredentialKey, isUnknown, joinKey, matchSecretShape, normalizeKey } from "../../detection";
import { configSchema, detectionOptions, resourceProps, safeText, stackViews, type DetectionConfig } from "./common";
import { isDynamicResource } from "./ours";

/** Config of {@link noCredentialsInDynamicProvider}. */
export interface DynamicProviderConfig extends DetectionConfig {
  /** Config keys confirmed to be set with `pulumi config set --secret` and read only inside configure()/CRUD methods. */
  allowedConfigKeys?: string[];
}

/** Policy name. */
export const DYNAMIC_PROVIDER_POLICY = "genesys-no-credentials-in-dynamic-provider";

function credentialFindings(props: unknown, config: DynamicProviderConfig, basePath: string): { path: string; evidence: string }[] {
  const out: { path: string; evidence: string }[] = [];
  const allowed = new Set((config.allowedConfigKeys ?? []).map(normalizeKey));
  const options = detectionOptions(config);
  const visit = (value: unknown, path: string, key: string | undefined, depth: number): void => {
    if (value === null || value === undefined || depth > 16) return;
    if (key !== undefined && allowed.has(normalizeKey(key))) return;
    // This package's own keys (genesys-oauth-guard:clientSecret, ...) are read only inside configure(), never
    // serialized: the documented route. Whether one was set without --secret only the exported state shows,
    // and there the audit reports a plain value as critical (an encrypted one is the route working as designed).
    if (depth === 1 && key?.startsWith(`${OWN_CONFIG_NAMESPACE}:`)) return;
    if (typeof value === "string" || isUnknown(value)) {
      if (key !== undefined && isProviderCredentialKey(key, options) && (isUnknown(value) || value.length >= 6)) {
        out.push({
          path,
          evidence: `credential-named key '${key}' ${isUnknown(value) ? "receives a value unknown during preview" : `holds a ${value.length}-char value`}`,
        });
      } else if (typeof value === "string" && matchSecretShape(value, options)) {
        out.push({ path, evidence: `value under key '${key ?? "(root)"}' is shaped like a Genesys client secret` });
      }
      return;
    }
    if (typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, key, depth + 1));
      return;
    }
    for (const k of Object.keys(value)) {
      if (k.startsWith("__")) continue;
      visit((value as Record<string, unknown>)[k], joinKey(path, k), k, depth + 1);
    }
  };
  visit(props, basePath, undefined, 0);
  return out;
}

const CONFIG_REMEDIATION =
  "set it with `pulumi config set --secret` and read it inside the provider's configure() or CRUD methods (never at module level " +
  "or in a field set before serialization), or take it from the environment at run time; then list it in allowedConfigKeys";

/**
 * The rule. Advisory by default: the policy cannot see `__provider`, and it cannot tell a config value set
 * with `--secret` (encrypted in state) from a plain one (secrets reach policies decrypted), so findings are
 * likely-but-unproven. Make it mandatory in strict pipelines, and run the audit for the definitive check.
 */
export const noCredentialsInDynamicProvider: ResourceValidationPolicy & StackValidationPolicy = {
  name: DYNAMIC_PROVIDER_POLICY,
  displayName: "No credentials captured by dynamic provider code",
  description:
    "Credentials (the Genesys admin client secret, store tokens and keys) must not reach dynamic provider code or inputs: the " +
    "serialized provider (__provider) and the default pulumi-nodejs provider's inputs (the whole stack config) are stored in state.",
  enforcementLevel: "advisory",
  severity: "high",
  tags: ["genesys", "secrets", "dynamic-providers"],
  remediationSteps:
    "Read credentials inside the dynamic provider's CRUD methods (process.env) or in configure(req) (stack config, secrets decrypted), " +
    "never at module level or in fields set before the provider is serialized; do not pass credentials as resource inputs. " +
    "Set credential config with `pulumi config set --secret`. Run `genesys-oauth-guard audit` on the exported stack to inspect __provider.",
  configSchema: configSchema({
    allowedConfigKeys: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Config keys confirmed set with --secret and read only at run time.",
    },
  }),
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isDynamicResource(args.type)) return;
    const config = args.getConfig<DynamicProviderConfig>();
    for (const f of credentialFindings(resourceProps(args), config, "inputs")) {
      reportViolation(
        safeText(`Dynamic resource '${args.name}' receives a credential as input (stored in state with the provider code): ${f.evidence} at '${f.path}'`),
      );
    }
  },
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = args.getConfig<DynamicProviderConfig>();
    const views = stackViews(args.resources);
    args.resources.forEach((r, i) => {
      if (!isNodejsProvider(r)) return;
      const view = views[i];
      for (const f of credentialFindings(view.outputs, config, "config")) {
        reportViolation(
          safeText(`Stack config captured by the dynamic-provider plugin '${r.name}' holds a credential: ${f.evidence} at '${f.path}'; ${CONFIG_REMEDIATION}`),
          r.urn,
        );
      }
    });
  },
};
