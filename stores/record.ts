/**
 * Validation of records read back from a store, shared by every store. A record that does not
 * parse raises `store.io` with a message that never includes the stored text.
 */
import { GuardError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { CREDENTIAL_SCHEMA, CredentialRecord } from "./store";

const OPTIONAL = ["region", "apiBaseUrl", "loginBaseUrl", "clientName"] as const;

/** Check a record before writing it; registers its secret. Throws `input.invalid` without values. */
export function checkRecord(record: CredentialRecord): void {
  registerSecret(record?.clientSecret);
  const bad: string[] = [];
  if (record?.schema !== CREDENTIAL_SCHEMA) bad.push("schema");
  for (const key of ["clientId", "clientSecret", "rotationId", "rotatedAt"] as const) {
    if (typeof record?.[key] !== "string" || record[key] === "") bad.push(key);
  }
  if (bad.length > 0) {
    throw new GuardError("input.invalid", `The credential record to write has missing or invalid fields: ${bad.join(", ")}.`);
  }
}

/** Turn stored JSON (already parsed) into a record; registers its secret. */
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
  for (const key of OPTIONAL) if (typeof v[key] === "string") record[key] = v[key] as string;
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
  return out;
}
