/**
 * Value helpers: values unknown during preview, Pulumi secret envelopes, property paths.
 */
import type { JsonValue } from "./types";

/**
 * Stands for a value that is not known yet (a Pulumi preview). Callers that read properties through
 * a proxy that throws on unknown values (the policy SDK) replace such values with {@link UNKNOWN}.
 */
export class UnknownValue {
  /** Always true; lets `isUnknown` work across copies of this module. */
  readonly unknownValue = true;
  /** Describes the marker, never a value. */
  toString(): string {
    return "<unknown during preview>";
  }
}

/** The one marker instance for unknown values. */
export const UNKNOWN: UnknownValue = new UnknownValue();

/** True for the unknown-value marker (also one created by another copy of this module). */
export function isUnknown(value: unknown): value is UnknownValue {
  return (
    value instanceof UnknownValue ||
    (typeof value === "object" && value !== null && (value as { unknownValue?: unknown }).unknownValue === true && Object.keys(value).length === 1)
  );
}

/** The signature key of Pulumi's special values (secrets, assets) in serialized state. */
export const PULUMI_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value that marks a secret. */
export const PULUMI_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A Pulumi secret envelope as written to exported state. */
export interface SecretEnvelope {
  /** `v1:...` when encrypted. */
  ciphertext?: string;
  /** The JSON text of the value, when exported with `--show-secrets`. */
  plaintext?: string;
}

/** Returns the envelope when `value` is a Pulumi secret envelope, otherwise undefined. */
export function asSecretEnvelope(value: unknown): SecretEnvelope | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (record[PULUMI_SIG_KEY] !== PULUMI_SECRET_SIG) return undefined;
  const envelope: SecretEnvelope = {};
  if (typeof record.ciphertext === "string") envelope.ciphertext = record.ciphertext;
  if (typeof record.plaintext === "string") envelope.plaintext = record.plaintext;
  return envelope;
}

/** Parses an envelope's plaintext (JSON text); a non-JSON text is returned as the string itself. */
export function decodeEnvelopePlaintext(plaintext: string): JsonValue {
  try {
    return JSON.parse(plaintext) as JsonValue;
  } catch {
    return plaintext;
  }
}

/** Appends a key to a property path: `a.b`, `a["odd key"]`. */
export function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a property path: `a[0]`. */
export function joinIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
