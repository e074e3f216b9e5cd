/**
 * Terraform state as this project reads it, whichever of the two JSON shapes it came in: the state file
 * itself (`terraform.tfstate`, `terraform state pull`: format version 4) or `terraform show -json` (format
 * version 1.x, `values.root_module`). Both are reduced to resource instances with their attributes, and the
 * root module's outputs. Values are kept as they are in the file (secrets included): callers never print them.
 */

/** Which JSON shape the state came in. */
export type TerraformStateShape = "state" | "show-json";

/** One instance of a resource (`count`/`for_each` make several; a deposed object is one too). */
export interface TerraformInstance {
  /** Full address, e.g. `module.app.genesyscloud_oauth_client.ci["eu"]` (` (deposed <key>)` appended for a deposed object). */
  address: string;
  /** `managed` or `data`. */
  mode: string;
  /** Resource type, e.g. `genesyscloud_oauth_client`. */
  type: string;
  /** Resource name (the label in the configuration). */
  name: string;
  /** Module path (`module.a.module.b`), empty for the root module. */
  module: string;
  /** `count` index or `for_each` key, when there is one. */
  indexKey?: string | number;
  /** Deposed object key (create-before-destroy), when this is one. */
  deposed?: string;
  /** The attributes (raw state `attributes`, `terraform show -json` `values`). */
  attributes: Record<string, unknown>;
  /** Top-level attribute names Terraform marked sensitive (still plain text in the file). */
  sensitive: string[];
  /**
   * Everything the file holds for this instance, with the attributes under `attributes` whatever the shape
   * (plus `private`, `dependencies`, `index_key`, ...): every string of it is matched against known secrets.
   */
  record: Record<string, unknown>;
}

/** One root-module output. */
export interface TerraformOutput {
  name: string;
  value: unknown;
  /** `sensitive = true` in the configuration: hidden in the CLI, plain text in the file. */
  sensitive: boolean;
  /** The output as in the file (`{value, type, sensitive}`). */
  record: Record<string, unknown>;
}

/** A whole Terraform state, parsed. */
export interface TerraformState {
  shape: TerraformStateShape;
  /** `4` for a state file, `1.0`, `1.2`, ... for `terraform show -json`. */
  formatVersion: string;
  /** The Terraform version that wrote it, when the file says. */
  terraformVersion?: string;
  /** The state lineage (state files only). */
  lineage?: string;
  /** The state serial (state files only). */
  serial?: number;
  instances: TerraformInstance[];
  outputs: TerraformOutput[];
}
