/**
 * What every rule of the pack shares: reading policy props safely during preview, the detection config
 * schema, turning detections into violation messages (never with a value).
 */
import type { PolicyConfigSchema, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { UNKNOWN, maskSecretsInText, type Detection, type DetectionOptions, type KnownSecretMatcher, type ResourceView } from "../../detection";
import { maskUrn } from "../../detection/identity";
import { findingFingerprint, inlineAllowlist, isAllowlisted, mergeAllowlists, readAllowlistFile, type Allowlist } from "../../detection/allowlist";

/** Detection settings every rule accepts in the policy-pack config file. */
export interface DetectionConfig {
  /** Minimum Shannon entropy (bits/char) of a secret-shaped value. */
  entropyThreshold?: number;
  /** Shortest secret-shaped value. */
  minLength?: number;
  /** Longest secret-shaped value. */
  maxLength?: number;
  /** Lengths that count (empty: every length of the range). */
  lengths?: number[];
  /** More property names whose value is a client secret. */
  extraSecretKeys?: string[];
  /** Property names never scanned by the shape rules. */
  ignoreKeys?: string[];
  /** Accepted findings: fingerprints (as printed in violation messages and by the audit). */
  allowlist?: string[];
  /** A file of accepted fingerprints (`.genesys-oauth-guard-ignore` format); relative to the pack process's working directory. */
  allowlistFile?: string;
}

/** JSON schema of {@link DetectionConfig}, merged into each rule's `configSchema`. */
export const DETECTION_CONFIG_PROPERTIES: Record<string, PolicyConfigJSONSchema> = {
  entropyThreshold: {
    type: "number",
    minimum: 0,
    maximum: 8,
    default: 3.3,
    description: "Minimum Shannon entropy (bits per character) for a value to count as secret-shaped.",
  },
  minLength: { type: "integer", minimum: 1, default: 16, description: "Shortest secret-shaped value." },
  maxLength: { type: "integer", minimum: 1, default: 22, description: "Longest secret-shaped value." },
  lengths: {
    type: "array",
    items: { type: "integer" },
    default: [16, 20, 21, 22],
    description: "Lengths that count within [minLength, maxLength]; empty: all.",
  },
  extraSecretKeys: { type: "array", items: { type: "string" }, default: [], description: "More property names whose value is a client secret." },
  ignoreKeys: { type: "array", items: { type: "string" }, default: [], description: "Property names never scanned by the shape rules." },
  allowlist: {
    type: "array",
    items: { type: "string" },
    default: [],
    description: "Accepted findings: fingerprints printed in violation messages and by the audit.",
  },
  allowlistFile: {
    type: "string",
    description:
      "A file of accepted fingerprints, one per line, # comments (.genesys-oauth-guard-ignore); absolute, or relative to the pack's working directory.",
  },
};

const allowlistFiles = new Map<string, Allowlist>();

/** The allowlist of a rule's config (inline fingerprints and/or a file, read once per run); undefined when none. */
export function allowlistOf(config: DetectionConfig): Allowlist | undefined {
  const lists: Allowlist[] = [];
  if (Array.isArray(config.allowlist) && config.allowlist.length > 0) lists.push(inlineAllowlist(config.allowlist));
  if (typeof config.allowlistFile === "string" && config.allowlistFile !== "") {
    let list = allowlistFiles.get(config.allowlistFile);
    if (!list) allowlistFiles.set(config.allowlistFile, (list = readAllowlistFile(config.allowlistFile)));
    lists.push(list);
  }
  return lists.length === 0 ? undefined : mergeAllowlists(lists);
}

/** True when the detection `d` of the resource `urn` is accepted by the config's allowlist. */
export function isAccepted(config: DetectionConfig, d: Detection, urn: string): boolean {
  return isAllowlisted(allowlistOf(config), d.ruleId, urn, d.path);
}

/** Builds a config schema from the detection properties plus rule-specific ones. */
export function configSchema(extra: Record<string, PolicyConfigJSONSchema>): PolicyConfigSchema {
  return { properties: { ...DETECTION_CONFIG_PROPERTIES, ...extra } };
}

/** Detection options from a rule's config. */
export function detectionOptions(config: DetectionConfig & { allowEncryptedOutputs?: boolean }): DetectionOptions {
  const options: DetectionOptions = {};
  if (typeof config.entropyThreshold === "number") options.entropyThreshold = config.entropyThreshold;
  if (typeof config.minLength === "number") options.minLength = config.minLength;
  if (typeof config.maxLength === "number") options.maxLength = config.maxLength;
  if (Array.isArray(config.lengths)) options.lengths = config.lengths;
  if (Array.isArray(config.extraSecretKeys)) options.extraSecretKeys = config.extraSecretKeys;
  if (Array.isArray(config.ignoreKeys)) options.ignoreKeys = config.ignoreKeys;
  if (typeof config.allowEncryptedOutputs === "boolean") options.allowEncryptedOutputs = config.allowEncryptedOutputs;
  return options;
}

/** True for the error the policy SDK throws when a value is unknown during preview. */
export function isUnknownValueError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.constructor.name === "UnknownValueError" || error.message.includes("can't be known during preview");
}

/**
 * Copies policy props (a proxy that throws on values unknown during preview) into plain data, with
 * unknown values replaced by `UNKNOWN`. Listing keys works during preview; reading an unknown throws.
 * Iterative (an explicit stack): values nested at any depth are copied, so no rule ever reads the proxy.
 */
export function snapshot(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const copy = (v: unknown): unknown => (v === null || typeof v !== "object" || v === UNKNOWN ? v : Array.isArray(v) ? [] : {});
  const root = copy(value);
  const stack: [unknown, unknown][] = [[value, root]];
  while (stack.length > 0) {
    const [source, target] = stack.pop() as [object, unknown[] | Record<string, unknown>];
    // Assets, archives, secrets of the SDK: their enumerable fields only.
    const keys: (string | number)[] = Array.isArray(source) ? Array.from({ length: source.length }, (_, i) => i) : Object.keys(source);
    for (const key of keys) {
      const v = readSafely(source, key);
      const c = copy(v);
      (target as Record<string | number, unknown>)[key] = c;
      if (c !== v) stack.push([v, c]);
    }
  }
  return root;
}

function readSafely(container: object, key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
}

/** Policy resource options as given, or an empty set. */
export function secretOutputsOf(opts: PolicyResourceOptions | undefined): string[] {
  try {
    return [...(opts?.additionalSecretOutputs ?? [])];
  } catch {
    return [];
  }
}

/** A stack validation's resource as the detection code sees it (outputs only: that is what stack policies get). */
export function toResourceView(r: PolicyResource): ResourceView {
  const view: ResourceView = { urn: r.urn, type: r.type, outputs: snapshot(r.props), secretOutputs: secretOutputsOf(r.opts) };
  if (r.parent) view.parent = r.parent.urn;
  return view;
}

/**
 * Masks what a printed text could leak: spans matching a known secret (`matcher`) and, with `byShape`,
 * tokens shaped like a Genesys secret — a property name or resource name that is itself a secret.
 */
export function safeText(text: string, matcher?: KnownSecretMatcher, byShape = true): string {
  return maskSecretsInText(text, { matcher, byShape });
}

/** What a violation message may name besides the detection. */
export interface ViolationContext {
  /** Known secrets of the run: spans matching them are masked. */
  matcher?: KnownSecretMatcher;
  /** The resource's URN: the finding's fingerprint (for allowlists) is computed from it. */
  urn?: string;
}

/**
 * A violation message for a detection: path, evidence, rule id and (with a URN) the finding's fingerprint,
 * never the value — nor a property name that is a secret (masked by shape, and by the known secrets).
 */
export function violationMessage(d: Detection, prefix = "", context: ViolationContext = {}): string {
  const path = d.path === "" ? "" : ` at '${safeText(d.path, context.matcher)}'`;
  const fingerprint = context.urn === undefined ? "" : `, fingerprint ${findingFingerprint(d.ruleId, context.urn, d.path)}`;
  return `${safeText(prefix, context.matcher, false)}${safeText(d.evidence, context.matcher)}${path} [${d.ruleId}, ${d.kind}${fingerprint}]`;
}

/**
 * The URN to attach to a violation: as is, unless it holds a known secret or a secret-shaped resource name —
 * then none is attached (the engine would print it) and the masked URN goes into the message instead.
 */
export function violationUrn(urn: string, matcher?: KnownSecretMatcher): { urn?: string; suffix: string } {
  const masked = maskUrn(matcher ? matcher.redact(urn) : urn);
  return masked === urn ? { urn, suffix: "" } : { suffix: ` (resource ${masked})` };
}

/** The SDK types the rules use, re-exported so that tests build arguments against the same declarations. */
export type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  EnforcementLevel,
} from "@pulumi/policy";
