/**
 * Shared types of the detection rules. Pure TypeScript with no runtime dependency, so that the
 * policy pack (run by the Pulumi CLI from its own folder) and the audit CLI compile the same code.
 */

/** A JSON value as found in Pulumi resource properties, stack outputs or exported state. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** How bad a detection is, ordered from least to most severe. */
export type Severity = "low" | "medium" | "high" | "critical";

/**
 * How a detection was made:
 * - `plaintext`: a readable secret value (under a secret-bearing key, or a decrypted secret envelope's plaintext);
 * - `encrypted`: a Pulumi secret envelope (ciphertext) or a value the engine encrypts — still a secret in state;
 * - `shape`: a value (or a token inside a text) shaped like a Genesys client secret, wherever it is;
 * - `name`: a secret-bearing name without a readable value (unknown during preview, a reference in a script);
 * - `cross-reference`: a value equal to what a secret-bearing property holds elsewhere in the stack.
 */
export type DetectionKind = "plaintext" | "encrypted" | "shape" | "name" | "cross-reference";

/**
 * One finding. `evidence` describes why without ever containing the value: it is safe to print,
 * log, upload as SARIF or put in a policy violation message.
 */
export interface Detection {
  /** Stable id of the rule that matched (see `RULES` in `rules.ts`). */
  ruleId: string;
  /** Severity of the rule, possibly raised for plain text. */
  severity: Severity;
  /** Property path inside the scanned object, e.g. `outputs.credentials[0].secret`. */
  path: string;
  /** Why this matched, never the value itself. */
  evidence: string;
  /** How the detection was made. */
  kind: DetectionKind;
}

/** A detection located in a stack (the result of {@link ScanStack}). */
export interface StackDetection extends Detection {
  /** URN of the resource the detection belongs to. */
  urn: string;
  /** Type of that resource. */
  resourceType: string;
}

/** Where the scanned properties come from; changes which rules apply. */
export type ScanLocation = "inputs" | "outputs" | "stack-outputs" | "config" | "unknown";

/** Tunables of the detection rules. Every field is optional; see `DEFAULT_OPTIONS`. */
export interface DetectionOptions {
  /** Minimum Shannon entropy (bits per character) of a value to count as secret-shaped. Default 3.3. */
  entropyThreshold?: number;
  /** Shortest secret-shaped value. Default 16 (older Genesys secrets). */
  minLength?: number;
  /** Longest secret-shaped value. Default 22 (current Genesys secrets are 20–22 characters). */
  maxLength?: number;
  /**
   * Lengths that count within [minLength, maxLength]. Default `[16, 20, 21, 22]`;
   * an empty list accepts every length of the range.
   */
  lengths?: readonly number[];
  /** Do not report Pulumi secret envelopes (ciphertext) and engine-encrypted outputs. Default false. */
  allowEncryptedOutputs?: boolean;
  /** More property names whose value is a client secret (matched case-insensitively without `_`/`-`). */
  extraSecretKeys?: readonly string[];
  /** Property names never scanned by the shape rule (matched like secret keys), e.g. `etag`. */
  ignoreKeys?: readonly string[];
}

/** Context of one {@link scanProperties} call. */
export interface ScanContext {
  /** Where the properties come from. Default `unknown`. */
  location?: ScanLocation;
  /** Pulumi type of the owning resource, e.g. `genesyscloud:index/oauthClient:OauthClient`. */
  resourceType?: string;
  /** Prefix of every reported path, e.g. `outputs`. Default: none. */
  basePath?: string;
  /**
   * Top-level keys the engine encrypts in state (`additionalSecretOutputs`): a secret found there is
   * reported as `encrypted`, not `plaintext`.
   */
  secretOutputs?: readonly string[];
  /** Values known to be secrets elsewhere in the stack (for the cross-reference rule). */
  knownSecrets?: ReadonlySet<string>;
  /** Detection options. */
  options?: DetectionOptions;
}

/** A resource as the stack scanner sees it: from a policy's stack validation or from exported state. */
export interface ResourceView {
  /** The resource's URN. */
  urn: string;
  /** The resource's type token. */
  type: string;
  /** The provider-assigned id (exported state), when known. */
  id?: string;
  /** URN of the parent, if any (the root stack resource has none). */
  parent?: string;
  /** Inputs (exported state `inputs`). */
  inputs?: unknown;
  /** Outputs (exported state `outputs`; a policy's stack validation `props`). */
  outputs?: unknown;
  /** Top-level output keys the engine encrypts (`additionalSecretOutputs`). */
  secretOutputs?: readonly string[];
}

/** Signature of the stack scanner (documentation aid). */
export type ScanStack = (resources: readonly ResourceView[], options?: DetectionOptions) => StackDetection[];
