/**
 * The leak variants of the corpus program (tests/leaks/programs/corpus/index.ts), which names each stack
 * output or resource after its id. The e2e test counts a variant as caught when a mandatory violation
 * names its output or resource; a variant missing from the program counts as missed.
 */

/** Where the variant puts the secret. */
export type LeakSink = "stack-output" | "resource-input" | "resource-name";

/** One leak variant. */
export interface LeakVariant {
  /** Output or resource name (or prefix: `leak07_split` covers `leak07_split_a` and `_b`). */
  id: string;
  /** Where the value goes. */
  sink: LeakSink;
  /** What the program does. */
  description: string;
  /**
   * True when the first preview (client not created, every derived value unknown) can block it through
   * the dependency edge: false only for a resource created inside an apply (it does not exist until the
   * secret is known).
   */
  taintable: boolean;
  /**
   * True when, at the second preview (values known), catching it depends on the known-secret matcher
   * (detection/known-secrets.ts, another branch): an encoding of the secret that neither the existing
   * detection nor the taint rule's own check (raw, case, reversal, separators, pieces, random-looking
   * tokens in resource inputs) recognises.
   */
  needsKnownSecretMatcher: boolean;
}

/** Every variant, in program order. */
export const LEAK_VARIANTS: readonly LeakVariant[] = [
  { id: "leak01_raw", sink: "stack-output", description: "the secret as is", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak02_base64", sink: "stack-output", description: "base64", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak03_base64url", sink: "stack-output", description: "base64url", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak04_hex", sink: "stack-output", description: "hex", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak05_upper", sink: "stack-output", description: "upper-cased", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak06_lower", sink: "stack-output", description: "lower-cased", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak07_split", sink: "stack-output", description: "split across two outputs", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak08_chars", sink: "stack-output", description: "spread into a character array", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak09_json", sink: "stack-output", description: "JSON.stringify({clientSecret})", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak10_url_userinfo", sink: "stack-output", description: "URL with id:secret@ userinfo", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak11_query", sink: "stack-output", description: "?client_secret= in a URL", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak12_basic_header", sink: "stack-output", description: "Basic base64(id:secret) header", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak13_text_around", sink: "stack-output", description: "text around the secret", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak14_map_key", sink: "stack-output", description: "the secret as a map key", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak15_nested_array", sink: "stack-output", description: "nested in arrays and objects", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak16_reversed", sink: "stack-output", description: "reversed", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak17_secret_wrapped", sink: "stack-output", description: "pulumi.secret() around it", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak18_dotenv", sink: "stack-output", description: "a dotenv text under an innocent name", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak19_json_base64", sink: "stack-output", description: "base64 of a JSON credential record", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak20_grouped", sink: "stack-output", description: "grouped in fours with dashes", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak21_rot13", sink: "stack-output", description: "rot13", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak22_percent_encoded", sink: "stack-output", description: "every character percent-encoded", taintable: true, needsKnownSecretMatcher: true },
  { id: "leak23_spaced", sink: "stack-output", description: "characters separated by spaces", taintable: true, needsKnownSecretMatcher: false },
  {
    id: "leak24_rotation_output",
    sink: "stack-output",
    description: "base64 of the SecretRotation's opted-in output",
    taintable: true,
    needsKnownSecretMatcher: true,
  },
  { id: "leak30_tag", sink: "resource-input", description: "in a tag of another resource", taintable: true, needsKnownSecretMatcher: false },
  {
    id: "leak31_command_script",
    sink: "resource-input",
    description: "in a command script (curl -u id:secret)",
    taintable: true,
    needsKnownSecretMatcher: false,
  },
  { id: "leak32_string_asset", sink: "resource-input", description: "in a StringAsset", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak33_env_var_innocent_name", sink: "resource-input", description: "env var named TOKEN", taintable: true, needsKnownSecretMatcher: false },
  {
    id: "leak34_id_from_secret",
    sink: "resource-input",
    description: "an input the provider returns as the resource id",
    taintable: true,
    needsKnownSecretMatcher: false,
  },
  { id: "leak35_args_array", sink: "resource-input", description: "in an argument list", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak36_base64_tag", sink: "resource-input", description: "base64 in a label", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak37_config_file_text", sink: "resource-input", description: "in a YAML file's text", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak38_char_codes", sink: "resource-input", description: "character codes joined by commas", taintable: true, needsKnownSecretMatcher: false },
  { id: "leak39_hop1", sink: "resource-input", description: "base64 into an intermediate resource", taintable: true, needsKnownSecretMatcher: false },
  {
    id: "leak40_hop2_transitive",
    sink: "resource-input",
    description: "read from the intermediate resource's output",
    taintable: true,
    needsKnownSecretMatcher: false,
  },
  { id: "leak41_header_map", sink: "resource-input", description: "Authorization: Basic header in a map", taintable: true, needsKnownSecretMatcher: false },
  {
    id: "leak42_urn",
    sink: "resource-name",
    description: "a resource created in an apply, named after the secret (URN)",
    taintable: false,
    needsKnownSecretMatcher: false,
  },
];
