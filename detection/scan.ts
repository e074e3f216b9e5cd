/**
 * Detection: walks properties and applies the rules of `rules.ts`. Never stores or returns a value,
 * only paths and descriptions (see `report.ts` for printing).
 */
import {
  BRIDGED_OAUTH_CLIENT_TYPE,
  OWN_CONFIG_NAMESPACE,
  RULE_IDS,
  RULES,
  SCRIPT_KEYS,
  SCRIPT_SECRET_REFERENCE,
  SCRIPT_SINK,
  SECRET_FILE_REDIRECTION,
  isFingerprintKey,
  isIgnoredKey,
  isShapeExempt,
  isNonSecretPlaceholder,
  isSecretKey,
  isSecretLikeName,
  normalizeKey,
  resolveOptions,
} from "./rules";
import { describeShape, describeShapedToken, findEncodedWholeValue, findShapedTokens, isExemptFormat, matchSecretShape } from "./shape";
import { partMarkerOf } from "./shape-rules";
import { scanKey, safeKeySegment } from "./keys";
import { scanResourceIdentity } from "./identity";
import type { Detection, DetectionKind, DetectionOptions, ResourceView, ScanContext, ScanLocation, StackDetection } from "./types";
import { asSecretEnvelope, decodeEnvelopePlaintext, isUnknown, joinIndex, joinKey } from "./values";

/** Shortest value the cross-reference rule looks for (shorter values match too much). */
const MIN_CROSS_REFERENCE_LENGTH = 8;

/** State of one walk. */
interface Walk {
  ctx: ScanContext;
  opts: Required<DetectionOptions>;
  location: ScanLocation;
  out: Detection[];
  /** When given, values under secret-bearing keys are collected here (for cross-references). */
  collect?: Set<string>;
}

/** Where the walker is. */
interface Position {
  path: string;
  /** The nearest property name. */
  key: string | undefined;
  /** The top-level property name. */
  topKey: string | undefined;
  /** Name of the nearest secret-bearing ancestor (or the key itself). */
  secretKey: string | undefined;
  /** Inside a decrypted secret envelope (`plaintext`). */
  inEnvelope: boolean;
  /** Inside a script-holding property. */
  inScript: boolean;
}

function push(w: Walk, ruleId: string, path: string, evidence: string, kind?: DetectionKind): void {
  const rule = RULES[ruleId];
  w.out.push({ ruleId, severity: rule.severity, path, evidence, kind: kind ?? rule.kind });
}

function keyPhrase(pos: Position): string {
  return pos.key === undefined ? "at the top level" : `under key '${pos.key}'`;
}

/** True when the engine encrypts the value at this position (`additionalSecretOutputs`). */
function isEngineEncrypted(w: Walk, pos: Position): boolean {
  return pos.topKey !== undefined && (w.ctx.secretOutputs ?? []).includes(pos.topKey);
}

function scanString(w: Walk, value: string, pos: Position): void {
  // 1. A secret-bearing key holding a readable value.
  if (pos.secretKey !== undefined && !isNonSecretPlaceholder(value)) {
    w.collect?.add(value);
    if (isEngineEncrypted(w, pos) && !pos.inEnvelope) {
      if (!w.opts.allowEncryptedOutputs) {
        push(
          w,
          RULE_IDS.secretKeyEncrypted,
          pos.path,
          `${value.length}-char value under secret-bearing key '${pos.secretKey}' (encrypted in state via additionalSecretOutputs)`,
        );
      }
      return;
    }
    const origin = pos.inEnvelope ? " (decrypted secret envelope)" : "";
    push(w, RULE_IDS.secretKeyPlaintext, pos.path, `${value.length}-char readable value under secret-bearing key '${pos.secretKey}'${origin}`);
    return;
  }
  if (pos.key !== undefined && isIgnoredKey(pos.key, w.opts)) {
    // A fingerprint name (`digest`, `hash`) holds a digest, not judged by shape; a hex/base64 of a secret there still decodes to one.
    const encoded = isFingerprintKey(normalizeKey(pos.key)) ? findEncodedWholeValue(value, w.opts, pos.key) : undefined;
    if (encoded) push(w, RULE_IDS.secretInText, pos.path, `value ${keyPhrase(pos)} is a ${describeShapedToken(encoded)}`);
    return;
  }
  // 2. Equal to (or containing) a value a secret-bearing property holds elsewhere.
  const known = w.ctx.knownSecrets;
  if (known && known.size > 0 && value.length >= MIN_CROSS_REFERENCE_LENGTH) {
    if (known.has(value)) {
      push(
        w,
        RULE_IDS.crossReference,
        pos.path,
        `${value.length}-char value ${keyPhrase(pos)} equals a value held by a secret-bearing property elsewhere in the stack`,
      );
      return;
    }
    for (const secret of known) {
      if (secret.length >= MIN_CROSS_REFERENCE_LENGTH && value.includes(secret)) {
        push(
          w,
          RULE_IDS.crossReference,
          pos.path,
          `${value.length}-char text ${keyPhrase(pos)} contains a value held by a secret-bearing property elsewhere in the stack`,
        );
        return;
      }
    }
  }
  if (isShapeExempt(w.ctx.resourceType, pos.topKey)) return;
  // A PEM block, a JWT, a store reference, an ARN, ... (shape-rules.ts); a JWT's own claims are still judged (step 4).
  if (isExemptFormat(value) && !value.includes("eyJ")) return;
  // 3. The whole value is shaped like a secret.
  const shape = matchSecretShape(value, w.opts, { credential: pos.key !== undefined && isSecretLikeName(pos.key, w.opts), key: pos.key });
  if (shape) {
    if (isEngineEncrypted(w, pos)) {
      if (!w.opts.allowEncryptedOutputs)
        push(w, RULE_IDS.secretShape, pos.path, `${describeShape(shape)} ${keyPhrase(pos)} (encrypted in state via additionalSecretOutputs)`, "encrypted");
    } else {
      push(w, RULE_IDS.secretShape, pos.path, `${describeShape(shape)} ${keyPhrase(pos)}`);
    }
    return;
  }
  // 4. Texts (URLs, query strings, headers, JSON, encoded blobs): secret-shaped tokens; scripts: references to secrets written or echoed.
  const tokens = findShapedTokens(value, w.opts, pos.key);
  if (tokens.length > 0) {
    const first = tokens[0];
    const more = tokens.length > 1 ? ` and ${tokens.length - 1} more` : "";
    push(w, RULE_IDS.secretInText, pos.path, `text ${keyPhrase(pos)} contains a ${describeShapedToken(first)}${more}`);
    return;
  }
  const isText = /\s/.test(value) || pos.inScript;
  if (!isText) return;
  const reference = SCRIPT_SECRET_REFERENCE.test(value);
  const toSecretFile = SECRET_FILE_REDIRECTION.test(value) && /\$|`|%[A-Za-z_]/.test(value);
  if ((reference && SCRIPT_SINK.test(value)) || toSecretFile) {
    const how = toSecretFile ? "redirects it into a file named like a secrets file" : "echoes it or writes it to a file";
    push(w, RULE_IDS.secretReferenceInScript, pos.path, `script ${keyPhrase(pos)} references a secret and ${how}`);
  }
}

/** Judges a value put together from parts (`how` says from what), as a string at `pos`; the evidence says how it was joined. */
function scanJoined(w: Walk, joined: string, pos: Position, how: string): void {
  const before = w.out.length;
  scanString(w, joined, pos);
  for (let i = before; i < w.out.length; i++) w.out[i] = { ...w.out[i], evidence: `${w.out[i].evidence} (${how})` };
}

/** Cheap test before {@link partMarkerOf}: the name ends in a digit, an upper-case letter, or a letter after a separator. */
function mayBePartKey(key: string): boolean {
  const last = key.charCodeAt(key.length - 1);
  if ((last >= 48 && last <= 57) || (last >= 65 && last <= 90)) return true;
  const before = key.charCodeAt(key.length - 2);
  return before === 45 || before === 95 || before === 46;
}

/**
 * Sibling properties holding the parts of one value (`partA`/`partB`, `secret_1`/`secret_2`): string values
 * of the secret alphabet under consecutive part markers (shape-rules.ts `partMarkerOf`), joined in order and
 * judged when the joined length is a secret's.
 */
function scanSiblingParts(w: Walk, record: Record<string, unknown>, pos: Position): void {
  let groups: Map<string, { key: string; index: number; value: string }[]> | undefined;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v !== "string" || v.length < 2 || v.length > w.opts.maxLength || !mayBePartKey(key) || !/^[A-Za-z0-9_-]+$/.test(v)) continue;
    const marker = partMarkerOf(key);
    if (!marker) continue;
    groups ??= new Map();
    let group = groups.get(marker.group);
    if (!group) groups.set(marker.group, (group = []));
    group.push({ key, index: marker.index, value: v });
  }
  if (!groups) return;
  for (const parts of groups.values()) {
    if (parts.length < 2) continue;
    parts.sort((a, b) => a.index - b.index);
    if (parts[0].index > 1 || parts.some((p, i) => i > 0 && p.index !== parts[i - 1].index + 1)) continue; // gaps: not parts of one value
    const joined = parts.map((p) => p.value).join("");
    if (joined.length < w.opts.minLength || joined.length > w.opts.maxLength) continue;
    const first = parts[0].key;
    const names = parts.map((p) => `'${safeKeySegment(p.key, w.opts)}'`).join(", ");
    scanJoined(
      w,
      joined,
      { ...pos, path: joinKey(pos.path, safeKeySegment(first, w.opts)), key: first, topKey: pos.topKey ?? first },
      `joined from sibling parts ${names}`,
    );
  }
}

function walk(w: Walk, value: unknown, pos: Position): void {
  if (value === null || value === undefined) return;
  if (isUnknown(value)) {
    if (pos.secretKey !== undefined) {
      push(w, RULE_IDS.secretKeyUnknown, pos.path, `secret-bearing key '${pos.secretKey}' receives a value unknown during preview`);
    } else if (w.location === "stack-outputs" && pos.topKey !== undefined && pos.key !== undefined && isSecretLikeName(pos.key, w.opts)) {
      push(w, RULE_IDS.secretNameOutput, pos.path, `stack output ${keyPhrase(pos)} is named like a secret (value unknown during preview)`);
    }
    return;
  }
  if (typeof value === "string") {
    scanString(w, value, pos);
    return;
  }
  if (typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(w, item, { ...pos, path: joinIndex(pos.path, i) }));
    // `[...secret]`: single characters are judged joined.
    if (value.length >= w.opts.minLength && value.length <= w.opts.maxLength && value.every((c) => typeof c === "string" && c.length === 1)) {
      scanJoined(w, (value as string[]).join(""), pos, "joined from an array of single characters");
    }
    return;
  }
  const envelope = asSecretEnvelope(value);
  if (envelope) {
    if (envelope.plaintext !== undefined) {
      walk(w, decodeEnvelopePlaintext(envelope.plaintext), { ...pos, inEnvelope: true });
      return;
    }
    if (w.opts.allowEncryptedOutputs) return;
    if (w.location === "config" && pos.topKey?.startsWith(`${OWN_CONFIG_NAMESPACE}:`)) return; // the documented `config set --secret` route
    if (pos.secretKey !== undefined) {
      push(w, RULE_IDS.secretKeyEncrypted, pos.path, `encrypted secret present under secret-bearing key '${pos.secretKey}'`);
    } else if (w.location === "stack-outputs" || w.location === "config") {
      const where = w.location === "config" ? "config value" : "stack output";
      push(w, RULE_IDS.encryptedEnvelope, pos.path, `encrypted secret present in ${where} ${keyPhrase(pos)}`);
    }
    return;
  }
  for (const key of Object.keys(value)) {
    if (key.startsWith("__")) continue; // engine internals (__provider is scanned separately by the audit)
    const child = (value as Record<string, unknown>)[key];
    const secretKey = pos.secretKey ?? (isSecretKey(key, w.opts) ? key : undefined);
    const keyFinding = scanKey(key, pos.path, w.opts);
    if (keyFinding) w.out.push(keyFinding);
    walk(w, child, {
      path: joinKey(pos.path, safeKeySegment(key, w.opts)),
      key,
      topKey: pos.topKey ?? key,
      secretKey,
      inEnvelope: pos.inEnvelope,
      inScript: pos.inScript || SCRIPT_KEYS.has(normalizeKey(key)),
    });
  }
  scanSiblingParts(w, value as Record<string, unknown>, pos);
  // Stack outputs named like a credential container (`credentials: {...}`) fail by name too.
  if (w.location === "stack-outputs" && pos.key === undefined) {
    for (const key of Object.keys(value)) {
      if (key.startsWith("__")) continue;
      const child = (value as Record<string, unknown>)[key];
      const alreadyReported = w.out.some(
        (d) => d.path === joinKey(pos.path, key) || d.path.startsWith(joinKey(pos.path, key) + ".") || d.path.startsWith(joinKey(pos.path, key) + "["),
      );
      const reference = typeof child === "string" && isExemptFormat(child) && !child.includes("@"); // `secretStore: "vault://..."`, an ARN
      if (
        !alreadyReported &&
        !reference &&
        isSecretLikeName(key, w.opts) &&
        child !== null &&
        child !== undefined &&
        child !== "" &&
        !(typeof child === "boolean")
      ) {
        push(w, RULE_IDS.secretNameOutput, joinKey(pos.path, key), `stack output '${key}' is named like a secret or credential container`);
      }
    }
  }
}

/** Settings of Terraform-bridged Genesys resources that put the secret in state or on disk. */
function scanBridgedSettings(w: Walk, props: unknown): void {
  const type = w.ctx.resourceType ?? "";
  if (!BRIDGED_OAUTH_CLIENT_TYPE.test(type) || typeof props !== "object" || props === null) return;
  const record = props as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const norm = normalizeKey(key);
    const value = record[key];
    const path = joinKey(w.ctx.basePath ?? "", key);
    if (norm === "exposeclientsecret" && (value === true || isUnknown(value))) {
      push(w, RULE_IDS.exposedSecretSetting, path, `'${key}' stores the client secret in state`);
    }
    if (norm === "directoryclientsecret" && (isUnknown(value) || (typeof value === "string" && value !== ""))) {
      push(w, RULE_IDS.exposedSecretSetting, path, `'${key}' writes the client secret in plain text to a directory`);
    }
  }
}

function runWalk(props: unknown, ctx: ScanContext, collect?: Set<string>): Detection[] {
  const w: Walk = { ctx, opts: resolveOptions(ctx.options), location: ctx.location ?? "unknown", out: [], collect };
  scanBridgedSettings(w, props);
  walk(w, props, { path: ctx.basePath ?? "", key: undefined, topKey: undefined, secretKey: undefined, inEnvelope: false, inScript: false });
  return dedupe(w.out);
}

function dedupe(detections: Detection[]): Detection[] {
  const seen = new Set<string>();
  return detections.filter((d) => {
    const k = `${d.ruleId}\u0000${d.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Scans one property bag (resource inputs or outputs, stack outputs, config) and returns every detection.
 * Values unknown during preview must be given as `UNKNOWN` (see `values.ts`). Never throws on odd input.
 */
export function scanProperties(props: unknown, context: ScanContext = {}): Detection[] {
  return runWalk(props, context);
}

/** Values held by secret-bearing properties in `props` (for {@link ScanContext.knownSecrets}). Never printed. */
export function collectSecretValues(props: unknown, options?: DetectionOptions, into = new Set<string>()): Set<string> {
  runWalk(props, { options }, into);
  return into;
}

/** True for the root stack resource, whose outputs are the stack outputs. */
export function isRootStack(resource: Pick<ResourceView, "type" | "parent">): boolean {
  return resource.type === "pulumi:pulumi:Stack" && !resource.parent;
}

/** True for a default or explicit provider resource of dynamic providers (its inputs are the stack config). */
export function isNodejsProvider(resource: Pick<ResourceView, "type">): boolean {
  return resource.type === "pulumi:providers:pulumi-nodejs";
}

/**
 * Scans a whole stack: every resource's inputs and outputs, stack outputs (`pulumi:pulumi:Stack`) and
 * config (the `pulumi-nodejs` provider's inputs), plus the cross-reference rule: a value anywhere equal to
 * what a secret-bearing property holds elsewhere.
 */
export function scanStack(resources: readonly ResourceView[], options?: DetectionOptions): StackDetection[] {
  const known = new Set<string>();
  for (const r of resources) {
    collectSecretValues(r.inputs, options, known);
    collectSecretValues(r.outputs, options, known);
  }
  const out: StackDetection[] = [];
  for (const r of resources) {
    for (const d of scanResourceIdentity(r, options)) out.push({ ...d, urn: r.urn, resourceType: r.type });
    const parts: [unknown, string, ScanLocation][] = [
      [r.inputs, "inputs", isNodejsProvider(r) ? "config" : "inputs"],
      [r.outputs, "outputs", isRootStack(r) ? "stack-outputs" : isNodejsProvider(r) ? "config" : "outputs"],
    ];
    for (const [props, basePath, location] of parts) {
      if (props === undefined) continue;
      const detections = scanProperties(props, { location, basePath, resourceType: r.type, secretOutputs: r.secretOutputs, knownSecrets: known, options });
      for (const d of detections) out.push({ ...d, urn: r.urn, resourceType: r.type });
    }
  }
  return out;
}
