/**
 * Detection of Genesys Cloud client secrets in Pulumi resource properties, stack outputs and exported
 * state. One implementation shared by the policy pack (`policies/`) and the audit (`audit/`).
 * Dependency-free: only this folder, no `@pulumi/*`.
 */
export * from "./types";
export * from "./values";
export { shannonEntropy } from "./entropy";
export {
  RULES,
  RULE_IDS,
  DEFAULT_OPTIONS,
  resolveOptions,
  normalizeKey,
  isSecretKey,
  isSecretLikeName,
  isIgnoredKey,
  isNonSecretPlaceholder,
  isProviderCredentialKey,
  isReferenceName,
  isShapeExempt,
  SHAPE_EXEMPT_OUTPUTS,
  BRIDGED_OAUTH_CLIENT_TYPE,
  OWN_CONFIG_NAMESPACE,
  BRIDGED_INTEGRATION_CREDENTIAL_TYPE,
} from "./rules";
export type { RuleDefinition } from "./rules";
export {
  matchSecretShape,
  findSecretShapedTokens,
  findShapedTokens,
  findEncodedWholeValue,
  maskShapedToken,
  describeShape,
  describeShapedToken,
  isExemptFormat,
} from "./shape";
export type { ShapeMatch, ShapedToken } from "./shape";
export {
  SHAPE_RULES,
  SECRET_ALPHABET,
  ID_KEYS,
  isIdKey,
  NONCE_KEYS,
  NANOID_LENGTH,
  isWordLike,
  entropyThresholdFor,
  shapeRulesOf,
  JWT_REGISTERED_CLAIMS,
  namePrefixRests,
  partMarkerOf,
} from "./shape-rules";
export type { ShapeRule, TokenContext, PartMarker } from "./shape-rules";
export { tokenize, MAX_DECODE_DEPTH } from "./tokenize";
export type { ShapeToken } from "./tokenize";
export { decodeBase64, decodeHex, decodePercent, decodeRun, decodeReversedBase64, decodeUnicodeEscapes, isReadableText } from "./decode";
export type { Encoding, Decoded } from "./decode";
export { REDACTED_KEY, safeKeySegment, scanKey } from "./keys";
export { URN_PATH, MASKED_URN_TOKEN, maskUrn, scanReferencedUrns, scanResourceIdentity } from "./identity";
export {
  ALLOWLIST_FILE,
  FINGERPRINT_PATTERN,
  findingFingerprint,
  parseAllowlist,
  readAllowlistFile,
  inlineAllowlist,
  mergeAllowlists,
  isAllowlisted,
} from "./allowlist";
export type { Allowlist } from "./allowlist";
export { scanProperties, scanStack, collectSecretValues, isRootStack, isNodejsProvider } from "./scan";
export { formatDetection, describeRule, maxSeverity, textContainsValue, SEVERITY_ORDER, maskSecretsInText, MASKED_TOKEN } from "./report";
export type { MaskOptions } from "./report";
export { DYNAMIC_TYPE_PREFIX, isDynamicResource, isOptedInSecretOutput, scanDynamicOutputEnvelopes } from "./dynamic-outputs";
export * from "./provider-source";
export * from "./privileges";
export * from "./encodings";
export { MultiPatternMatcher } from "./multi-pattern";
export type { Pattern, PatternHit } from "./multi-pattern";
export {
  KnownSecretMatcher,
  deriveForms,
  fragmentForms,
  fragmentLength,
  describeKnownMatch,
  MIN_PATTERN_LENGTH,
  MIN_FRAGMENT_LENGTH,
  REDACTED_SPAN,
} from "./known-secrets";
export type { KnownSecret, KnownSecretMatch, EncodedForm } from "./known-secrets";
export { scanKnownSecrets, isOptedInOwnSecretOutput } from "./known-secret-scan";
export type { KnownScanOptions, KnownScanResource } from "./known-secret-scan";
export { storeReferencesOf } from "./store-references";
