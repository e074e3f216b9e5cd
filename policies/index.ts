/**
 * The genesys-oauth-guard policy pack: blocks every stack-output or state leak of a Genesys Cloud client
 * secret at preview, plus compliance rules for this project's OAuthClient resources.
 *
 *   pulumi preview --policy-pack policies [--policy-pack-config policies/examples/strict.json]
 *
 * The rules live in `rules/` (importable by tests); this file only starts the pack, which happens only
 * when the Pulumi engine runs it.
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES } from "./rules";

new PolicyPack("genesys-oauth-guard", {
  description: "Keeps Genesys Cloud OAuth client secrets out of Pulumi stack outputs and state.",
  displayName: "Genesys OAuth Guard",
  tags: ["genesys", "secrets"],
  policies: ALL_POLICIES,
});
