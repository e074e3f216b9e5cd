/**
 * What every rule of the pack shares: reading policy props safely during preview, the detection config
 * schema, turning detections into violation messages (never with a value).
 */
import type { PolicyConfigSchema, PolicyResource, PolicyResourceOptions, ResourceValidationArgs } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import {
  UNKNOWN,
  maskSecretsInText,
  scanStack,
  type Detection,
  type DetectionOptions,
  type KnownSecretMatcher,
  type ResourceView,
  type StackDetection,
} from "../../detection";
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
 *
 * Props from the policy SDK are copied from the plain data behind its proxy (the same values, the SDK's
 * unknown markers replaced as reading them through the proxy would): going through the proxy costs a new
 * proxy per nested object, a path array per read and an exception per unknown, for every resource.
 */
export function snapshot(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const target = proxyTarget(value);
  const unknownAt = target === undefined ? readSafely : readUnknownMarked;
  const source = target ?? value;
  const copy = (v: unknown): unknown => (v === null || typeof v !== "object" || v === UNKNOWN ? v : Array.isArray(v) ? [] : {});
  const root = copy(source);
  const stack: [unknown, unknown][] = [[source, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [object, unknown[] | Record<string, unknown>];
    // Assets, archives, secrets of the SDK: their enumerable fields only.
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) {
        const v = unknownAt(from, i);
        const c = copy(v);
        (to as unknown[])[i] = c;
        if (c !== v) stack.push([v, c]);
      }
      continue;
    }
    for (const key of Object.keys(from)) {
      const v = unknownAt(from, key);
      const c = copy(v);
      (to as Record<string, unknown>)[key] = c;
      if (c !== v) stack.push([v, c]);
    }
  }
  return root;
}

/** The key under which the policy SDK's unknown-checking proxy returns the object it wraps. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * The policy SDK's markers for values unknown during preview (`@pulumi/policy/proxy`: reading one through
 * the proxy throws UnknownValueError). A unit test checks them against the installed SDK.
 */
export const SDK_UNKNOWN_MARKERS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The plain object behind the policy SDK's proxy, or undefined when `value` is not one. */
function proxyTarget(value: object): object | undefined {
  let target: unknown;
  try {
    target = (value as Record<string, unknown>)[PROXY_TARGET];
  } catch {
    return undefined;
  }
  return typeof target === "object" && target !== null && target !== value ? target : undefined;
}

/** A field of the data behind the SDK's proxy: `UNKNOWN` where the proxy would throw. */
function readUnknownMarked(container: object, key: string | number): unknown {
  const v = (container as Record<string | number, unknown>)[key];
  return typeof v === "string" && SDK_UNKNOWN_MARKERS.has(v) ? UNKNOWN : v;
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

/*
 * One request, one walk. The policy SDK calls each policy of the pack in turn for the same request (one
 * resource's Analyze, or the stack's AnalyzeStack), each with its own freshly deserialised copy of the same
 * props. What the first policy derives from them — the snapshot of a resource's props, the views of the
 * stack's resources, a scan of the stack — is kept (the last request only) and handed to the next policies
 * when their props hold the same data, compared on the plain data behind the SDK's proxy: a walk that
 * allocates nothing, much cheaper than copying the props again or scanning the stack again. Different data
 * (another resource, the same URN with other props) is computed afresh. Shared values are read-only.
 */
let lastResource: { key: string; source: object; props: unknown } | undefined;
let lastStack: { identity: string[]; sources: (object | undefined)[]; views: ResourceView[]; scans: Map<string, StackDetection[]> } | undefined;

/** True when `a` and `b` hold the same data as {@link snapshot} copies it (same keys, values and kinds of object). */
export function sameData(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [x, y] = top;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return false;
    if (Array.isArray(x) !== Array.isArray(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    const xk = Object.keys(x);
    const yk = Object.keys(y);
    if (xk.length !== yk.length) return false;
    for (let i = 0; i < xk.length; i++) {
      if (xk[i] !== yk[i]) return false;
      stack.push([(x as Record<string, unknown>)[xk[i]], (y as Record<string, unknown>)[yk[i]]]);
    }
  }
  return true;
}

/** A resource validation's props as plain data ({@link snapshot}), walked once for all the pack's rules. */
export function resourceProps(args: ResourceValidationArgs): unknown {
  const source = typeof args.props === "object" && args.props !== null ? proxyTarget(args.props) : undefined;
  if (source === undefined) return snapshot(args.props);
  const key = `${args.urn}\u0000${args.type}\u0000${args.name}`;
  if (lastResource?.key === key && sameData(lastResource.source, source)) return lastResource.props;
  const props = snapshot(args.props);
  lastResource = { key, source, props };
  return props;
}

/** What a stack resource's view holds besides its props: URN, type, parent, secret outputs. */
function viewIdentity(r: PolicyResource): string {
  return [r.urn, r.type, r.parent?.urn ?? "", ...secretOutputsOf(r.opts)].join("\u0000");
}

/** The views of a stack validation's resources (in the same order), built once for all the pack's stack rules. */
export function stackViews(resources: readonly PolicyResource[]): ResourceView[] {
  return sharedStack(resources).views;
}

function sharedStack(resources: readonly PolicyResource[]): NonNullable<typeof lastStack> {
  const identity = resources.map(viewIdentity);
  const sources = resources.map((r) => (typeof r.props === "object" && r.props !== null ? proxyTarget(r.props) : undefined));
  const last = lastStack;
  if (
    last?.identity.length === identity.length &&
    identity.every((id, i) => id === last.identity[i]) &&
    sources.every((source, i) => source !== undefined && last.sources[i] !== undefined && sameData(last.sources[i], source))
  )
    return last;
  lastStack = { identity, sources, views: resources.map(toResourceView), scans: new Map() };
  return lastStack;
}

/** {@link scanStack} over {@link stackViews}, once per stack and detection options for all the pack's stack rules. */
export function stackScan(resources: readonly PolicyResource[], options: DetectionOptions): { views: ResourceView[]; detections: StackDetection[] } {
  const shared = sharedStack(resources);
  const key = JSON.stringify(options);
  let detections = shared.scans.get(key);
  if (!detections) shared.scans.set(key, (detections = scanStack(shared.views, options)));
  return { views: shared.views, detections };
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
