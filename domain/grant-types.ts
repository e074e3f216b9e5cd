/**
 * The OAuth grant types of Genesys Cloud: the one definition the Genesys client (genesys/), the
 * providers (providers/) and the emulator (emulator/) share. Dependency-free on purpose, so that none of
 * those folders has to import another to agree on the spelling.
 */

/** Grant types Genesys Cloud accepts, in the canonical spelling it reads back. */
export const GRANT_TYPES = ["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"] as const;

/** One Genesys OAuth grant type, canonical spelling (upper case, hyphenated). */
export type GrantType = (typeof GRANT_TYPES)[number];

/** True for a grant type in its canonical spelling. */
export function isGrantType(value: unknown): value is GrantType {
  return typeof value === "string" && (GRANT_TYPES as readonly string[]).includes(value);
}

/**
 * The canonical spelling of a grant type written in any case, with surrounding blanks; `SAML2BEARER`
 * (which the service accepts too) becomes `SAML2-BEARER`. Undefined for anything else — including
 * `CLIENT_CREDENTIALS`, which is not a Genesys grant type (the hyphen is part of the name).
 */
export function normaliseGrantType(value: string): GrantType | undefined {
  const upper = value.trim().toUpperCase();
  if (upper === "SAML2BEARER") return "SAML2-BEARER";
  return isGrantType(upper) ? upper : undefined;
}
