/**
 * Redaction: the one place that decides what of an HTTP exchange or an error may be shown.
 *
 * axios errors carry the request config (headers with `Authorization`, the body with a secret) and the
 * response (a body with `secret` after create/regenerate). Nothing from them is printed as is: the
 * HTTP client converts them with {@link describeHttpFailure}, and free text goes through
 * {@link redactText} with every secret the process knows registered via {@link registerSecret}.
 */

import { isCredentialKey } from "../domain/secret-keys";

const REDACTED = "[REDACTED]";
const known = new Set<string>();

/**
 * True when a property name is one whose value is never shown: any credential of the project's one
 * secret-key vocabulary (domain/secret-keys.ts).
 */
export function isSecretKey(key: string): boolean {
  return isCredentialKey(key);
}

/**
 * Remember a secret value so that {@link redactText} removes it from any text later.
 * Values shorter than 6 characters are ignored (too likely to hit ordinary words).
 */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) known.add(value);
}

/** Forget every registered secret (tests). */
export function clearRegisteredSecrets(): void {
  known.clear();
}

/** Encodings in which a registered secret is also removed from text. */
function encodings(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), Buffer.from(value, "utf8").toString("base64"), encodeURIComponent(value)];
}

/** Replace every registered secret (raw, JSON-escaped, base64, URL-encoded) and every bearer/basic credential. */
export function redactText(text: string): string {
  let out = text;
  for (const value of known) {
    for (const form of encodings(value)) {
      if (form) out = out.split(form).join(REDACTED);
    }
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/("?(?:client_?secret|secret|access_token|token|password)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${REDACTED}"`);
}

/** Deep copy of a JSON-like value with the values of secret-named keys replaced. */
export function redactValue<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
        out[k] = isSecretKey(k) ? REDACTED : walk(inner);
      }
      return out;
    }
    if (typeof v === "string") return redactText(v);
    return v;
  };
  return walk(value) as T;
}

export { REDACTED };
