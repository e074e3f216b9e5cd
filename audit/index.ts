/**
 * The audit: read exported stacks, local backends (with history and backups) and stacks through the
 * Pulumi CLI; report leaked Genesys client secrets as a table, JSON or SARIF. Rules come from detection/.
 */
export { runAudit, stackFromUrn } from "./engine";
export { resolveSources, backendFiles, openFile, stackSource, findPulumi } from "./sources";
export type { Source, InputSpec } from "./sources";
export { formatReport, formatJson, formatTable, formatSarif, formatSummary, AUDIT_FORMATS } from "./report";
export type { AuditFormat } from "./report";
export { readStoredSecrets, createStoreReader } from "./stored-secrets";
export type { StoreReader, StoreOpener, ReadableStore, StoreReaderOptions } from "./stored-secrets";
export { KnownSecretMatcher } from "../detection/known-secrets";
export type { KnownSecret, KnownSecretMatch } from "../detection/known-secrets";
export { applyAllowlist, loadAllowlist } from "./allowlist";
export { createStderrProgress } from "./progress";
export { REMEDIATION, allRules } from "./rules";
export { StateStreamScanner, ELEMENT_ARRAYS } from "./json-stream";
export type { StreamElement, StreamHandlers } from "./json-stream";
export type * from "./types";
