/**
 * Organisation inventory: every OAuth client of the org, who manages it, whether it is used, how old its
 * secret is, what it may do — and verdicts on those facts. See inventory/README.md.
 */
export * from "./types";
export * from "./rules";
export { judge } from "./judge";
export { findManagedClients } from "./managed";
export type { ManagedClients } from "./managed";
export { collectOrgFacts } from "./collect";
export type { CollectOptions, OrgFacts } from "./collect";
export { readSecretIssues } from "./secret-age";
export type { StoredIssue } from "./secret-age";
export { runInventory } from "./run";
export type { InventoryOptions } from "./run";
export {
  INVENTORY_FORMATS,
  formatInventory,
  formatInventoryCsv,
  formatInventoryJson,
  formatInventorySarif,
  formatInventoryTable,
  hasVerdictAtOrAbove,
} from "./report";
export type { InventoryFormat } from "./report";
