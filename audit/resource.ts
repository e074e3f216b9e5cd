/**
 * A resource as the audit engine scans it: a Pulumi state resource (or a pending operation's `resource`), or
 * a Terraform resource instance or output (audit/terraform-input.ts) presented the same way, so every rule
 * and pass of the engine applies to both.
 */
import type { ResourceView, ScanLocation } from "../detection/types";
import type { TerraformInstance } from "../terraform/types";

/**
 * A resource as read from state, reduced to what the rules need: the detection's {@link ResourceView} (for
 * Terraform, `urn` is the resource address `module.x.genesyscloud_oauth_client.app` or `output.<name>`), plus
 * what the audit's passes need.
 */
export interface StateResource extends ResourceView {
  /** The whole record as in state (a pending operation's `resource`): every string of it is matched against known secrets. */
  record: Record<string, unknown>;
  /** Path prefix of `outputs` in findings (`attributes` for a Terraform instance). Default `outputs`. */
  outputsPath?: string;
  /** How `outputs` are scanned (Terraform outputs are a stack's outputs). Default: by the Pulumi type. */
  outputsLocation?: ScanLocation;
  /** Top-level keys of `outputs` Terraform marked sensitive: findings there say it is plain text all the same. */
  sensitive?: readonly string[];
  /** The Terraform instance this resource stands for. */
  terraform?: TerraformInstance;
}
