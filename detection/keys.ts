/**
 * Property names as values: a program that used a secret as a map key (a tag name, an env var name, a
 * lookup table) leaks it in state as surely as a value. Keys are judged by the shape rules, and a key that
 * is (or contains) a secret-shaped token is printed as {@link REDACTED_KEY} in every path.
 */
import { RULE_IDS, RULES } from "./rules";
import { describeShape, describeShapedToken, findShapedTokens, matchSecretShape } from "./shape";
import { namePrefixRests } from "./shape-rules";
import type { Detection, DetectionOptions } from "./types";
import { joinKey } from "./values";

/** What a secret-shaped key is printed as in paths and messages. */
export const REDACTED_KEY = "<redacted key>";

/** Verdicts per options signature and key (keys repeat across resources); bounded. */
const caches = new Map<string, Map<string, string | false>>();
const CACHE_LIMIT = 10_000;
/** The signature of an options object (what changes a verdict), computed once per object. */
const signatures = new WeakMap<object, string>();

function cacheFor(opts: DetectionOptions): Map<string, string | false> {
  let sig = signatures.get(opts);
  if (sig === undefined) signatures.set(opts, (sig = `${opts.entropyThreshold}|${opts.minLength}|${opts.maxLength}|${(opts.lengths ?? []).join(",")}`));
  let cache = caches.get(sig);
  if (!cache) caches.set(sig, (cache = new Map<string, string | false>()));
  return cache;
}

/** Evidence for a secret-shaped key, or false. The cache key includes the options that change the verdict. */
function judge(key: string, opts: DetectionOptions): string | false {
  // Shorter than the shortest secret: nothing to find, verbatim or encoded (the common case, no cache needed).
  if (key.length < (opts.minLength ?? 16) || key.length < 8) return false;
  const cache = cacheFor(opts);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let verdict: string | false = false;
  {
    const whole = matchSecretShape(key, opts);
    if (whole) verdict = `property name is a ${describeShape(whole)}`;
    else {
      const tokens = findShapedTokens(key, opts);
      if (tokens.length > 0) verdict = `property name contains a ${describeShapedToken(tokens[0])}`;
      // `cache-<secret>`: a name is chosen by a person, so a random rest after a word prefix is a value glued to it.
      for (const rest of verdict === false ? namePrefixRests(key) : []) {
        const m = matchSecretShape(rest, opts, { credential: false, fragment: true });
        if (m) {
          verdict = `property name contains a ${describeShape(m)} after a word prefix`;
          break;
        }
      }
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/** The path segment to print for `key`: the key itself, or {@link REDACTED_KEY} when it is secret-shaped. */
export function safeKeySegment(key: string, opts: DetectionOptions): string {
  return judge(key, opts) === false ? key : REDACTED_KEY;
}

/** A detection for a secret-shaped key under `parentPath`, or undefined. Never contains the key. */
export function scanKey(key: string, parentPath: string, opts: DetectionOptions): Detection | undefined {
  const verdict = judge(key, opts);
  if (verdict === false) return undefined;
  const rule = RULES[RULE_IDS.secretShape];
  return { ruleId: rule.id, severity: rule.severity, path: joinKey(parentPath, REDACTED_KEY), evidence: verdict, kind: rule.kind };
}
