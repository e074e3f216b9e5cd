/**
 * The shape rules as data, one table shared by the policy pack and the audit: what a token must be to count
 * as a Genesys client secret (`require`), and the well-known formats that share the alphabet or length but
 * are not Genesys secrets (`exempt-*`). `shape.ts` and `tokenize.ts` only evaluate this table.
 *
 * Kinds:
 * - `require`: a predicate every secret-shaped token passes (length, alphabet, entropy, not words);
 * - `exempt-token`: a token with the right length and alphabet that is a known non-secret (hex, dates, ids);
 * - `exempt-span`: a span removed from a text before it is split into tokens (PEM blocks, JWTs, ARNs, ...);
 *   a value that is entirely such a span is exempt as a whole;
 * - `exempt-key`: a token judged by the name of the property that holds it (nanoid ids, nonces).
 *
 * Decisions where shape alone cannot tell:
 * - nanoid: 21 characters of exactly the secret alphabet. A 21-char value under an id-named property
 *   (`id`, `name`, `slug`, `*Id`, ...) is taken for an id; anywhere else it is reported. Client ids are
 *   excluded (a Genesys client id is a UUID: a secret-shaped `clientId` is a swapped secret). The URN's
 *   resource name gets no such exemption.
 * - case: an all-upper or all-lower token is an id (AWS key ids, k8s names) — except in a credential position
 *   (URL password, secret-named parameter or property, decoded `Basic`), where an upper/lower-cased secret
 *   is reported when it is not made of words.
 * - indistinguishable and therefore reported: an unpadded base64 of 15 bytes (20 characters), a 12-byte
 *   nonce under a name other than nonce/iv/salt; not reported: a secret glued to a prefix with `_`/`-`
 *   (`GC_<secret>`) — it cannot be told from a base64url blob — except in a name (below).
 *
 * Decodings and joins (where a value is turned into the text the table judges; `tokenize.ts`, `scan.ts`,
 * `identity.ts`, `keys.ts`). Each yields a candidate that must still pass every rule above:
 * - base64 / hex / %-encoding of a run, nested up to three levels (decoded only into readable text: a hash or
 *   random bytes decode to binary and are dropped);
 * - `\uXXXX` escapes written into a value as text are undone;
 * - a reversed padded base64 (starting with `=`/`==`) is turned back and decoded ({@link decodeReversedBase64});
 * - a run after a letters prefix (`cache-<base64>`, `p-<hex>`) is decoded as a whole too;
 * - a JWT's payload is decoded and its claims other than {@link JWT_REGISTERED_CLAIMS} are judged as values;
 * - under a fingerprint-named property (`digest`, `hash`, never scanned as such), the whole value is hex- or
 *   base64-decoded and the decoded text judged (a real digest decodes to binary);
 * - names (URN resource names, also in references; property names): after a word-like prefix of 3+ letters
 *   (`param-<secret>`, `old-<secret>`) the rest is judged ({@link namePrefixRests});
 * - an array of single characters is joined, and sibling properties with consecutive part markers
 *   (`part1`/`part2`, `partA`/`partB`, `secretA`/`secretB`, `key_1`/`key_2`) are joined ({@link partMarkerOf}).
 *
 * [decodeReversedBase64]: ./decode.ts
 */
import { shannonEntropy } from "./entropy";
import { normalizeKey } from "./rules";
import type { DetectionOptions } from "./types";

/** Where a token was found; changes a few rules (see {@link ShapeRule.appliesInCredentialPosition}). */
export interface TokenContext {
  /**
   * The token sits where a credential goes: the password of URL userinfo, the value of a secret-named query
   * parameter / JSON member / `key=value`, the secret half of a decoded `Basic` credential, a `Bearer` token.
   * There, a single-case (all upper or all lower) random token also counts: a secret upper-cased on its way.
   */
  credential: boolean;
  /** Name of the property (or the text's own key=value key) that holds the token, when known. */
  key?: string;
  /** The token is a part of a longer value (split off by punctuation or decoded), not the whole value. */
  fragment?: boolean;
}

/** One rule of the table. */
export interface ShapeRule {
  /** Stable id (used in docs and tests). */
  id: string;
  /** One line: what it matches and why. */
  description: string;
  /** See the file comment. */
  kind: "require" | "exempt-token" | "exempt-span" | "exempt-key";
  /** For `exempt-span`: a global regex of the spans. For `exempt-token`: the token pattern. */
  pattern?: RegExp;
  /** For `require`, `exempt-token` and `exempt-key`: the predicate (true = requirement met / exempt). */
  test?: (token: string, opts: Required<DetectionOptions>, ctx: TokenContext) => boolean;
  /** False when the rule is skipped for tokens in a credential position (single-case tokens count there). */
  appliesInCredentialPosition?: boolean;
  /** For `exempt-span`: substrings one of which every span contains (a cheap test before the regex). */
  contains?: readonly string[];
}

/** The Genesys client secret alphabet (base64url). */
export const SECRET_ALPHABET = /^[A-Za-z0-9_-]+$/;

/** Property names (normalised) whose 21-char value is a nanoid-style id rather than a secret. */
export const ID_KEYS: ReadonlySet<string> = new Set([
  "id",
  "uid",
  "nanoid",
  "name",
  "slug",
  "key",
  "kid",
  "ref",
  "requestid",
  "correlationid",
  "traceid",
  "spanid",
  "eventid",
  "messageid",
  "runid",
  "jobid",
  "buildid",
  "deploymentid",
  "sessionid",
  "resourceid",
  "objectid",
  "itemid",
  "externalid",
  "shortid",
  "publicid",
  "idempotencykey",
  "urlid",
  "shareid",
  "linkid",
  "inviteid",
  "orderid",
  "userid",
  "accountid",
]);

/**
 * True for an id-named property (normalised): one of {@link ID_KEYS} or ending in `id` (`tenantId`,
 * `versionId`), except client ids — a Genesys client id is a UUID, so a secret-shaped value there is a
 * swapped secret, not an id.
 */
export function isIdKey(key: string): boolean {
  const norm = normalizeKey(key);
  if (norm.endsWith("clientid")) return false;
  return ID_KEYS.has(norm) || (norm.length > 2 && norm.endsWith("id"));
}

/** Property names (normalised) whose 16-char value is a 12-byte nonce / IV / salt (base64), not a secret. */
export const NONCE_KEYS: ReadonlySet<string> = new Set(["nonce", "iv", "salt", "initializationvector", "noncebase64", "ivbase64", "saltbase64", "cnonce"]);

/** Nanoid's default length (21 characters of the same alphabet as Genesys secrets). */
export const NANOID_LENGTH = 21;

/** Expected Shannon entropy of a uniformly random string of `length` characters of a 64-symbol alphabet. */
export function expectedRandomEntropy(length: number): number {
  // E[H] ≈ log2(min(n, 64)) corrected for repeats; a closed form good to ±0.02 for 8 ≤ n ≤ 64.
  const k = 64;
  const distinct = k * (1 - Math.pow(1 - 1 / k, length));
  return Math.log2(distinct) - ((length - distinct) / (length * Math.LN2)) * 0.9;
}

/**
 * The entropy a token of `length` characters must reach: the configured threshold is for 22 characters
 * and scales with the entropy a random string of that length can have (a random 16-char string has
 * about 0.35 bits/char less than a 22-char one just because it is shorter).
 */
export function entropyThresholdFor(length: number, opts: Required<DetectionOptions>): number {
  return opts.entropyThreshold * (expectedRandomEntropy(length) / expectedRandomEntropy(22));
}

/** Case/digit runs: `ProductionOAuthClient` → Production, O, Auth, Client. */
const RUNS = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

/**
 * Common English letter pairs (the ~190 most frequent, plus a few of technical words: oauth, genesys, config).
 * A random pair of letters is among them about 28% of the time; the pairs of real words almost always.
 */
const COMMON_BIGRAMS: ReadonlySet<string> = new Set(
  (
    "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be " +
    "ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni " +
    "ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp " +
    "rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au " +
    "ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr cc tw ft wn nu oa sy ku nf ke ic ix ok db"
  ).split(" "),
);

/** True for a run of letters that reads like (part of) a word: 4+ letters, at least 3 in 4 of its letter pairs common in English. */
function isWordishRun(run: string): boolean {
  if (run.length < 4 || !/^[A-Za-z]+$/.test(run)) return false;
  if (/^[A-Z]+$/.test(run) && run.length > 5) return false; // long all-caps runs are not acronyms
  const lower = run.toLowerCase();
  let common = 0;
  for (let i = 0; i + 1 < lower.length; i++) if (COMMON_BIGRAMS.has(lower.slice(i, i + 2))) common++;
  return common / (lower.length - 1) >= 0.75;
}

/**
 * True when a value reads like words (`ProductionOAuthClient`, `BillingApiGateway2024`): word-like runs of
 * 4+ letters cover at least 60% of its letters. Random text has few such runs (most random letter pairs are
 * uncommon in English).
 */
export function isWordLike(value: string): boolean {
  const letters = (value.match(/[A-Za-z]/g) ?? []).length;
  if (letters === 0) return true;
  // A single-case value (`CHANGE_ME_PLEASE`, an upper-cased secret) has no case runs: judge its letter runs lower-cased.
  const singleCase = !/[a-z]/.test(value) || !/[A-Z]/.test(value);
  const runs = singleCase ? (value.toLowerCase().match(/[a-z]+/g) ?? []) : (value.match(RUNS) ?? []);
  let covered = 0;
  for (const run of runs) if (isWordishRun(run)) covered += run.length;
  return covered / letters >= 0.6;
}

/** The table. Order matters only for speed (cheap rules first). */
export const SHAPE_RULES: readonly ShapeRule[] = [
  // ---- what a secret-shaped token is ----
  {
    id: "length",
    description: "16 or 20–22 characters (options minLength/maxLength/lengths).",
    kind: "require",
    test: (t, o) => t.length >= o.minLength && t.length <= o.maxLength && (o.lengths.length === 0 || o.lengths.includes(t.length)),
  },
  {
    id: "alphabet",
    description: "Only the Genesys secret alphabet [A-Za-z0-9_-] (a token with + / = is standard base64, decoded instead).",
    kind: "require",
    test: (t) => SECRET_ALPHABET.test(t),
  },
  {
    id: "mixed-case",
    description: "Both upper- and lower-case letters (random secrets have both); not required in a credential position.",
    kind: "require",
    test: (t) => /[A-Z]/.test(t) && /[a-z]/.test(t),
    appliesInCredentialPosition: false,
  },
  {
    id: "single-case-random",
    description: "In a credential position, a single-case token (an upper- or lower-cased secret) needs letters; words are excluded by not-words.",
    kind: "require",
    test: (t, _o, c) => !c.credential || /[A-Za-z]/.test(t),
  },
  {
    id: "not-words",
    description: "Not word-like: word-like runs of 4+ letters cover less than 60% of the letters (ProductionOAuthClient is words).",
    kind: "require",
    test: (t) => !isWordLike(t),
  },
  {
    id: "entropy",
    description: "Shannon entropy at least entropyThreshold (for 22 chars; scaled down for shorter tokens by the entropy a random string of that length has).",
    kind: "require",
    test: (t, o) => shannonEntropy(t) >= entropyThresholdFor(t.length, o),
  },
  // ---- same alphabet, not a secret ----
  {
    id: "hex",
    description: "Hexadecimal only: hashes, git shas, ids (a hex-encoded secret is decoded and checked instead).",
    kind: "exempt-token",
    pattern: /^[0-9a-fA-F]+$/,
  },
  { id: "numeric", description: "Digits and separators only: numbers, compact dates, phone numbers.", kind: "exempt-token", pattern: /^[0-9+\-/=_]+$/ },
  { id: "iso-date", description: "ISO-8601 dates and timestamps.", kind: "exempt-token", pattern: /^\d{4}-\d{2}-\d{2}/ },
  { id: "uuid-prefix", description: "UUIDs (and their prefixes).", kind: "exempt-token", pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-/i },
  { id: "hash-prefix", description: "Fingerprints with an algorithm prefix (sha256-…, md5_…).", kind: "exempt-token", pattern: /^(sha\d+|md5)[-_]/i },
  {
    id: "aws-key-id",
    description: "AWS access key ids (AKIA…/ASIA…, 20 upper-case characters): ids, also in credential positions (X-Amz-Credential).",
    kind: "exempt-token",
    pattern: /^(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z2-7]{16}$/,
  },
  {
    id: "constant-case",
    description: "UPPER_CASE names and upper-case ids (AWS key ids); outside credential positions.",
    kind: "exempt-token",
    pattern: /^[A-Z0-9_]+$/,
    appliesInCredentialPosition: false,
  },
  {
    id: "lower-case",
    description: "lower-case identifiers, k8s names with random suffixes; outside credential positions.",
    kind: "exempt-token",
    pattern: /^[a-z0-9_-]+$/,
    appliesInCredentialPosition: false,
  },
  {
    id: "nanoid-id",
    description: "A 21-char token (nanoid's default) under an id-named property (id, name, slug, *Id; not clientId) is an id.",
    kind: "exempt-key",
    test: (t, _o, c) => t.length === NANOID_LENGTH && c.key !== undefined && isIdKey(c.key),
    appliesInCredentialPosition: false,
  },
  {
    id: "id-fragment",
    description: "A part of a longer value under an id-named property (an S3 versionId, a composite id) is part of an id.",
    kind: "exempt-key",
    test: (_t, _o, c) => c.fragment === true && c.key !== undefined && isIdKey(c.key),
    appliesInCredentialPosition: false,
  },
  {
    id: "nonce",
    description: "A 16-char token (12 random bytes, base64) under a nonce/iv/salt property is a nonce.",
    kind: "exempt-key",
    test: (t, _o, c) => t.length === 16 && c.key !== undefined && NONCE_KEYS.has(normalizeKey(c.key)),
    appliesInCredentialPosition: false,
  },
  // ---- spans removed from texts before tokenising ----
  {
    id: "pem-block",
    description: "PEM blocks (certificates, public and private keys, CSRs): not Genesys secrets.",
    kind: "exempt-span",
    pattern: /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g,
    contains: ["-----BEGIN "],
  },
  {
    id: "ssh-public-key",
    description: "SSH public keys (ssh-rsa/ssh-ed25519/ecdsa-sha2-* AAAA… and the comment after it).",
    kind: "exempt-span",
    pattern: /\b(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}(?:[ \t]+[^\s"']+)?/g,
    contains: [" AAAA", "\tAAAA"],
  },
  {
    id: "jwt",
    description: "JSON Web Tokens (three base64url parts, the first two JSON): signed public data, not a client secret.",
    kind: "exempt-span",
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
    contains: ["eyJ"],
  },
  {
    id: "pulumi-ciphertext",
    description: "Pulumi secret ciphertexts (v1:…): encrypted, reported by the envelope rules.",
    kind: "exempt-span",
    pattern: /\bv1:[A-Za-z0-9+/=]{8,}(?::[A-Za-z0-9+/=]+)*/g,
    contains: ["v1:"],
  },
  {
    id: "fingerprint",
    description: "Algorithm-prefixed digests and fingerprints (sha256:…, SHA256:…, sha512-…, md5:…), docker digests.",
    kind: "exempt-span",
    pattern: /\b(?:sha(?:1|224|256|384|512)|md5)[:-][A-Za-z0-9+/=_-]{16,}/gi,
    contains: ["sha", "SHA", "Sha", "md5", "MD5", "Md5"],
  },
  {
    id: "store-reference",
    description:
      "Secret store references (file://, vault://, vault+https://, awssm://, aws-sm://, ssm://, secretsmanager://) without userinfo (the query string is still scanned).",
    kind: "exempt-span",
    pattern:
      /\b(?:file|vault(?:\+https?)?|bao(?:\+https?)?|openbao(?:\+https?)?|awssm|aws-sm|ssm|secretsmanager|azkv|gcpsm):\/\/[^\s"'@<>?#]*(?=[\s"'<>?#]|$)/gi,
    contains: ["://"],
  },
  {
    id: "arn",
    description: "Amazon Resource Names (arn:aws:…), including secret ARNs (a reference, not the value).",
    kind: "exempt-span",
    pattern: /\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{0,12}:[^\s"',;]+/g,
    contains: ["arn:aws"],
  },
];

const BY_KIND = new Map<ShapeRule["kind"], readonly ShapeRule[]>();

/** The rules of one kind (computed once). */
export function shapeRulesOf(kind: ShapeRule["kind"]): readonly ShapeRule[] {
  let rules = BY_KIND.get(kind);
  if (!rules) BY_KIND.set(kind, (rules = SHAPE_RULES.filter((r) => r.kind === kind)));
  return rules;
}

/** True when `text` may hold a span of `rule` (its `contains` hint; always true without one). */
export function mayHoldSpan(rule: ShapeRule, text: string): boolean {
  return rule.contains === undefined || rule.contains.some((c) => text.includes(c));
}

let anySpanHint: RegExp | undefined;

/** True when `text` may hold a span of any `exempt-span` rule (one regex test instead of one per rule). */
export function mayHoldAnySpan(text: string): boolean {
  const spans = shapeRulesOf("exempt-span");
  if (spans.some((r) => r.contains === undefined)) return true;
  anySpanHint ??= new RegExp(
    spans
      .flatMap((r) => r.contains ?? [])
      .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
  );
  return anySpanHint.test(text);
}

/**
 * JWT claims that are never a client secret (registered and common OIDC/IdP claims: ids, times, hashes,
 * scopes). Every other string claim of a decoded payload is judged as a value under its claim name.
 */
export const JWT_REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  "iss",
  "sub",
  "aud",
  "exp",
  "nbf",
  "iat",
  "jti",
  "azp",
  "nonce",
  "auth_time",
  "at_hash",
  "c_hash",
  "s_hash",
  "sid",
  "acr",
  "amr",
  "scope",
  "scp",
  "client_id",
  "cid",
  "uid",
  "oid",
  "tid",
  "uti",
  "rh",
  "aio",
  "ver",
  "idp",
  "kid",
  "typ",
  "cty",
  "alg",
  "x5t",
  "cnf",
]);

/** Shortest prefix (in letters) after which the rest of a name is judged on its own. */
export const NAME_PREFIX_MIN_LETTERS = 3;

/**
 * The rests of a name after each leading word-like prefix (`param-`, `old-`, `my-cache_`): letters only,
 * 3+ letters in all, ending in `-` or `_`. A resource or property name is chosen by a person: a random
 * part after a word is a value glued to it. (Not for values in general: a base64url blob may start so.)
 */
export function namePrefixRests(name: string): string[] {
  const out: string[] = [];
  const re = /([A-Za-z]+)[-_]/y;
  let letters = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(name)) !== null && out.length < 3) {
    letters += m[1].length;
    if (letters >= NAME_PREFIX_MIN_LETTERS && re.lastIndex < name.length) out.push(name.slice(re.lastIndex));
  }
  return out;
}

/** A property name split into its stem and part marker (`partA` → stem `part`, index 0). */
export interface PartMarker {
  /** The group key: stem, separator and kind of marker (siblings of one group are joined). */
  group: string;
  /** Position of the part (0-based; digits may start at 0 or 1). */
  index: number;
}

/**
 * The part marker of a property name, or undefined: a trailing digit (`part1`, `key_2`), an upper-case letter
 * after a lower-case stem (`secretA`, `partB`) or a lower-case letter after a separator (`key_a`). Siblings
 * whose markers run on without a gap from the first (1, 2 / A, B) hold the parts of one value.
 */
export function partMarkerOf(key: string): PartMarker | undefined {
  const m = /^(.*?[A-Za-z])([-_.]?)(?:(\d{1,2})|([A-Z])|([a-z]))$/.exec(key);
  if (!m) return undefined;
  const [, stem, sep, digit, upper, lower] = m;
  if (digit !== undefined) return { group: `${stem}\u0000${sep}\u0000d`, index: parseInt(digit, 10) };
  if (upper !== undefined) return sep !== "" || /[a-z]$/.test(stem) ? { group: `${stem}\u0000${sep}\u0000u`, index: upper.charCodeAt(0) - 65 } : undefined;
  return sep !== "" ? { group: `${stem}\u0000${sep}\u0000l`, index: lower.charCodeAt(0) - 97 } : undefined;
}
