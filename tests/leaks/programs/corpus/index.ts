/**
 * The leak corpus: one Pulumi program with one stack output or resource per leak variant, each named after
 * its variant id (`leakNN_...`, see tests/leaks/variants.ts), all deriving a value from the opted-in
 * `clientSecret` output of a real OAuthClient (the Genesys emulator, a file store).
 *
 * Config `phase`: `client` declares only the client (for the `up` that makes the secret known), `all` (the
 * default) adds every variant. The client's arguments are the same in both phases, so it is not replaced.
 */
import * as pulumi from "@pulumi/pulumi";
import { OAuthClient } from "genesys-oauth-guard";

const config = new pulumi.Config();
const phase = config.get("phase") ?? "all";

const client = new OAuthClient("ci", {
  name: "leak-corpus",
  authorizedGrantType: "CLIENT-CREDENTIALS",
  roles: ["Developer"],
  secretStore: config.get("secretStore") ?? "file://./.secrets/ci",
  rotation: { every: "30d" },
  exposeSecretAsOutput: true,
});

const outputs: Record<string, pulumi.Input<unknown>> = { clientId: client.clientId };

if (phase === "all") {
  const provider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: Record<string, unknown>) {
      return { id: typeof inputs.idFrom === "string" ? inputs.idFrom : `r-${Math.random().toString(36).slice(2)}`, outs: inputs };
    },
  };
  /** Any resource a user might hand the secret to. */
  class Thing extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
      super(provider, name, props, opts);
    }
  }

  const s: pulumi.Output<string> = client.clientSecret.apply((v) => v ?? "");
  const id = client.clientId;
  const b64 = (t: string): string => Buffer.from(t).toString("base64");
  const rot13 = (t: string): string =>
    t.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)));

  // Stack outputs.
  outputs.leak01_raw = s;
  outputs.leak02_base64 = s.apply(b64);
  outputs.leak03_base64url = s.apply((v) => Buffer.from(v).toString("base64url"));
  outputs.leak04_hex = s.apply((v) => Buffer.from(v).toString("hex"));
  outputs.leak05_upper = s.apply((v) => v.toUpperCase());
  outputs.leak06_lower = s.apply((v) => v.toLowerCase());
  outputs.leak07_split_a = s.apply((v) => v.slice(0, 10));
  outputs.leak07_split_b = s.apply((v) => v.slice(10));
  outputs.leak08_chars = s.apply((v) => [...v]);
  outputs.leak09_json = s.apply((v) => JSON.stringify({ clientSecret: v }));
  outputs.leak10_url_userinfo = pulumi.interpolate`https://${id}:${s}@api.example.com/v2/`;
  outputs.leak11_query = pulumi.interpolate`https://login.example.com/oauth/token?grant_type=client_credentials&client_secret=${s}`;
  outputs.leak12_basic_header = pulumi.all([id, s]).apply(([i, v]) => `Basic ${b64(`${i}:${v}`)}`);
  outputs.leak13_text_around = pulumi.interpolate`deployed; use ${s} to log in`;
  outputs.leak14_map_key = s.apply((v) => ({ [v]: "enabled" }));
  outputs.leak15_nested_array = s.apply((v) => [[{ deep: ["x", v] }]]);
  outputs.leak16_reversed = s.apply((v) => [...v].reverse().join(""));
  outputs.leak17_secret_wrapped = pulumi.secret(s);
  outputs.leak18_dotenv = pulumi.interpolate`GENESYS_ID=${id}\nGENESYS_TOKEN=${s}\n`;
  outputs.leak19_json_base64 = pulumi.all([id, s]).apply(([i, v]) => b64(JSON.stringify({ clientId: i, clientSecret: v })));
  outputs.leak20_grouped = s.apply((v) => v.match(/.{1,4}/g)?.join("-") ?? "");
  outputs.leak21_rot13 = s.apply(rot13);
  outputs.leak22_percent_encoded = s.apply((v) => [...v].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""));
  outputs.leak23_spaced = s.apply((v) => v.split("").join(" "));
  outputs.leak24_rotation_output = client.secretRotation!.clientSecret.apply((v) => b64(v ?? ""));

  // Resource inputs.
  new Thing("leak30_tag", { tags: { team: "platform", note: s } });
  new Thing("leak31_command_script", {
    create: pulumi.interpolate`curl -s -u ${id}:${s} https://login.example.com/oauth/token -d grant_type=client_credentials`,
  });
  new Thing("leak32_string_asset", { source: s.apply((v) => new pulumi.asset.StringAsset(`clientSecret: ${v}\n`)) });
  new Thing("leak33_env_var_innocent_name", { environment: { TOKEN: s } });
  new Thing("leak34_id_from_secret", { idFrom: s });
  new Thing("leak35_args_array", { args: ["--client-id", id, "--auth", s] });
  new Thing("leak36_base64_tag", { labels: { auth: s.apply(b64) } });
  new Thing("leak37_config_file_text", { content: pulumi.interpolate`genesys:\n  id: ${id}\n  key: ${s}\n` });
  new Thing("leak38_char_codes", { checksum: s.apply((v) => [...v].map((c) => c.charCodeAt(0)).join(",")) });
  /** A resource whose output `value` another resource reads. */
  class Hop extends Thing {
    declare readonly value: pulumi.Output<string>;
  }
  const hop1 = new Hop("leak39_hop1", { value: s.apply((v) => b64(v)) });
  new Thing("leak40_hop2_transitive", { copy: hop1.value.apply((v) => `copied:${v}`) });
  new Thing("leak41_header_map", { headers: pulumi.all([id, s]).apply(([i, v]) => ({ Authorization: `Basic ${b64(`${i}:${v}`)}` })) });
  // Created inside an apply: the secret is in the resource's name (its URN); nothing exists until the secret is known.
  s.apply((v) => new Thing(`leak42_urn_${v}`, { kind: "named-after-the-secret" }));
}

export = outputs;
