/**
 * Types of the audit: what it reads, what it reports. A finding never holds a secret value: `evidence`
 * describes why (lengths, entropy, key names, encodings, store references).
 */
import type { DetectionKind, DetectionOptions, Severity } from "../detection/types";
import type { TerraformInputFacts } from "./terraform-input";

/** One finding, as printed in every format. */
export interface AuditFinding {
  /** Stable rule id (detection/ rules, or an audit rule from audit/rules.ts). */
  rule: string;
  severity: Severity;
  /** `<project>/<stack>` (from the URNs or the checkpoint), or the input label when unknown. */
  stack: string;
  /** URN of the resource; empty for the checkpoint's `config` section. */
  urn: string;
  /** Property path inside the resource, e.g. `outputs.credentials[0].secret`, `inputs.__provider`. */
  path: string;
  /** Why it matched. Never the value. */
  evidence: string;
  /** How the detection was made. */
  kind: DetectionKind | "stored-secret";
  /** The input (file path, or `pulumi stack export --stack NAME`). */
  input: string;
  /** 1-based line of the resource in the input file, when known. */
  line?: number;
  /** Stable hash of rule + URN + path (never the value): what an allowlist file lists to accept the finding. */
  fingerprint: string;
}

/** What kind of document an input turned out to be. */
export type InputKind = "export" | "checkpoint" | "history" | "backup" | "stack" | "terraform" | "unknown";

/** Per-input summary (the JSON report's `inputs`). */
export interface InputSummary {
  input: string;
  kind: InputKind;
  /** `<project>/<stack>` when known. */
  stack?: string;
  /** State format version (Pulumi: 3 or 4; a Terraform state file: 4). */
  version?: number;
  /** For Terraform state: its shape and format version, and how many Genesys resource instances it holds. */
  terraform?: TerraformInputFacts;
  resources: number;
  bytes: number;
  findings: number;
  /** Why the input could not be read (the audit then fails with exit code 1). */
  error?: string;
}

/** The report's `summary`. */
export interface AuditSummary {
  inputs: number;
  inputErrors: number;
  resources: number;
  bytes: number;
  findings: number;
  bySeverity: Record<string, number>;
  byRule: Record<string, number>;
  /** Secret values (held by secret-bearing properties) seen in more than one stack. */
  secretsSharedAcrossStacks: number;
  /** Findings accepted by the allowlist (not in `findings`), when one was applied. */
  suppressed?: number;
  /** The allowlist applied (file name), when one was. */
  allowlist?: string;
  seconds: number;
  /** Megabytes (10^6 bytes) per second over all inputs. */
  mbPerSecond: number;
}

/** The whole result of an audit. */
export interface AuditReport {
  findings: AuditFinding[];
  summary: AuditSummary;
  inputs: InputSummary[];
}

/** Options of the audit engine. */
export interface AuditOptions {
  /** Detection tunables (entropy threshold...). */
  detection?: DetectionOptions;
  /**
   * Secrets given explicitly (`--against-store`), matched in every encoding (detection/known-secrets.ts).
   * `clientId`, when known, adds the `clientId:secret` forms (HTTP Basic).
   */
  knownSecrets?: readonly { source: string; value: string; clientId?: string }[];
  /**
   * Reads the stores that the audited stacks' own resources (OAuthClient, SecretRotation, ClientPair) name,
   * once per reference (audit/stored-secrets.ts `createStoreReader`). Absent: no store is read (shape mode,
   * plus `knownSecrets`).
   */
  storeReader?: (reference: string) => Promise<readonly { source: string; value: string; clientId?: string }[]>;
  /** Progress reporter (files processed, bytes). */
  progress?: ProgressSink;
  /**
   * Bytes of input layouts (where each element is in the input) held over the whole run for the known-secret
   * pass (engine.ts `PackedLayout`, 28 bytes an element). Inputs past it are scanned again in that pass instead.
   * Default {@link DEFAULT_MAX_LAYOUT_BYTES}.
   */
  maxLayoutBytes?: number;
  /** What the run held, for tests and benchmarks. */
  stats?: AuditStats;
}

/** Default `AuditOptions.maxLayoutBytes`: 8 MiB (~300,000 elements, ~5,000 inputs of 60 resources). */
export const DEFAULT_MAX_LAYOUT_BYTES = 8 * 1024 * 1024;

/** What an audit run held across inputs (`AuditOptions.stats`). */
export interface AuditStats {
  /** Largest number of layout bytes held at once (within `maxLayoutBytes`). */
  peakLayoutBytes: number;
  /** Inputs read without error whose layout was not held (scanned again if the known-secret pass runs). */
  layoutsDropped: number;
}

/** Receives progress as inputs are read. */
export interface ProgressSink {
  /** An input started. */
  start(input: string, index: number, total: number): void;
  /** More bytes of the current input were read. */
  bytes(count: number): void;
  /** The input is done. */
  done(summary: InputSummary): void;
}
