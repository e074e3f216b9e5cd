/**
 * Whether the policy pack can start here: its runtime dependencies (@pulumi/policy, @pulumi/pulumi) must
 * resolve from policies/ — its own node_modules or the project's.
 */
import { packDir } from "./policy-packs";

/** True when `@pulumi/policy` resolves from the pack's directory. */
export function packResolvable(): boolean {
  try {
    require.resolve("@pulumi/policy", { paths: [packDir] });
    return true;
  } catch {
    return false;
  }
}
