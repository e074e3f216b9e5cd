/**
 * Terraform state: reading both JSON shapes (state file v4, `terraform show -json` 1.x), its Genesys resources
 * and the secrets they hold, and the plan/program that moves its OAuth clients to Pulumi (`migrate-terraform`).
 */
export type * from "./types";
export {
  SUPPORTED_STATE_VERSION,
  SUPPORTED_SHOW_JSON_MAJOR,
  checkTerraformFormat,
  isTerraformDocument,
  isTerraformStateName,
  looksLikeTerraformState,
} from "./format";
export { instanceAddress, shellQuote } from "./address";
export { isStateFileResource, outputsOf, showJsonModuleInstances, stateFileInstances } from "./instances";
export { parseTerraformState, readTerraformStateFile } from "./read-state";
export { credentialClientId, isGenesysInstance, oauthClientOf, secretsOf } from "./genesys-resources";
export type { TerraformOAuthClient, TerraformRoleGrant } from "./genesys-resources";
export { buildMigrationPlan, resourceNameOf, variableNameOf } from "./migration-plan";
export type { MigrationInput, MigrationOptions, MigrationPlan, PlannedArgs, PlannedClient, StateRemoval } from "./migration-plan";
export { renderPlanJson, renderProgram, tsString } from "./migration-program";
export { checkClientsExist, checkNotManaged } from "./migration-checks";
export type { ClientFinder } from "./migration-checks";
