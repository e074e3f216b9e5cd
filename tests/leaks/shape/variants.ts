/**
 * Shape-catchable leak variants: a Genesys client secret (no known value: nothing to match against) put
 * into state the ways programs actually do it — URL userinfo, query strings, Basic headers, stringified
 * JSON, text around it, base64/hex/double-base64/%-encoding, map keys, URNs, StringAssets, and upper- or
 * lower-cased copies in credential positions. Each variant builds a corpus case whose resource `leak`
 * (or the URN) holds the secret; tests/unit/leaks/shape.test.ts measures the catch rate.
 */
import type { CorpusCase } from "../clean/corpus";
import type { Rand } from "../random";

/** One variant. */
export interface LeakVariant {
  name: string;
  /** Builds the case around `secret` (the value the detection must find without knowing it). */
  build(secret: string, r: Rand): CorpusCase;
}

const SIG = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const TYPE = "custom:index:Integration";

const b64 = (s: string): string => Buffer.from(s).toString("base64");
const one = (props: Record<string, unknown>, name = "leak"): CorpusCase => ({
  resources: [{ type: TYPE, name, inputs: { ...props }, outputs: { ...props } }],
  stackOutputs: {},
});

/** Every variant. */
export const LEAK_VARIANTS: readonly LeakVariant[] = [
  { name: "URL userinfo", build: (s, r) => one({ endpoint: `https://${r.uuid()}:${s}@api.mypurecloud.ie/oauth/token` }) },
  {
    name: "query string",
    build: (s, r) => one({ callbackUrl: `https://login.mypurecloud.ie/oauth/token?client_id=${r.uuid()}&client_secret=${s}&grant_type=client_credentials` }),
  },
  { name: "Basic header", build: (s, r) => one({ headers: { Authorization: `Basic ${b64(`${r.uuid()}:${s}`)}`, Accept: "application/json" } }) },
  {
    name: "Basic header in a header text",
    build: (s, r) => one({ rawHeaders: `POST /oauth/token HTTP/1.1\r\nHost: login.mypurecloud.ie\r\nAuthorization: Basic ${b64(`${r.uuid()}:${s}`)}\r\n` }),
  },
  { name: "JSON.stringify", build: (s, r) => one({ settings: JSON.stringify({ clientId: r.uuid(), clientSecret: s, region: "mypurecloud.ie" }) }) },
  { name: "JSON.stringify twice", build: (s, r) => one({ settings: JSON.stringify(JSON.stringify({ id: r.uuid(), secret: s })) }) },
  { name: "text around", build: (s, r) => one({ notes: `Deployed integration ${r.uuid()} with ${s} on ${r.isoDate()}` }) },
  { name: "dotenv text", build: (s) => one({ dotenv: `REGION=mypurecloud.ie\nGC_CLIENT_SECRET=${s}\nLOG_LEVEL=info\n` }) },
  { name: "YAML text", build: (s, r) => one({ config: `genesys:\n  clientId: ${r.uuid()}\n  clientSecret: ${s}\n` }) },
  { name: "base64", build: (s) => one({ payload: b64(s) }) },
  { name: "base64 of id:secret", build: (s, r) => one({ token: b64(`${r.uuid()}:${s}`) }) },
  { name: "base64url of id:secret", build: (s, r) => one({ token: Buffer.from(`${r.uuid()}:${s}`).toString("base64url") }) },
  { name: "hex", build: (s) => one({ blob: Buffer.from(s).toString("hex") }) },
  { name: "double base64", build: (s, r) => one({ blob: b64(b64(`${r.uuid()}:${s}`)) }) },
  { name: "fully %-encoded", build: (s) => one({ encoded: [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("") }) },
  { name: "%-encoded in a query", build: (s) => one({ link: `https://example.com/cb?data=${encodeURIComponent(`secret=${s}&x=1`)}` }) },
  { name: "map key", build: (s) => one({ tags: { [s]: "true", team: "platform" } }) },
  {
    name: "URN (resource name)",
    build: (s) => ({
      resources: [{ type: TYPE, name: s, inputs: { description: "named after the secret" }, outputs: { description: "named after the secret" } }],
      stackOutputs: {},
    }),
  },
  {
    name: "StringAsset text",
    build: (s, r) => one({ source: { [SIG]: ASSET_SIG, hash: r.hex(32), text: `[genesys]\nclient_id = "${r.uuid()}"\nclient_secret = "${s}"\n` } }),
  },
  { name: "upper-cased in a Basic header", build: (s, r) => one({ headers: { Authorization: `Basic ${b64(`${r.uuid()}:${s.toUpperCase()}`)}` } }) },
  {
    name: "upper-cased in a secret-named query parameter",
    build: (s, r) => one({ url: `https://api.example.com/hook?client_id=${r.uuid()}&client_secret=${s.toUpperCase()}` }),
  },
  { name: "lower-cased as URL password", build: (s, r) => one({ endpoint: `https://${r.uuid()}:${s.toLowerCase()}@api.example.com/` }) },
  { name: "upper-cased under a password-named property", build: (s) => one({ adminPassword: s.toUpperCase() }) },
  {
    name: "stack output under an innocent name",
    build: (s) => ({ resources: [{ type: TYPE, name: "leak", inputs: {}, outputs: {} }], stackOutputs: { buildInfo: s } }),
  },
];
