/**
 * Taint analysis over the resource graph a policy's stack validation gets: which resource properties and
 * stack outputs are derived (through `propertyDependencies`, transitively) from a resource that exposes a
 * client secret as an output — our OAuthClient/SecretRotation with `exposeSecretAsOutput`, a bridged
 * genesyscloud OAuth client with `expose_client_secret`, or any resource listing a secret-bearing output in
 * `additionalSecretOutputs` — and whether such a derived value may carry the secret.
 *
 * Why: during the first preview a value derived from the opted-in secret output
 * (`client.clientSecret.apply(s => base64(s))`) is unknown, so no value rule can judge it, and `pulumi up`
 * would write it to state before any stack policy sees the value. The dependency edge is known at preview.
 *
 * Pure functions, no `@pulumi/*` import; never returns or prints a value.
 */
import { shannonEntropy } from "./entropy";
import { matchSecretShape } from "./shape";
import { BRIDGED_OAUTH_CLIENT_TYPE, isSecretKey, isNonSecretPlaceholder, normalizeKey } from "./rules";
import type { DetectionOptions } from "./types";
import { isOAuthClientType, isOwnResourceType, SECRET_ROTATION_TYPE } from "../domain/resource-types";
import { isUnknown, joinIndex, joinKey } from "./values";

/** A resource as the taint analysis sees it (a stack validation's `PolicyResource`, copied). */
export interface TaintNode {
  /** The resource's URN. */
  urn: string;
  /** Its type token. */
  type: string;
  /** Its name. */
  name: string;
  /** URN of its parent, if any. */
  parent?: string;
  /** Its properties (outputs; at preview of a create: the inputs), unknowns replaced by `UNKNOWN`. */
  props: unknown;
  /** `additionalSecretOutputs`. */
  secretOutputs?: readonly string[];
  /** URNs of every resource it depends on (`dependsOn` and data). */
  dependencies: readonly string[];
  /** Top-level property name → URNs of the resources its value was computed from. */
  propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** Settings of {@link findTaint}. */
export interface TaintOptions {
  /** Detection options (extra secret keys). */
  detection?: DetectionOptions;
  /** Stack outputs (top-level names) accepted although derived or unknown while a secret is exposed. */
  allowedStackOutputs?: readonly string[];
  /**
   * Block every unknown stack output while a secret is exposed, also those named after a non-secret output of
   * our resources ({@link NON_SECRET_OUTPUT_NAMES}). Default false.
   */
  strictUnknownStackOutputs?: boolean;
  /** Resource properties accepted although derived: `<resource name>.<top-level property>`, `*` for any name. */
  allowedProperties?: readonly string[];
  /**
   * An extra matcher for known values: true when `text` carries one of `secrets` in some encoding
   * (the known-secret matcher). The built-in check covers the raw value, case changes, reversal, and
   * characters spread over array items.
   */
  carriesSecret?: (text: string, secrets: readonly string[]) => boolean;
}

/**
 * Names (normalised, matched as suffixes: `clientId`, `childRotatedAt`) of the non-secret outputs of our
 * resources. The engine records no dependencies for stack outputs, so at a first preview an exported
 * `client.clientId` cannot be told from a value derived from the secret; a stack output named like one of these
 * is accepted while unknown (the documented opt-in program exports the client id). Once known — the next
 * preview, and the stack policies at the end of `up` — its value is checked like any other.
 */
export const NON_SECRET_OUTPUT_NAMES: readonly string[] = [
  "clientid",
  "clientids",
  "secretstore",
  "storeversion",
  "rotatedat",
  "rotationid",
  "secretmarker",
  "secretcreatedat",
  "datecreated",
  "datemodified",
  "verified",
];

function namedLikeNonSecretOutput(key: string): boolean {
  const norm = normalizeKey(key);
  return NON_SECRET_OUTPUT_NAMES.some((name) => norm.endsWith(name));
}

/** Why a derived value is reported. */
export type TaintReason =
  | "unknown" // derived from the secret and unknown during preview: may be the secret
  | "carries-secret" // known and carries the secret
  | "high-entropy" // known, derived from the secret and holds random-looking text that is not a known non-secret output
  | "unknown-stack-output"; // a stack output unknown during preview while a resource exposes a secret (the engine records no dependencies for stack outputs)

/** One finding; `evidence` never contains a value. */
export interface TaintFinding {
  /** URN of the resource holding the derived value (the root stack for stack outputs). */
  urn: string;
  /** Its type. */
  type: string;
  /** Its name. */
  name: string;
  /** Property path, e.g. `tags.note` or `outputs.encoded`. */
  path: string;
  /** Why. */
  reason: TaintReason;
  /** Names of the resources from the secret's source to this one (the source first). */
  chain: string[];
  /** A description without any value. */
  evidence: string;
}

/** Type of the root stack resource. */
const STACK_TYPE = "pulumi:pulumi:Stack";

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isUnknown(value) ? (value as Record<string, unknown>) : undefined;
}

function topProp(props: unknown, normalized: string): unknown {
  const r = record(props);
  if (!r) return undefined;
  for (const key of Object.keys(r)) if (normalizeKey(key) === normalized) return r[key];
  return undefined;
}

/** True for this project's OAuthClient or SecretRotation (the resources with an opt-in secret output). */
function isOurSecretExposingType(type: string): boolean {
  return isOAuthClientType(type) || type === SECRET_ROTATION_TYPE;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== "";
}

/**
 * Why `node` exposes a client secret as an output (a taint source), or undefined. ClientPair never does:
 * it has no secret output.
 */
export function taintSourceReason(node: Pick<TaintNode, "type" | "props" | "secretOutputs">, options?: DetectionOptions): string | undefined {
  if (node.type === STACK_TYPE) return undefined;
  if (isOurSecretExposingType(node.type)) {
    const expose = topProp(node.props, "exposesecretasoutput");
    if (expose === true || isUnknown(expose)) return `exposeSecretAsOutput is ${expose === true ? "set" : "unknown during preview"}`;
    if (present(topProp(node.props, "clientsecret"))) return "holds the opted-in clientSecret output";
    return undefined;
  }
  if (BRIDGED_OAUTH_CLIENT_TYPE.test(node.type)) {
    const expose = topProp(node.props, "exposeclientsecret");
    if (expose === true || isUnknown(expose)) return "expose_client_secret puts the secret in an output";
  }
  const r = record(node.props);
  for (const key of node.secretOutputs ?? []) {
    if (!isSecretKey(key, options)) continue;
    const value = r?.[key];
    if (isUnknown(value) || (typeof value === "string" && !isNonSecretPlaceholder(value)))
      return `secret-bearing output '${key}' listed in additionalSecretOutputs`;
  }
  return undefined;
}

/** Known secret values a source holds (its secret-bearing top-level outputs), for the carries-secret check. */
function secretsOf(node: TaintNode, options?: DetectionOptions): string[] {
  const r = record(node.props);
  if (!r) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(r)) {
    if (isSecretKey(key, options) && typeof value === "string" && !isNonSecretPlaceholder(value)) out.push(value);
  }
  return out;
}

/** Known non-secret string outputs of a resource (clientId, name, store reference, marker...): known-safe values. */
function safeValuesOf(node: TaintNode, options?: DetectionOptions, except: ReadonlySet<string> = new Set()): string[] {
  const r = record(node.props);
  if (!r) return [];
  const out: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === "string" && value.length >= 4) out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (record(value)) for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!isSecretKey(k, options)) visit(v, depth + 1);
  };
  for (const [key, value] of Object.entries(r)) if (!isSecretKey(key, options) && !except.has(key)) visit(value, 0);
  return out;
}

/**
 * Dependency edges that never carry the secret: the `clientId` input of this project's own resources
 * (a SecretRotation or ClientPair pointed at a client), which the provider uses as an id.
 */
function isExemptEdge(node: TaintNode, key: string): boolean {
  return isOwnResourceType(node.type) && normalizeKey(key) === "clientid";
}

/** Path of the first unknown inside `value`, relative to `base`. */
function firstUnknownPath(value: unknown, base: string, depth = 0): string | undefined {
  if (isUnknown(value)) return base;
  if (depth > 64 || typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = firstUnknownPath(value[i], joinIndex(base, i), depth + 1);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = firstUnknownPath(v, joinKey(base, k), depth + 1);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * The texts a known value offers for matching: every string leaf and key, plus the concatenation of the
 * string items of each array (a secret spread into characters or split into pieces).
 */
function textsOf(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 64) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === "string");
    if (strings.length > 1) out.push(strings.join(""));
    value.forEach((v) => textsOf(v, depth + 1, out));
  } else if (record(value)) {
    const r = value as Record<string, unknown>;
    const keys = Object.keys(r).filter((k) => !k.startsWith("__"));
    out.push(...keys.map((k) => KEY_MARK + k));
    const strings = Object.values(r).filter((v): v is string => typeof v === "string");
    if (strings.length > 1) out.push(strings.join(""));
    for (const v of Object.values(r)) textsOf(v, depth + 1, out);
  }
  return out;
}

/** Prefix of the texts that are property names (judged by shape, not entropy: names are long camelCase words). */
const KEY_MARK = "\u0000key:";

/** The built-in carries-secret check: raw, case-insensitive, reversed. */
function builtinCarries(text: string, secrets: readonly string[]): boolean {
  const lower = text.toLowerCase();
  for (const s of secrets) {
    if (s.length < 8) continue;
    if (text.includes(s) || lower.includes(s.toLowerCase())) return true;
    if (lower.includes([...s].reverse().join("").toLowerCase())) return true;
    // Separators inserted (grouped in fours, spaced out): compare the letters and digits only.
    const alnum = lower.replace(/[^a-z0-9]/g, "");
    const secretAlnum = s.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (secretAlnum.length >= 8 && alnum.length < lower.length && alnum.includes(secretAlnum)) return true;
  }
  return false;
}

/** Minimum length of a random-looking token in a derived known value. */
const MIN_RANDOM_TOKEN = 16;
/** Entropy (bits/char) from which such a token counts as random (hex of random bytes is ~3.7-4.0). */
const RANDOM_TOKEN_ENTROPY = 3.0;
/** Length and entropy from which the digits of a list of numbers count as an encoded random value. */
const MIN_DIGIT_RUN = 24;
const DIGIT_RUN_ENTROPY = 2.5;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_DATE = /\d{4}-\d{2}-\d{2}T[0-9:.]+Z?/g;

/** True when `text`, with the known-safe values removed, still holds a random-looking token. */
function holdsRandomToken(text: string, safe: readonly string[]): boolean {
  if (text.startsWith(KEY_MARK)) return matchSecretShape(text.slice(KEY_MARK.length)) !== undefined;
  let rest = text;
  for (const s of [...safe].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(" ");
  rest = rest.replace(UUID, " ").replace(ISO_DATE, " ");
  const tokens = rest.split(/[^A-Za-z0-9+/=_-]+/);
  // A list of numbers (character codes, bytes): the digits together (digits carry at most 3.3 bits/char).
  if (/^[\d\s,;:.-]+$/.test(rest)) {
    const digits = rest.replace(/\D/g, "");
    if (digits.length >= MIN_DIGIT_RUN && shannonEntropy(digits) >= DIGIT_RUN_ENTROPY) return true;
  }
  for (const token of tokens) {
    if (token.length >= MIN_RANDOM_TOKEN && shannonEntropy(token) >= RANDOM_TOKEN_ENTROPY) return true;
  }
  return false;
}

interface Taint {
  source: string;
  chain: string[];
  secrets: string[];
  /** Known-safe values of the source (for derived resources: see `safeValuesFor`). */
  safe: string[];
  /** URNs of the resources the tainted property was computed from. */
  upstream: string[];
}

/**
 * Every derived value that may carry an exposed client secret:
 * - a resource property whose `propertyDependencies` reach a taint source (directly or through resources
 *   that are themselves derived), except the exempt `clientId` edge of our own resources: reported when
 *   unknown during preview, when it carries a known secret, or when it holds a random-looking token that
 *   is not a known non-secret output of the resources on the chain;
 * - a stack output, when a taint source exists: the engine records no dependencies for stack outputs, so
 *   an unknown stack output (not in `allowedStackOutputs`) is reported, and a known one when it carries a
 *   known secret.
 */
export function findTaint(nodes: readonly TaintNode[], options: TaintOptions = {}): TaintFinding[] {
  const detection = options.detection;
  const carries = (text: string, secrets: readonly string[]): boolean =>
    builtinCarries(text, secrets) || (options.carriesSecret !== undefined && secrets.length > 0 && options.carriesSecret(text, secrets));
  const byUrn = new Map(nodes.map((n) => [n.urn, n]));
  const allowedProps = new Set(options.allowedProperties ?? []);
  const tainted = new Map<string, Taint>();
  for (const n of nodes) {
    if (taintSourceReason(n, detection) !== undefined) {
      tainted.set(n.urn, { source: n.urn, chain: [n.name], secrets: secretsOf(n, detection), safe: safeValuesOf(n, detection), upstream: [] });
    }
  }
  if (tainted.size === 0) return [];

  // Properties of non-source resources reached by a tainted resource, to a fixed point (chains of any length).
  const taintedProps = new Map<string, Map<string, Taint>>();
  for (let changed = true, rounds = 0; changed && rounds <= nodes.length; rounds++) {
    changed = false;
    for (const n of nodes) {
      if (n.type === STACK_TYPE && !n.parent) continue;
      const own = tainted.get(n.urn);
      if (own?.source === n.urn) continue; // a source's own outputs are the opted-in exception
      for (const [key, urns] of Object.entries(n.propertyDependencies)) {
        if (isExemptEdge(n, key) || allowedProps.has(`${n.name}.${key}`) || allowedProps.has(`*.${key}`)) continue;
        const via = urns.map((u) => tainted.get(u)).find((t): t is Taint => t !== undefined);
        if (!via) continue;
        const props = taintedProps.get(n.urn) ?? new Map<string, Taint>();
        if (props.has(key)) continue;
        const t: Taint = { source: via.source, chain: [...via.chain, n.name], secrets: via.secrets, safe: via.safe, upstream: [...urns] };
        props.set(key, t);
        taintedProps.set(n.urn, props);
        if (!tainted.has(n.urn)) tainted.set(n.urn, t);
        changed = true;
      }
    }
  }

  /**
   * Known-safe values for a derived property: the source's non-secret outputs, and those of the resources
   * it was computed from — except their own derived properties (an intermediate resource's copy of the
   * secret is not a safe value).
   */
  const safeValuesFor = (t: Taint): string[] => [
    ...t.safe,
    ...t.upstream.flatMap((u) => {
      const node = byUrn.get(u);
      if (!node) return [];
      const own = tainted.get(u);
      if (own?.source === u) return []; // a source: already in t.safe
      return safeValuesOf(node, detection, new Set(taintedProps.get(u)?.keys() ?? []));
    }),
  ];
  const out: TaintFinding[] = [];
  const chainText = (t: Taint): string => t.chain.map((c) => `'${c}'`).join(" → ");
  for (const [urn, props] of taintedProps) {
    const n = byUrn.get(urn);
    if (!n) continue;
    const r = record(n.props) ?? {};
    for (const [key, t] of props) {
      const value = r[key];
      if (value === undefined || value === null) continue;
      const base = { urn, type: n.type, name: n.name, chain: t.chain };
      const unknownAt = firstUnknownPath(value, key);
      if (unknownAt !== undefined) {
        out.push({
          ...base,
          path: unknownAt,
          reason: "unknown",
          evidence: `value derived from an exposed client secret (${chainText(t)}) is unknown during preview`,
        });
        continue;
      }
      const texts = textsOf(value);
      if (texts.some((text) => carries(text, t.secrets))) {
        out.push({
          ...base,
          path: key,
          reason: "carries-secret",
          evidence: `value derived from an exposed client secret (${chainText(t)}) carries the secret`,
        });
      } else if (texts.some((text) => holdsRandomToken(text, safeValuesFor(t)))) {
        out.push({
          ...base,
          path: key,
          reason: "high-entropy",
          evidence: `value derived from an exposed client secret (${chainText(t)}) holds a random-looking token that is not a known non-secret output`,
        });
      }
    }
  }

  // Stack outputs: the engine records no dependencies for them (RegisterResourceOutputs carries none).
  const allowed = new Set((options.allowedStackOutputs ?? []).map(normalizeKey));
  const sources = [...tainted.values()].filter((t) => t.chain.length === 1);
  const allSecrets = sources.flatMap((t) => t.secrets);
  const sourceNames = sources.map((t) => `'${t.chain[0]}'`).join(", ");
  for (const n of nodes) {
    if (n.type !== STACK_TYPE || n.parent) continue;
    const r = record(n.props) ?? {};
    for (const [key, value] of Object.entries(r)) {
      if (allowed.has(normalizeKey(key)) || value === undefined || value === null) continue;
      const unknownAt = firstUnknownPath(value, key);
      if (
        unknownAt !== undefined &&
        stackOutputMayBeDerived(n, key, tainted) &&
        (options.strictUnknownStackOutputs === true || !namedLikeNonSecretOutput(key))
      ) {
        out.push({
          urn: n.urn,
          type: n.type,
          name: n.name,
          path: unknownAt,
          reason: "unknown-stack-output",
          chain: [n.name],
          evidence: `stack output is unknown during preview while ${sourceNames} exposes a client secret (stack outputs carry no dependency information, so it may be derived from the secret)`,
        });
      } else if (unknownAt === undefined && textsOf(value).some((text) => carries(text, allSecrets))) {
        out.push({
          urn: n.urn,
          type: n.type,
          name: n.name,
          path: key,
          reason: "carries-secret",
          chain: [n.name],
          evidence: `stack output carries a client secret exposed by ${sourceNames}`,
        });
      }
    }
  }
  // Pieces of the secret in two stack outputs (split in halves): each pair of string outputs, both orders.
  for (const n of nodes) {
    if (n.type !== STACK_TYPE || n.parent || allSecrets.length === 0) continue;
    const strings = Object.entries(record(n.props) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string" && !allowed.has(normalizeKey(e[0])));
    const reported = new Set(out.filter((f) => f.urn === n.urn).map((f) => f.path));
    for (let i = 0; i < strings.length; i++) {
      for (let j = 0; j < strings.length; j++) {
        const [ka, va] = strings[i];
        const [kb, vb] = strings[j];
        if (i === j || reported.has(ka) || reported.has(kb) || !builtinCarries(va + vb, allSecrets)) continue;
        for (const key of [ka, kb]) {
          reported.add(key);
          out.push({
            urn: n.urn,
            type: n.type,
            name: n.name,
            path: key,
            reason: "carries-secret",
            chain: [n.name],
            evidence: `stack output holds part of a client secret exposed by ${sourceNames}, the rest is in another stack output`,
          });
        }
      }
    }
  }
  // The secret in a resource's name (its URN): a resource created inside an apply of the secret. Reported
  // on the root stack: a violation on the resource itself would print its name.
  const stackUrn = nodes.find((n) => n.type === STACK_TYPE && !n.parent)?.urn ?? "";
  for (const n of nodes) {
    if (allSecrets.length > 0 && builtinCarries(n.name, allSecrets)) {
      out.push({
        urn: stackUrn,
        type: n.type,
        name: HIDDEN_NAME,
        path: "(name)",
        reason: "carries-secret",
        chain: [],
        evidence: `a resource's name (its URN, in state and every log) carries a client secret exposed by ${sourceNames}`,
      });
    }
  }
  return allSecrets.length === 0 ? out : out.map((f) => hideSecretNames(f, allSecrets, stackUrn));
}

/** How a resource whose name carries a secret is named in findings. */
const HIDDEN_NAME = "(a resource named after the secret)";

/** A finding that never names a resource whose name carries a secret (not in its URN, name or chain). */
function hideSecretNames(f: TaintFinding, secrets: readonly string[], stackUrn: string): TaintFinding {
  const hide = (name: string): string => (builtinCarries(name, secrets) ? HIDDEN_NAME : name);
  const chain = f.chain.map(hide);
  const name = hide(f.name);
  const urn = builtinCarries(f.urn, secrets) ? stackUrn : f.urn;
  if (name === f.name && urn === f.urn && chain.every((c, i) => c === f.chain[i])) return f;
  const evidence = f.chain.reduce((text, c, i) => (chain[i] === c ? text : text.split(`'${c}'`).join(`'${chain[i]}'`)), f.evidence);
  return { ...f, urn, name, chain, evidence };
}

/**
 * Whether a stack output may be derived from a tainted resource: by its recorded dependencies when the
 * engine sent any for it (none does today: RegisterResourceOutputs carries no dependencies), else yes.
 */
function stackOutputMayBeDerived(stack: TaintNode, key: string, tainted: ReadonlyMap<string, Taint>): boolean {
  const deps = stack.propertyDependencies[key];
  if (deps === undefined || (deps.length === 0 && Object.keys(stack.propertyDependencies).length === 0)) return true;
  return deps.some((u) => tainted.has(u));
}
