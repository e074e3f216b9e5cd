/**
 * Applies known-secret matching (`known-secrets.ts`) to every string a resource holds: values at any
 * depth (an explicit stack, no recursion limit), property names, the URN, id, type, parent, provider,
 * dependencies, property dependencies, aliases, asset/archive fields, `--show-secrets` envelope plaintexts
 * (decoded too), and the concatenation of string arrays (a secret spread into a char array or split).
 *
 * Paths in detections have every matched span replaced by `<redacted>`: a secret used as a property name
 * is never printed. The one exception that is not a leak: the known secret in the opted-in `clientSecret`
 * output of this project's OAuthClient/SecretRotation, listed in additionalSecretOutputs (engine-encrypted).
 */
import { isOptedInSecretOutput } from "./dynamic-outputs";
import { describeKnownMatch, type KnownSecretMatch, type KnownSecretMatcher } from "./known-secrets";
import { RULES, RULE_IDS } from "./rules";
import { isOAuthClientType, SECRET_ROTATION_TYPE } from "../domain/resource-types";
import type { Detection } from "./types";
import { asSecretEnvelope, joinIndex, joinKey } from "./values";

/** The resource a scanned value belongs to, for the opt-in exception. */
export interface KnownScanResource {
  /** The resource's type token. */
  type: string;
  /** Top-level output keys the engine encrypts (`additionalSecretOutputs`). */
  secretOutputs?: readonly string[];
  /** Inputs, to recognise our resources under the generic dynamic type. */
  inputs?: unknown;
  /** Outputs, likewise. */
  outputs?: unknown;
}

/** Options of {@link scanKnownSecrets}. */
export interface KnownScanOptions {
  /** Path of `root` (`""` for a whole resource record, `config` for checkpoint config). */
  basePath?: string;
  /** The resource `root` is (a record with `outputs` at top level), for the opt-in exception. */
  resource?: KnownScanResource;
  /**
   * True (exported state): the opted-in output is exempt only when it is a secret envelope, i.e. the engine
   * encrypted it. False (policy props, which arrive decrypted): listing in additionalSecretOutputs suffices.
   */
  optInNeedsEnvelope?: boolean;
}

/**
 * True when `key` of `resource`'s outputs is the documented opt-in secret output: `clientSecret` of our
 * OAuthClient or SecretRotation, listed in additionalSecretOutputs (so the engine encrypts it).
 */
export function isOptedInOwnSecretOutput(resource: KnownScanResource, key: string): boolean {
  if (!isOAuthClientType(resource.type) && resource.type !== SECRET_ROTATION_TYPE) return false;
  return isOptedInSecretOutput(resource, key);
}

interface Entry {
  value: unknown;
  path: string;
  depth: number;
  /** First path segment below the root (`outputs`, `inputs`, ...). */
  top: string | undefined;
}

/**
 * Every known secret found in `root` and below, one detection per (path, secret) with the encoding and the
 * store reference as evidence. Never throws on odd input; never returns a value.
 */
export function scanKnownSecrets(root: unknown, matcher: KnownSecretMatcher, options: KnownScanOptions = {}): Detection[] {
  if (matcher.empty) return [];
  const rule = RULES[RULE_IDS.knownSecret];
  const out: Detection[] = [];
  const seen = new Set<string>();
  const report = (matches: readonly KnownSecretMatch[], path: string, where: string): void => {
    for (const m of matches) {
      const key = `${path}\u0000${m.source}\u0000${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ruleId: rule.id, severity: rule.severity, path, evidence: `${describeKnownMatch(m)}${where}`, kind: rule.kind });
    }
  };
  const stack: Entry[] = [{ value: root, path: options.basePath ?? "", depth: 0, top: undefined }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { value, path, depth, top } = entry;
    if (value === null || value === undefined) continue;
    if (typeof value === "string") {
      report(matcher.match(value), path, "");
      continue;
    }
    if (typeof value !== "object") continue;
    const envelope = asSecretEnvelope(value);
    if (envelope) {
      if (depth === 2 && top === "outputs" && options.resource && isOptedInOwnSecretOutput(options.resource, path.slice(path.lastIndexOf(".") + 1))) continue;
      if (envelope.plaintext === undefined) continue;
      let decoded: unknown = envelope.plaintext;
      try {
        decoded = JSON.parse(envelope.plaintext);
      } catch {
        // not JSON: the plaintext itself
      }
      if (decoded !== null && typeof decoded === "object") stack.push({ value: decoded, path, depth: depth + 1, top });
      else report(matcher.match(typeof decoded === "string" ? decoded : envelope.plaintext), path, " (in a secret's plaintext)");
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length >= 2 && value.every((v) => typeof v === "string")) {
        // Strings only: each element, then the concatenation for the secrets no single element showed.
        const strings = value;
        const shown = new Set<string>();
        strings.forEach((text, i) => {
          const matches = matcher.match(text);
          for (const m of matches) if (m.subject !== "fragment") shown.add(m.source);
          report(matches, joinIndex(path, i), "");
        });
        report(
          matcher.match(strings.join("")).filter((m) => !shown.has(m.source)),
          `${path}[*]`,
          " (in the concatenated elements of an array)",
        );
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: joinIndex(path, i), depth: depth + 1, top: depth === 0 ? String(i) : top });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = (value as Record<string, unknown>)[key];
      const { matches, redacted } = matcher.matchAndRedact(key);
      const childPath = joinKey(path, redacted);
      if (matches.length > 0) report(matches, childPath, " (in a property name)");
      if (
        depth === 1 &&
        top === "outputs" &&
        !options.optInNeedsEnvelope &&
        options.resource &&
        isOptedInOwnSecretOutput(options.resource, key) &&
        typeof child === "string"
      )
        continue;
      stack.push({ value: child, path: childPath, depth: depth + 1, top: depth === 0 ? key : top });
    }
  }
  return out;
}
