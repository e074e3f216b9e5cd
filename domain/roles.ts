/**
 * Role grants as Genesys Cloud stores them on an OAuth client: the one definition the Genesys client
 * (genesys/), the providers (providers/) and the emulator (emulator/) share. Dependency-free.
 */

/** A role granted in a division (`divisionId` `*` means all divisions): Genesys' `roleDivisions` entry. */
export interface RoleDivision {
  roleId: string;
  divisionId: string;
}
