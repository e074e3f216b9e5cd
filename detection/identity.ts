/**
 * A resource's identity as a value: its URN (the logical name a program chose — possibly a secret, e.g.
 * `new Command(secret, ...)`) and its provider id. Judged by the shape rules; findings carry the path
 * `(urn)` or `id` and never the value. Callers print URNs masked (see the audit's masking).
 */
import { RULE_IDS, RULES, isShapeExempt } from "./rules";
import { describeShape, describeShapedToken, findShapedTokens, matchSecretShape } from "./shape";
import type { Detection, DetectionOptions, ResourceView } from "./types";

/** Path given to a finding in the URN. */
export const URN_PATH = "(urn)";

/** What a secret-shaped URN token is printed as. */
export const MASKED_URN_TOKEN = "<masked>";

/** The URN with every token shaped like a secret masked (as the audit prints URNs and fingerprints hash them). */
export function maskUrn(urn: string, options?: DetectionOptions): string {
  return urn.replace(/[A-Za-z0-9_-]{8,}/g, (token) => (matchSecretShape(token, options) ? MASKED_URN_TOKEN : token));
}

function judge(value: string, what: string, path: string, options: DetectionOptions | undefined, key: string): Detection | undefined {
  const whole = matchSecretShape(value, options, { credential: false, key });
  if (whole) {
    const rule = RULES[RULE_IDS.secretShape];
    return { ruleId: rule.id, severity: rule.severity, path, evidence: `${what} is a ${describeShape(whole)}`, kind: rule.kind };
  }
  const tokens = findShapedTokens(value, options, key);
  if (tokens.length === 0) return undefined;
  const rule = RULES[RULE_IDS.secretInText];
  return { ruleId: rule.id, severity: rule.severity, path, evidence: `${what} contains a ${describeShapedToken(tokens[0])}`, kind: rule.kind };
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
    const d = judge(resource.id, "the resource id", "id", options, "id");
    if (d) out.push(d);
  }
  return out;
}
