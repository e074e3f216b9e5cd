/**
 * Known-secret matching: given the secrets a store holds, find them anywhere in a text in every form a
 * program or a tool may have written them — raw, case-changed, base64 (standard and URL-safe, every byte
 * alignment, padded or not), hex, percent-encoded, JSON- and `\u`-escaped, HTTP Basic, reversed, one level
 * of nesting of these (base64 of base64, hex of base64, ...) and fragments (a secret split in two).
 *
 * The encoded forms are derived once per secret and compiled into one Aho–Corasick automaton
 * (`multi-pattern.ts`): each string is read once for all forms of all secrets. What a match reports is the
 * store reference and the name of the encoding — never the value or any part of it. Dependency-free.
 */
import { base64, base64Inner, hex, jsonEscape, percentComponent, percentEveryByte, reverse, unicodeEscapeAll, utf8Bytes } from "./encodings";
import { MultiPatternMatcher, type Pattern, type PatternHit } from "./multi-pattern";

/** A secret to look for, with where it came from (safe to print: a store reference in its safe form). */
export interface KnownSecret {
  /** The store reference (or another label) the secret was read from. Printed in evidence. */
  source: string;
  /** The secret itself. Never printed. */
  value: string;
  /** The client id stored with the secret, when known: `clientId:secret` forms are looked for too. */
  clientId?: string;
}

/** One form of a secret to look for. */
export interface EncodedForm {
  /** The text of the form. Never printed. */
  text: string;
  /** Name of the encoding, e.g. `base64 (url-safe, alignment 2)`. */
  encoding: string;
  /** True when the form matches regardless of ASCII letter case (hex digits, case-changed copies). */
  caseInsensitive: boolean;
  /** True for a partial copy (a fragment of the raw secret). */
  fragment: boolean;
}

/** What a match reports: safe to print. */
export interface KnownSecretMatch {
  /** The store reference the secret came from. */
  source: string;
  /** Name of the encoding the secret was found in. */
  encoding: string;
  /** What was found: the secret, the `clientId:secret` pair, or a fragment of the secret. */
  subject: "secret" | "pair" | "fragment";
}

/** Shortest pattern ever looked for: shorter ones would match ordinary text. */
export const MIN_PATTERN_LENGTH = 8;
/** Shortest fragment looked for, whatever the secret's length. */
export const MIN_FRAGMENT_LENGTH = 10;

/** Length of the fragments looked for in a secret of `length` characters: max(10, ceil(length / 2)). */
export function fragmentLength(length: number): number {
  return Math.max(MIN_FRAGMENT_LENGTH, Math.ceil(length / 2));
}

interface Encoder {
  name: string;
  encode(text: string): { text: string; caseInsensitive?: boolean; suffix?: string }[];
}

/** Whole-value encodings (the result is the complete encoded text): used alone and as the inner level of nesting. */
const WHOLE_ENCODERS: readonly Encoder[] = [
  {
    name: "base64",
    encode: (t) =>
      [false, true].flatMap((url) => [
        { text: base64(utf8Bytes(t), url, true), suffix: `${url ? "url-safe" : "standard"}, padded` },
        { text: base64(utf8Bytes(t), url, false), suffix: `${url ? "url-safe" : "standard"}, unpadded` },
      ]),
  },
  {
    name: "hex",
    encode: (t) => [
      { text: hex(utf8Bytes(t)), suffix: "lower case" },
      { text: hex(utf8Bytes(t), true), suffix: "upper case" },
      { text: hex(utf8Bytes(t)), caseInsensitive: true, suffix: "mixed case" },
    ],
  },
  {
    name: "percent-encoding",
    encode: (t) => [
      { text: percentComponent(t), suffix: "encodeURIComponent" },
      { text: percentEveryByte(utf8Bytes(t), true), suffix: "every byte, upper-case hex" },
      { text: percentEveryByte(utf8Bytes(t), false), suffix: "every byte, lower-case hex" },
    ],
  },
  { name: "JSON escaping", encode: (t) => [{ text: jsonEscape(t) }] },
  {
    name: "\\u escaping",
    encode: (t) => [
      { text: unicodeEscapeAll(t), suffix: "every character, lower-case hex" },
      { text: unicodeEscapeAll(t, true), suffix: "every character, upper-case hex" },
    ],
  },
  { name: "reversal", encode: (t) => [{ text: reverse(t) }] },
];

/** Base64 as it appears inside a longer base64 text: the characters that depend only on the value, per alignment. */
const EMBEDDED_BASE64: Encoder = {
  name: "base64",
  encode: (t) =>
    [false, true].flatMap((url) =>
      [0, 1, 2].map((k) => ({ text: base64Inner(utf8Bytes(t), k, url), suffix: `${url ? "url-safe" : "standard"}, alignment ${k}` })),
    ),
};

function label(encoder: Encoder, suffix: string | undefined): string {
  return suffix ? `${encoder.name} (${suffix})` : encoder.name;
}

/**
 * Every form of `value` (the secret, or `clientId:secret`) looked for: single encodings, embedded base64
 * at the 3 alignments, and (with `nested`) one level of nesting (each whole encoding inside each encoding).
 * Forms shorter than {@link MIN_PATTERN_LENGTH} and forms equal to an earlier one are left out.
 */
export function deriveForms(value: string, nested = true): EncodedForm[] {
  const out: EncodedForm[] = [];
  const seen = new Set<string>();
  const add = (text: string, encoding: string, caseInsensitive = false, fragment = false): void => {
    if (text.length < MIN_PATTERN_LENGTH) return;
    const key = `${caseInsensitive ? "i" : "s"}${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ text, encoding, caseInsensitive, fragment });
  };
  add(value, "raw");
  add(value, "case-changed", true);
  const wholes: { text: string; encoding: string }[] = [];
  for (const encoder of WHOLE_ENCODERS) {
    for (const f of encoder.encode(value)) {
      const encoding = label(encoder, f.suffix);
      add(f.text, encoding, f.caseInsensitive === true);
      if (f.caseInsensitive !== true && f.text !== value) wholes.push({ text: f.text, encoding });
    }
  }
  for (const f of EMBEDDED_BASE64.encode(value)) add(f.text, label(EMBEDDED_BASE64, f.suffix));
  // One level of nesting: every whole encoding, encoded again (whole or embedded in a longer base64 text).
  for (const inner of nested ? wholes : []) {
    for (const encoder of [...WHOLE_ENCODERS, EMBEDDED_BASE64]) {
      for (const f of encoder.encode(inner.text)) {
        if (f.text === inner.text) continue;
        add(f.text, `${label(encoder, f.suffix)} of ${inner.encoding}`, f.caseInsensitive === true);
      }
    }
  }
  return out;
}

/** HTTP Basic forms of the `clientId:secret` pair. */
function basicForms(pair: string): EncodedForm[] {
  const bytes = utf8Bytes(pair);
  return [
    { text: `Basic ${base64(bytes, false, true)}`, encoding: "an HTTP Basic credential", caseInsensitive: false, fragment: false },
    { text: `Basic ${base64(bytes, false, false)}`, encoding: "an HTTP Basic credential (unpadded)", caseInsensitive: false, fragment: false },
  ];
}

/** Every raw substring of `value` of the fragment length (longer fragments contain one), when shorter than the value. */
export function fragmentForms(value: string): EncodedForm[] {
  const k = fragmentLength(value.length);
  if (k >= value.length) return [];
  const out: EncodedForm[] = [];
  const seen = new Set<string>();
  for (let i = 0; i + k <= value.length; i++) {
    const text = value.slice(i, i + k);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ text, encoding: `a ${k}-character fragment`, caseInsensitive: false, fragment: true });
  }
  return out;
}

/** What a compiled form reports (internal to the matcher; exported for {@link KnownSecretForms}). */
export interface Tag {
  secret: number;
  form: EncodedForm;
  subject: KnownSecretMatch["subject"];
  /** Order of derivation: lower is the more direct reading at equal length. */
  rank: number;
}

/** Placeholder that replaces a matched span in printed text. */
export const REDACTED_SPAN = "<redacted>";

/** The derived forms of some secrets, before compilation: what {@link KnownSecretMatcher.combine} merges. */
export interface KnownSecretForms {
  /** Safe labels of the secrets, by secret index. */
  sources: string[];
  /** Identity of each secret (source and value), by secret index: merging drops repeats. Never printed. */
  keys: string[];
  /** Every form of every secret, tagged with its secret index. */
  patterns: Pattern<Tag>[];
}

/** Derives every form of `secrets` (deduplicated by source and value; too-short secrets left out). */
function deriveSecretForms(secrets: readonly KnownSecret[]): KnownSecretForms {
  const forms: KnownSecretForms = { sources: [], keys: [], patterns: [] };
  const values = new Set<string>();
  let rank = 0;
  for (const secret of secrets) {
    if (typeof secret.value !== "string" || secret.value.length < MIN_PATTERN_LENGTH) continue;
    const key = `${secret.source}\u0000${secret.value}`;
    if (values.has(key)) continue;
    values.add(key);
    const index = forms.sources.length;
    forms.sources.push(secret.source);
    forms.keys.push(key);
    const push = (list: EncodedForm[], subject: Tag["subject"]): void => {
      for (const form of list)
        forms.patterns.push({ text: form.text, caseInsensitive: form.caseInsensitive, value: { secret: index, form, subject, rank: rank++ } });
    };
    push(deriveForms(secret.value), "secret");
    if (secret.clientId) {
      const pair = `${secret.clientId}:${secret.value}`;
      push(basicForms(pair), "pair");
      // Single encodings of the pair (nesting of the secret alone already covers it inside any nested pair
      // form that keeps the secret's alignment; the pair's nested forms would triple the automaton).
      push(
        deriveForms(pair, false).filter((f) => f.encoding !== "raw" && f.encoding !== "case-changed"),
        "pair",
      );
    }
    push(fragmentForms(secret.value), "fragment");
  }
  return forms;
}

/**
 * A compiled matcher for a set of known secrets: one automaton for every form of every secret.
 * Secrets shorter than {@link MIN_PATTERN_LENGTH} are left out (they would match ordinary text).
 */
export class KnownSecretMatcher {
  /** Compiled on first search (see {@link automaton}). */
  private compiled: MultiPatternMatcher<Tag> | undefined;
  private readonly forms: KnownSecretForms;
  /** Number of forms the automaton holds (empty texts are not compiled). */
  private readonly size: number;

  /** Derives and compiles the forms of `secrets` (`forms`: already derived ones, see {@link combine}). */
  constructor(secrets: readonly KnownSecret[], forms?: KnownSecretForms) {
    this.forms = forms ?? deriveSecretForms(secrets);
    this.size = this.forms.patterns.filter((p) => p.text.length > 0).length;
  }

  /**
   * One matcher for the secrets of all `matchers`, in order (a secret in several counts once): the same as
   * compiling all their secrets together, without deriving the forms again — so that one pass over a string
   * serves every store, and a set of stores is compiled from per-store parts.
   */
  static combine(matchers: readonly KnownSecretMatcher[]): KnownSecretMatcher {
    if (matchers.length === 1) return matchers[0];
    const merged: KnownSecretForms = { sources: [], keys: [], patterns: [] };
    const seen = new Set<string>();
    let rankBase = 0;
    for (const m of matchers) {
      // Secret indexes are renumbered; ranks stay in derivation order (they only order forms of one secret).
      const renumbered = new Map<number, number>();
      m.forms.keys.forEach((key, i) => {
        if (seen.has(key)) return;
        seen.add(key);
        renumbered.set(i, merged.sources.length);
        merged.sources.push(m.forms.sources[i]);
        merged.keys.push(key);
      });
      let maxRank = -1;
      for (const p of m.forms.patterns) {
        maxRank = Math.max(maxRank, p.value.rank);
        const secret = renumbered.get(p.value.secret);
        if (secret === undefined) continue;
        merged.patterns.push({ text: p.text, caseInsensitive: p.caseInsensitive, value: { ...p.value, secret, rank: rankBase + p.value.rank } });
      }
      rankBase += maxRank + 1;
    }
    return new KnownSecretMatcher([], merged);
  }

  /** The automaton, compiled on first use: a matcher only ever combined into others (one store's part) never is. */
  private get automaton(): MultiPatternMatcher<Tag> {
    this.compiled ??= new MultiPatternMatcher(this.forms.patterns);
    return this.compiled;
  }

  /** True when there is nothing to look for. */
  get empty(): boolean {
    return this.size === 0;
  }

  /** Number of secrets looked for. */
  get secretCount(): number {
    return this.forms.sources.length;
  }

  /** Number of compiled forms (patterns). */
  get patternCount(): number {
    return this.size;
  }

  /** False only when no form of any secret can occur in the strings of the JSON bytes `json` (see `MultiPatternMatcher`). */
  mayOccurInJson(json: Uint8Array): boolean {
    return this.automaton.mayOccurInJsonStrings(json);
  }

  /** Every occurrence of every form in `text` (one pass). */
  private hits(text: string): PatternHit<Tag>[] {
    return this.automaton.findAll(text);
  }

  /**
   * The secrets found in `text`, one per secret: the most telling form (the longest match; at equal
   * length the more direct reading). Safe to print.
   */
  match(text: string): KnownSecretMatch[] {
    return this.bestPerSecret(this.hits(text));
  }

  private bestPerSecret(hits: readonly PatternHit<Tag>[]): KnownSecretMatch[] {
    const best = new Map<number, PatternHit<Tag>>();
    for (const hit of hits) {
      const current = best.get(hit.value.secret);
      const length = hit.end - hit.start;
      if (!current || length > current.end - current.start || (length === current.end - current.start && hit.value.rank < current.value.rank))
        best.set(hit.value.secret, hit);
    }
    return [...best.values()].map((h) => ({ source: this.forms.sources[h.value.secret], encoding: h.value.form.encoding, subject: h.value.subject }));
  }

  /** `text` with every span that matches a form of a known secret replaced by {@link REDACTED_SPAN}. */
  redact(text: string): string {
    return this.matchAndRedact(text).redacted;
  }

  /** Both at once (one pass): the matches and the redacted text (the text itself when nothing matched). */
  matchAndRedact(text: string): { matches: KnownSecretMatch[]; redacted: string } {
    if (this.empty) return { matches: [], redacted: text };
    const hits = this.hits(text);
    if (hits.length === 0) return { matches: [], redacted: text };
    const spans = hits.map((h) => [h.start, h.end] as [number, number]).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = "";
    let at = 0;
    let open: [number, number] | undefined;
    for (const span of spans) {
      if (open && span[0] <= open[1]) {
        open[1] = Math.max(open[1], span[1]);
        continue;
      }
      if (open) {
        out += text.slice(at, open[0]) + REDACTED_SPAN;
        at = open[1];
      }
      open = [span[0], span[1]];
    }
    if (open) out += text.slice(at, open[0]) + REDACTED_SPAN + text.slice(open[1]);
    else out += text.slice(at);
    return { matches: this.bestPerSecret(hits), redacted: out };
  }
}

/** Evidence for a match: the encoding and the store reference, never the value. */
export function describeKnownMatch(m: KnownSecretMatch): string {
  const where = `the secret stored at ${m.source}`;
  if (m.subject === "fragment") return `${m.encoding} of ${where} (a partial copy)`;
  if (m.subject === "pair") return `${m.encoding === "raw" ? "the clientId:secret pair" : `${m.encoding} of the clientId:secret pair`} holding ${where}`;
  if (m.encoding === "raw") return `an exact copy of ${where}`;
  return `${m.encoding} of ${where}`;
}
