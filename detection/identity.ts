/**
 * A resource's identity as a value: its URN (the logical name a program chose — possibly a secret, e.g.
 * `new Command(secret, ...)`) and its provider id. Judged by the shape rules; findings carry the path
 * `(urn)` or `id` and never the value. Callers print URNs masked (see the audit's masking).
 */
import { RULE_IDS, RULES, isShapeExempt } from "./rules";
import { describeShape, describeShapedToken, findShapedTokens, maskShapedToken, matchSecretShape } from "./shape";
import { safeKeySegment } from "./keys";
import { namePrefixRests } from "./shape-rules";
import type { Detection, DetectionOptions, ResourceView } from "./types";
import { joinIndex, joinKey } from "./values";

/** Path given to a finding in the URN. */
export const URN_PATH = "(urn)";

/** What a secret-shaped URN token is printed as. */
export const MASKED_URN_TOKEN = "<masked>";

/** The URN with every token shaped like a secret masked (as the audit prints URNs and fingerprints hash them). */
export function maskUrn(urn: string, options?: DetectionOptions): string {
  return urn.replace(/[A-Za-z0-9_-]{8,}/g, (token) => maskShapedToken(token, MASKED_URN_TOKEN, options));
}

function judge(value: string, what: string, path: string, options: DetectionOptions | undefined, key: string, name = true): Detection | undefined {
  const whole = matchSecretShape(value, options, { credential: false, key });
  if (whole) {
    const rule = RULES[RULE_IDS.secretShape];
    return { ruleId: rule.id, severity: rule.severity, path, evidence: `${what} is a ${describeShape(whole)}`, kind: rule.kind };
  }
  const rule = RULES[RULE_IDS.secretInText];
  const tokens = findShapedTokens(value, options, key);
  if (tokens.length > 0)
    return { ruleId: rule.id, severity: rule.severity, path, evidence: `${what} contains a ${describeShapedToken(tokens[0])}`, kind: rule.kind };
  // `param-<secret>`: a name is chosen by a person, so a random rest after a word prefix is a value glued to it.
  for (const rest of name ? namePrefixRests(value) : []) {
    const m = matchSecretShape(rest, options, { credential: false, key, fragment: true });
    if (m) return { ruleId: rule.id, severity: rule.severity, path, evidence: `${what} contains a ${describeShape(m)} after a word prefix`, kind: rule.kind };
  }
  return undefined;
}

/** The resource name of a URN (`urn:pulumi:stack::project::type::name`), or undefined for another text. */
function urnName(urn: string, withId: boolean): string | undefined {
  if (!urn.startsWith("urn:pulumi:")) return undefined;
  const parts = urn.split("::");
  const name = parts.slice(3, withId ? -1 : undefined).join("::");
  return parts.length >= (withId ? 5 : 4) && name !== "" ? name : undefined;
}

/** Findings in the resource name of the URN and in the provider id (exempt types, e.g. `random:*`, excepted). */
export function scanResourceIdentity(resource: Pick<ResourceView, "urn" | "type" | "id">, options?: DetectionOptions): Detection[] {
  const out: Detection[] = [];
  const name = resource.urn.split("::").pop() ?? "";
  if (name !== "" && resource.urn.includes("::")) {
    const d = judge(name, "the resource name in the URN", URN_PATH, options, "urn"); // not an id-named key: a 21-char name is judged too
    if (d) out.push(d);
  }
  if (typeof resource.id === "string" && resource.id !== "" && !isShapeExempt(resource.type, "id")) {
    const d = judge(resource.id, "the resource id", "id", options, "id", false); // a provider's id, not a name a person chose
    if (d) out.push(d);
  }
  return out;
}

/**
 * Findings in the resource names of the URNs a state record refers to — `dependencies`, `propertyDependencies`,
 * `parent`, `provider` (`urn::id`) and `aliases` — judged as the URN's own name is. A referenced resource need not
 * be in the stack (deleted, renamed, an alias): its name is in the state file all the same. For the audit (a
 * preview shows a pack only the resources of the stack).
 */
export function scanReferencedUrns(record: Readonly<Record<string, unknown>>, options?: DetectionOptions): Detection[] {
  const out: Detection[] = [];
  const check = (urn: unknown, path: string, what: string, withId = false): void => {
    if (typeof urn !== "string") return;
    const name = urnName(urn, withId);
    const d = name === undefined ? undefined : judge(name, `the resource name in ${what}`, path, options, "urn");
    if (d) out.push(d);
  };
  const list = (value: unknown, path: string, what: string): void => {
    if (Array.isArray(value)) value.forEach((urn, i) => check(urn, joinIndex(path, i), what));
  };
  list(record.dependencies, "dependencies", "a dependency URN");
  const propertyDependencies = record.propertyDependencies;
  if (typeof propertyDependencies === "object" && propertyDependencies !== null && !Array.isArray(propertyDependencies)) {
    for (const [key, urns] of Object.entries(propertyDependencies as Record<string, unknown>)) {
      list(urns, joinKey("propertyDependencies", safeKeySegment(key, options ?? {})), "a property dependency URN");
    }
  }
  check(record.parent, "parent", "the parent URN");
  check(record.provider, "provider", "the provider reference", true);
  list(record.aliases, "aliases", "an alias URN");
  return out;
}
