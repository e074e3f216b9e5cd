/**
 * What every rule of the pack shares: reading policy props safely during preview, the detection config
 * schema, turning detections into violation messages (never with a value).
 */
import type { PolicyConfigSchema, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { UNKNOWN, type Detection, type DetectionOptions, type ResourceView } from "../../detection";
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
  entropyThreshold: { type: "number", minimum: 0, maximum: 8, default: 3.3, description: "Minimum Shannon entropy (bits per character) for a value to count as secret-shaped." },
  minLength: { type: "integer", minimum: 1, default: 16, description: "Shortest secret-shaped value." },
  maxLength: { type: "integer", minimum: 1, default: 22, description: "Longest secret-shaped value." },
  lengths: { type: "array", items: { type: "integer" }, default: [16, 20, 21, 22], description: "Lengths that count within [minLength, maxLength]; empty: all." },
  extraSecretKeys: { type: "array", items: { type: "string" }, default: [], description: "More property names whose value is a client secret." },
  ignoreKeys: { type: "array", items: { type: "string" }, default: [], description: "Property names never scanned by the shape rules." },
  allowlist: { type: "array", items: { type: "string" }, default: [], description: "Accepted findings: fingerprints printed in violation messages and by the audit." },
  allowlistFile: { type: "string", description: "A file of accepted fingerprints, one per line, # comments (.genesys-oauth-guard-ignore); absolute, or relative to the pack's working directory." },
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

/**
 * The URN to attach a violation to, or undefined when the URN itself holds a secret-shaped token (a
 * resource named after a secret): the CLI prints a violation's URN, and a detection never prints a value.
 */
export function reportableUrn(urn: string): string | undefined {
  return maskUrn(urn) === urn ? urn : undefined;
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
  return error.constructor.name === "UnknownValueError" || /can't be known during preview/.test(error.message);
}

/**
 * Copies policy props (a proxy that throws on values unknown during preview) into plain data, with
 * unknown values replaced by `UNKNOWN`. Listing keys works during preview; reading an unknown throws.
 */
export function snapshot(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(snapshot(readSafely(value, i), depth + 1));
    return out;
  }
  // Assets, archives, secrets of the SDK: keep their enumerable fields only.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = snapshot(readSafely(value, key), depth + 1);
  return out;
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

/** A violation message for a detection: path, evidence and rule id, never the value. */
export function violationMessage(d: Detection, prefix = "", urn?: string): string {
  const path = d.path === "" ? "" : ` at '${d.path}'`;
  const fingerprint = urn === undefined ? "" : `, fingerprint ${findingFingerprint(d.ruleId, urn, d.path)}`;
  return `${prefix}${d.evidence}${path} [${d.ruleId}, ${d.kind}${fingerprint}]`;
}

/** The SDK types the rules use, re-exported so that tests build arguments against the same declarations. */
export type {
  PolicyResource, PolicyResourceOptions, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
  StackValidationArgs, StackValidationPolicy, EnforcementLevel,
} from "@pulumi/policy";
