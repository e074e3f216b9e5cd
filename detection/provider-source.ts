/**
 * Credentials captured in dynamic provider code: the `__provider` property of a dynamic resource holds the
 * provider object serialized as JavaScript (closure serialization), and everything the object could reach
 * at serialization time is in that text — module-level constants, captured variables, a snapshot of
 * `process.env` (pulumi/pulumi#8265). Policy validations cannot see `__provider`; exported state can.
 *
 * Pure functions over the text: they report line numbers, names and measurements, never a value.
 * Added next to the other rules (not in `rules.ts`) by the audit; reuse `RULES` ids where they apply.
 */
import { RULES, RULE_IDS, isNonSecretPlaceholder, isProviderCredentialKey, resolveOptions } from "./rules";
import { describeShape, matchSecretShape } from "./shape";
import type { Detection, DetectionOptions } from "./types";
import { asSecretEnvelope } from "./values";

/** Rules of this file. */
export const PROVIDER_RULE_IDS = {
  capturedCredential: "genesys-provider-captured-credential",
  envSnapshot: "genesys-provider-env-snapshot",
  secretLiteral: "genesys-provider-secret-literal",
  encryptedCapture: "genesys-provider-captured-secret-output",
} as const;

/** Definitions of the rules of this file (same shape as `RULES`). */
export const PROVIDER_RULES = {
  [PROVIDER_RULE_IDS.capturedCredential]: {
    id: PROVIDER_RULE_IDS.capturedCredential,
    description:
      "Dynamic provider code (`__provider`) assigns a string literal to a credential-named variable or property: the credential was captured at serialization and is in state in plain text.",
    severity: "critical",
    kind: "plaintext",
  },
  [PROVIDER_RULE_IDS.envSnapshot]: {
    id: PROVIDER_RULE_IDS.envSnapshot,
    description:
      "Dynamic provider code (`__provider`) holds a snapshot of the environment (process.env captured as an object): every variable, credentials included, is in state.",
    severity: "high",
    kind: "plaintext",
  },
  [PROVIDER_RULE_IDS.secretLiteral]: {
    id: PROVIDER_RULE_IDS.secretLiteral,
    description: "Dynamic provider code (`__provider`) contains a string literal shaped like a Genesys client secret.",
    severity: "high",
    kind: "shape",
  },
  [PROVIDER_RULE_IDS.encryptedCapture]: {
    id: PROVIDER_RULE_IDS.encryptedCapture,
    description:
      "Dynamic provider code (`__provider`) is a secret: the provider captured a secret Output, so a secret is serialized (encrypted) into state with the code.",
    severity: "high",
    kind: "encrypted",
  },
} as const satisfies Record<string, (typeof RULES)[string]>;

/** `name = "literal"`, `name: 'literal'`, `"name": "literal"` (also `process.env.NAME = "..."`). */
const ASSIGNMENT = /(["']?)([A-Za-z_$][\w$-]*)\1\s*\]?\s*(?:=(?!=)|:)\s*(["'`])((?:\\.|(?!\3)[^\\\n])*)\3/g;
/** `Authorization: "Basic ..."` style literals. */
const AUTH_HEADER = /(["'`])(?:Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{16,}\1/g;
/** Every string literal (for the shape check). */
const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
/** Names that only appear together in a captured environment. */
const ENV_MARKERS = [
  "PATH",
  "HOME",
  "PWD",
  "SHELL",
  "USER",
  "HOSTNAME",
  "NODE_OPTIONS",
  "PULUMI_PROJECT",
  "PULUMI_STACK",
  "PULUMI_CONFIG",
  "PULUMI_RUNTIME_DRY_RUN",
  "PULUMI_NODEJS_PROJECT",
];

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function unescapeLiteral(body: string): string {
  if (!body.includes("\\")) return body;
  try {
    return JSON.parse(
      `"${body
        .replace(/\\'/g, "'")
        .replace(/\\`/g, "`")
        .replace(/(^|[^\\])"/g, '$1\\"')}"`,
    ) as string;
  } catch {
    return body;
  }
}

function push(out: Detection[], ruleId: keyof typeof PROVIDER_RULES, path: string, evidence: string): void {
  const rule = PROVIDER_RULES[ruleId];
  out.push({ ruleId, severity: rule.severity, path, evidence, kind: rule.kind });
}

/**
 * Scans the serialized provider code `text` found at `path` (e.g. `inputs.__provider`).
 * `knownSecrets`, when given, also reports literals equal to (or containing) a secret held elsewhere,
 * under the cross-reference rule of `rules.ts`.
 */
export function scanProviderSource(text: string, path: string, options?: DetectionOptions, knownSecrets?: ReadonlySet<string>): Detection[] {
  const opts = resolveOptions(options);
  const out: Detection[] = [];
  const reportedLines = new Set<number>();

  // 1. Credential-looking assignments of string literals.
  for (const m of text.matchAll(ASSIGNMENT)) {
    const name = m[2];
    const value = unescapeLiteral(m[4]);
    if (!isProviderCredentialKey(name, opts)) continue;
    if (value.length < 6 || isNonSecretPlaceholder(value) || /^(genesys-oauth-guard|@pulumi|\.{0,2}\/)/.test(value)) continue;
    const line = lineAt(text, m.index ?? 0);
    reportedLines.add(line);
    push(
      out,
      PROVIDER_RULE_IDS.capturedCredential,
      path,
      `line ${line}: '${name}' is assigned a ${value.length}-char string literal in the serialized provider code`,
    );
  }
  for (const m of text.matchAll(AUTH_HEADER)) {
    const line = lineAt(text, m.index ?? 0);
    if (reportedLines.has(line)) continue;
    reportedLines.add(line);
    push(
      out,
      PROVIDER_RULE_IDS.capturedCredential,
      path,
      `line ${line}: an Authorization header value (Basic/Bearer credential) is a literal in the serialized provider code`,
    );
  }

  // 2. A snapshot of the environment.
  const markers = ENV_MARKERS.filter((name) => new RegExp(`["']?\\b${name}\\b["']?\\s*:\\s*["'\`]`).test(text));
  if (markers.length >= 3) {
    push(
      out,
      PROVIDER_RULE_IDS.envSnapshot,
      path,
      `the serialized provider code holds an environment snapshot (${markers.length} environment variables such as ${markers.slice(0, 3).join(", ")})`,
    );
  }

  // 3. Secret-shaped literals and literals equal to secrets held elsewhere.
  let shaped = 0;
  let firstShaped: { line: number; evidence: string } | undefined;
  let crossLine: number | undefined;
  for (const m of text.matchAll(STRING_LITERAL)) {
    const value = unescapeLiteral(m[2]);
    if (value.length < 8) continue;
    const line = lineAt(text, m.index ?? 0);
    if (knownSecrets && knownSecrets.size > 0 && crossLine === undefined) {
      for (const secret of knownSecrets) {
        if (secret.length >= 8 && value.includes(secret)) {
          crossLine = line;
          break;
        }
      }
    }
    if (reportedLines.has(line)) continue;
    const candidates = value.length <= opts.maxLength ? [value] : value.split(/[^A-Za-z0-9_-]+/);
    for (const candidate of candidates) {
      const shape = matchSecretShape(candidate, opts);
      if (!shape) continue;
      shaped++;
      firstShaped ??= { line, evidence: describeShape(shape) };
      break;
    }
  }
  if (firstShaped) {
    const more = shaped > 1 ? ` (and ${shaped - 1} more)` : "";
    push(out, PROVIDER_RULE_IDS.secretLiteral, path, `line ${firstShaped.line}: a ${firstShaped.evidence} literal in the serialized provider code${more}`);
  }
  if (crossLine !== undefined) {
    const rule = RULES[RULE_IDS.crossReference];
    out.push({
      ruleId: rule.id,
      severity: rule.severity,
      path,
      evidence: `line ${crossLine}: a literal in the serialized provider code equals a value held by a secret-bearing property elsewhere in the stack`,
      kind: rule.kind,
    });
  }
  return out;
}

/**
 * Scans a `__provider` property value as found in state: the serialized text, or a secret envelope
 * (the provider captured a secret Output) — with `--show-secrets` its plaintext is scanned as text.
 */
export function scanProviderProperty(value: unknown, path: string, options?: DetectionOptions, knownSecrets?: ReadonlySet<string>): Detection[] {
  if (typeof value === "string") return scanProviderSource(value, path, options, knownSecrets);
  const envelope = asSecretEnvelope(value);
  if (!envelope) return [];
  const out: Detection[] = [];
  if (envelope.plaintext !== undefined) {
    let text: unknown = envelope.plaintext;
    try {
      text = JSON.parse(envelope.plaintext);
    } catch {
      // keep the raw text
    }
    if (typeof text === "string") out.push(...scanProviderSource(text, path, options, knownSecrets));
  }
  if (!resolveOptions(options).allowEncryptedOutputs) {
    push(out, PROVIDER_RULE_IDS.encryptedCapture, path, "the serialized provider code is stored as a secret: it captured a secret Output");
  }
  return out;
}
