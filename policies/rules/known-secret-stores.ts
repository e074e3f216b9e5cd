/**
 * `genesys-known-secret-stores-readable` (advisory): the stores named by the stack's own OAuthClient /
 * SecretRotation / ClientPair could be read, so the other rules matched their secrets in every encoding.
 * A store that could not be read (or a pack that could not load the store code) is only a note: the
 * preview never fails because of it, and the shape rules still apply.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { stackMatcher } from "./known-secret-checks";
import { knownSecretNotes } from "./known-secrets";

/** Policy name. */
export const KNOWN_SECRET_STORES_POLICY = "genesys-known-secret-stores-readable";

/** The rule: reports, once per run, each note about a store that could not be read. */
export const knownSecretStoresReadable: StackValidationPolicy = {
  name: KNOWN_SECRET_STORES_POLICY,
  displayName: "Stores named by the stack can be read for known-secret matching",
  description:
    "The pack reads the secret each store named by the stack's own OAuthClient, SecretRotation and ClientPair holds, and looks for it " +
    "in every resource, output, URN and name, in any encoding. This advisory rule notes a store that could not be read: matching then " +
    "goes on without that secret (shape rules only).",
  enforcementLevel: "advisory",
  severity: "low",
  tags: ["genesys", "secrets", "stores"],
  remediationSteps:
    "Run the preview with the store credentials the providers use (VAULT_ADDR/VAULT_TOKEN, the AWS credential chain, a readable file store), " +
    "and install genesys-oauth-guard (with its dist/) next to the pack.",
  validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
    await stackMatcher(args.resources);
    for (const note of knownSecretNotes()) reportViolation(note);
  },
};
