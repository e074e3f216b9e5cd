/**
 * The rule catalogue the audit reports against: every rule of detection/ (shared with the policy pack,
 * including known-secret matching of what the stores hold) plus the `__provider` rules of
 * detection/provider-source.ts, which only exported state can show.
 */
import { PROVIDER_RULES } from "../detection/provider-source";
import { RULES, type RuleDefinition } from "../detection/rules";

/** How to fix what each rule finds (SARIF `help`, `--help`). */
export const REMEDIATION: Readonly<Record<string, string>> = {
  "genesys-secret-key-plaintext":
    "Do not pass or return the client secret as a property: route it to a store (secretStore) and keep only its reference and marker in state. Rotate the secret: it is readable in state, history and backups.",
  "genesys-secret-key-encrypted":
    "Encrypted is still in state: remove the secret from the resource and route it to a store; rotate it if the state was shared.",
  "genesys-secret-key-unknown": "A secret-bearing property receives a computed value: make sure it is not the client secret.",
  "genesys-secret-named-output": "Remove the stack output (or rename it if it holds no secret); read secrets from the store instead.",
  "genesys-encrypted-value": "Nothing secret belongs here: remove the secret from the stack output, config or provider output; use a store reference instead.",
  "genesys-secret-shape": "Check the value: if it is a client secret, remove it from state and rotate it; if not, tune --entropy-threshold or ignore the key.",
  "genesys-secret-in-text":
    "A script or text carries a secret-shaped token: read the secret at run time from the store or the environment instead of embedding it.",
  "genesys-secret-reference-in-script":
    "Do not echo secrets or write them to files from commands; pass them through the environment to the process that needs them.",
  "genesys-secret-cross-reference": "The value a secret-bearing property holds was copied here: remove the copy and rotate the secret.",
  "genesys-exposed-secret-setting":
    "Turn off expose_client_secret / directory_client_secret; use this project's OAuthClient with a secret store (for clients in Terraform state, `genesys-oauth-guard migrate-terraform` writes the program that adopts them and regenerates the leaked secret into the store).",
  "genesys-provider-captured-credential":
    "Read credentials inside the provider's methods (process.env) or in configure(); never at module level or on the provider object. Rotate the captured credential.",
  "genesys-provider-env-snapshot":
    "The provider captured process.env: reference individual variables inside methods instead. Rotate every credential that was in the environment.",
  "genesys-provider-secret-literal": "Remove the literal from the provider code; read the secret at run time from a store.",
  "genesys-provider-captured-secret-output": "The provider object captured a secret Output: pass it as an input or read it in configure() instead.",
  "genesys-stored-secret-match":
    "A secret a store holds is in state (possibly encoded, in a name or a URN): remove it from state (and history/backups) and rotate it now.",
};

/** Every rule the audit may report, by id. */
export function allRules(): Record<string, RuleDefinition> {
  return { ...RULES, ...(PROVIDER_RULES as Record<string, RuleDefinition>) };
}
