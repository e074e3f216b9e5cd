/**
 * Validation of records read back from a store, shared by every store. A record that does not
 * parse raises `store.io` with a message that never includes the stored text.
 */
import { GuardError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { CREDENTIAL_SCHEMA, CredentialRecord, PendingRotation, StandbyClient } from "./store";

const OPTIONAL = ["region", "apiBaseUrl", "loginBaseUrl", "clientName", "rotationKey"] as const;

/**
 * The idempotence key of a write: the rotationId, plus the pending rotation's id when the record carries
 * one. A write-ahead intent keeps the current secret (and so its rotationId) and must still be written;
 * a record without `pending` keys exactly as before, so existing versions/ClientRequestTokens are unchanged.
 */
export function writeKey(record: CredentialRecord): string {
  return record.pending ? `${record.rotationId}+pending:${record.pending.rotationId}` : record.rotationId;
}

/** Check a record before writing it; registers its secrets. Throws `input.invalid` without values. */
export function checkRecord(record: CredentialRecord): void {
  registerSecret(record?.clientSecret);
  registerSecret(record?.pending?.clientSecret);
  const bad: string[] = [];
  if (record?.schema !== CREDENTIAL_SCHEMA) bad.push("schema");
  for (const key of ["clientId", "clientSecret", "rotationId", "rotatedAt"] as const) {
    if (typeof record?.[key] !== "string" || record[key] === "") bad.push(key);
  }
  if (record?.pending !== undefined && !toPending(record.pending)) bad.push("pending");
  if (record?.standby !== undefined && !toStandby(record.standby)) bad.push("standby");
  if (bad.length > 0) {
    throw new GuardError("input.invalid", `The credential record to write has missing or invalid fields: ${bad.join(", ")}.`);
  }
}

function toPending(value: unknown): PendingRotation | undefined {
  const v = value as Record<string, unknown> | null | undefined;
  if (!v || typeof v !== "object") return undefined;
  if (typeof v.rotationId !== "string" || !v.rotationId || typeof v.startedAt !== "string" || typeof v.clientId !== "string" || !v.clientId) return undefined;
  const pending: PendingRotation = { rotationId: v.rotationId, startedAt: v.startedAt, clientId: v.clientId };
  if (typeof v.clientSecret === "string" && v.clientSecret) {
    registerSecret(v.clientSecret);
    pending.clientSecret = v.clientSecret;
  }
  return pending;
}

function toStandby(value: unknown): StandbyClient | undefined {
  const v = value as Record<string, unknown> | null | undefined;
  if (!v || typeof v !== "object" || typeof v.clientId !== "string" || !v.clientId) return undefined;
  const standby: StandbyClient = { clientId: v.clientId };
  if (typeof v.clientName === "string") standby.clientName = v.clientName;
  return standby;
}

/** Turn stored JSON (already parsed) into a record; registers its secrets. */
export function toRecord(value: unknown, where: string): CredentialRecord {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.clientSecret === "string") registerSecret(v.clientSecret);
  const bad: string[] = [];
  if (v.schema !== CREDENTIAL_SCHEMA) bad.push("schema");
  for (const key of ["clientId", "clientSecret", "rotationId", "rotatedAt"]) {
    if (typeof v[key] !== "string") bad.push(key);
  }
  if (bad.length > 0) {
    throw new GuardError("store.io", `${where} does not hold a genesys-oauth-guard credential record (missing or invalid: ${bad.join(", ")}).`, {
      hint: "Point the reference at a secret written by genesys-oauth-guard, or remove what is stored there.",
    });
  }
  const record: CredentialRecord = {
    schema: CREDENTIAL_SCHEMA,
    clientId: v.clientId as string,
    clientSecret: v.clientSecret as string,
    rotationId: v.rotationId as string,
    rotatedAt: v.rotatedAt as string,
  };
  for (const key of OPTIONAL) if (typeof v[key] === "string") record[key] = v[key];
  // Unreadable optional parts are dropped rather than failing the read: the top-level pair is what counts.
  const pending = toPending(v.pending);
  if (pending) record.pending = pending;
  const standby = toStandby(v.standby);
  if (standby) record.standby = standby;
  return record;
}

/** The record as a plain object with only the known fields (what is serialised). */
export function recordFields(record: CredentialRecord): CredentialRecord {
  const out: CredentialRecord = {
    schema: record.schema,
    clientId: record.clientId,
    clientSecret: record.clientSecret,
    rotationId: record.rotationId,
    rotatedAt: record.rotatedAt,
  };
  for (const key of OPTIONAL) if (record[key] !== undefined) out[key] = record[key];
  if (record.pending) out.pending = toPending(record.pending);
  if (record.standby) out.standby = toStandby(record.standby);
  return out;
}
