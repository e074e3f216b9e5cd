/**
 * Exact matches of a known secret (the one a store currently holds) anywhere in state, in every encoding a
 * program or a tool may have written it: raw, JSON-escaped (also twice, inside a `--show-secrets`
 * envelope's plaintext), base64 (at any byte alignment inside a longer base64 text), URL-encoded.
 *
 * The secrets are held in memory only for the comparison; findings name the store reference and the
 * encoding, never the value.
 */

/** One secret to look for, with where it came from (safe to print: a store reference). */
export interface KnownSecret {
  /** The store reference (or another label) the secret was read from. */
  source: string;
  /** The secret itself. Never printed. */
  value: string;
}

/** One encoded form of a {@link KnownSecret}. */
interface Form {
  encoding: "raw" | "json-escaped" | "base64" | "url-encoded";
  text: string;
  /** The bytes as they appear in the JSON file (the form, JSON-escaped). */
  fileBytes: Buffer[];
}

/** A prepared matcher for {@link KnownSecret}s. */
export interface SecretMatcher {
  /** True when `raw` (a resource's bytes as in the file) may contain a match: a cheap pre-filter. */
  mayContain(raw: Buffer): boolean;
  /** Every secret found in `text` with the encoding it was found in (first per secret). */
  match(text: string): { source: string; encoding: string }[];
  /** True when there is nothing to look for. */
  readonly empty: boolean;
}

/** Base64 forms of `value` as it appears inside a longer base64 text, at each of the 3 byte alignments. */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms = new Set<string>();
  forms.add(bytes.toString("base64"));
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const start = Math.ceil((8 * k) / 6);
    const end = Math.floor((8 * (k + bytes.length)) / 6);
    const inner = encoded.slice(start, end);
    if (inner.length >= 12) forms.add(inner);
    // URL-safe alphabet as well
    forms.add(inner.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms].filter((f) => f.length >= 12);
}

function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Builds a matcher for `secrets` (values shorter than 8 characters are ignored: they would match too much). */
export function createSecretMatcher(secrets: readonly KnownSecret[]): SecretMatcher {
  const entries: { source: string; forms: Form[] }[] = [];
  for (const secret of secrets) {
    if (secret.value.length < 8) continue;
    const forms: Form[] = [];
    const add = (encoding: Form["encoding"], text: string): void => {
      if (forms.some((f) => f.text === text)) return;
      const once = jsonEscaped(text);
      const twice = jsonEscaped(once);
      const fileBytes = [...new Set([once, twice])].map((t) => Buffer.from(t, "utf8"));
      forms.push({ encoding, text, fileBytes });
    };
    add("raw", secret.value);
    add("json-escaped", jsonEscaped(secret.value));
    for (const b of base64Forms(secret.value)) add("base64", b);
    add("url-encoded", encodeURIComponent(secret.value));
    entries.push({ source: secret.source, forms });
  }
  const allBytes = entries.flatMap((e) => e.forms.flatMap((f) => f.fileBytes));
  return {
    empty: entries.length === 0,
    mayContain(raw: Buffer): boolean {
      for (const b of allBytes) if (raw.indexOf(b) >= 0) return true;
      return false;
    },
    match(text: string): { source: string; encoding: string }[] {
      const out: { source: string; encoding: string }[] = [];
      for (const entry of entries) {
        const form = entry.forms.find((f) => text.includes(f.text));
        if (form) out.push({ source: entry.source, encoding: form.encoding });
      }
      return out;
    },
  };
}
