/**
 * Hand-made leak variants: `pulumi stack export` documents (version 3) around one generated client secret,
 * each leaking it in a different way — every encoding, nesting, property names, URNs, ids, dependencies,
 * assets, splits, char arrays, stringified objects, URL userinfo and query strings, HTTP Basic, text around
 * it, deep nesting, double base64, fully percent-encoded, upper case, reversed, ...
 *
 * The base stack is this project's own: an OAuthClient (and its SecretRotation) whose `secretStore` names
 * the store that holds the secret, so that the audit discovers and reads it by itself. The base alone is
 * clean; so are the controls (the documented opt-in output). Nothing here is a literal secret: the secret
 * is made at run time.
 */

/** A state resource as `pulumi stack export` writes it. */
export interface ExportResource {
  urn: string;
  custom: boolean;
  type: string;
  id?: string;
  parent?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  aliases?: string[];
  [key: string]: unknown;
}

/** What every variant is built from. */
export interface LeakContext {
  /** The secret the store holds. */
  secret: string;
  /** The client id stored with it. */
  clientId: string;
  /** The store reference the OAuthClient names. */
  storeReference: string;
}

/** A deployment being built: resources plus pending operations. */
export interface DeploymentDraft {
  resources: ExportResource[];
  pendingOperations: { resource: ExportResource; type: string }[];
}

/** One variant. */
export interface LeakVariant {
  /** Short unique name. */
  name: string;
  /** The category of leak (one per variant). */
  category: string;
  /** Adds the leak to a clean draft. */
  apply(draft: DeploymentDraft, ctx: LeakContext): void;
  /** Post-processes the export text (e.g. `\u`-escapes in the file itself). */
  rewriteText?(text: string, ctx: LeakContext): string;
}

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const PROJECT = "leaky";
const STACK = "dev";

/** A URN of this stack. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

const STACK_URN = urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
const NODE_PROVIDER = urnOf("pulumi:providers:pulumi-nodejs", "default");
const AWS_PROVIDER = urnOf("pulumi:providers:aws", "default_6_0_0");
const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
const ROTATION = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";

const b64 = (t: string | Buffer): string => Buffer.from(t).toString("base64");
const b64url = (t: string | Buffer): string => Buffer.from(t).toString("base64url");
const hex = (t: string): string => Buffer.from(t).toString("hex");
const pctAll = (t: string): string => [...Buffer.from(t)].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join("");
const uEsc = (t: string): string => [...t].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
const reverse = (t: string): string => [...t].reverse().join("");
const encrypted = (): Record<string, string> => ({ [SIG]: SECRET_SIG, ciphertext: "v1:6Yk1ZdHn4Xw=:v1:Z2VuZXN5czpjaXBoZXJ0ZXh0" });
const shown = (value: unknown): Record<string, string> => ({ [SIG]: SECRET_SIG, plaintext: JSON.stringify(value) });

/** The clean stack: root, providers, our OAuthClient and SecretRotation (naming the store), a bucket. */
export function cleanDraft(ctx: LeakContext): DeploymentDraft {
  const clientInputs = {
    name: "ci-pipeline",
    description: "CI client",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    roles: [{ role: "Developer", division: "*" }],
    scopes: [],
    redirectUris: [],
    accessTokenValiditySeconds: 86400,
    state: "active",
    secretStore: ctx.storeReference,
    deleteSecretOnDestroy: false,
    exposeSecretAsOutput: false,
    rotation: { every: "30d" },
  };
  const marker = "sha256:4f1d0c9a7b3e2d18";
  return {
    resources: [
      { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: { clientId: ctx.clientId, storeReference: ctx.storeReference } },
      { urn: NODE_PROVIDER, custom: true, id: "0c1f6d3e-5b7a-4c2d-9e8f-1a2b3c4d5e6f", type: "pulumi:providers:pulumi-nodejs", inputs: {}, outputs: {} },
      {
        urn: AWS_PROVIDER,
        custom: true,
        id: "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c",
        type: "pulumi:providers:aws",
        inputs: { region: "eu-west-1" },
        outputs: { region: "eu-west-1" },
      },
      {
        urn: urnOf(OAUTH, "ci"),
        custom: true,
        id: ctx.clientId,
        type: OAUTH,
        parent: STACK_URN,
        provider: `${NODE_PROVIDER}::0c1f6d3e-5b7a-4c2d-9e8f-1a2b3c4d5e6f`,
        inputs: clientInputs,
        additionalSecretOutputs: ["clientSecret"],
        outputs: {
          ...clientInputs,
          clientId: ctx.clientId,
          storeVersion: "1",
          rotationId: "7d0c3b1a-9e8f-4a2b-8c1d-2e3f4a5b6c7d",
          secretCreatedAt: "2026-11-01T00:00:00.000Z",
          secretMarker: marker,
        },
      },
      {
        urn: urnOf(ROTATION, "ci-rotation"),
        custom: true,
        id: "3e2d1c0b-aaaa-4bbb-8ccc-9d8e7f6a5b4c",
        type: ROTATION,
        parent: urnOf(OAUTH, "ci"),
        inputs: { clientId: ctx.clientId, secretStore: ctx.storeReference, trigger: "2026-11", exposeSecretAsOutput: false, verifyTimeoutSeconds: 60 },
        additionalSecretOutputs: ["clientSecret"],
        outputs: {
          clientId: ctx.clientId,
          secretStore: ctx.storeReference,
          trigger: "2026-11",
          rotationId: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
          rotatedAt: "2026-11-01T00:00:00.000Z",
          storeVersion: "2",
          secretMarker: marker,
          verified: true,
        },
      },
      {
        urn: urnOf("aws:s3/bucket:Bucket", "logs"),
        custom: true,
        id: "logs-7f3a9c",
        type: "aws:s3/bucket:Bucket",
        parent: STACK_URN,
        provider: `${AWS_PROVIDER}::6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c`,
        inputs: { bucket: "logs-7f3a9c", tags: { team: "platform" } },
        outputs: { bucket: "logs-7f3a9c", arn: "arn:aws:s3:::logs-7f3a9c", tags: { team: "platform" } },
      },
    ],
    pendingOperations: [],
  };
}

function find(draft: DeploymentDraft, type: string): ExportResource {
  const r = draft.resources.find((x) => x.type === type);
  if (!r) throw new Error(`no ${type} in the draft`);
  return r;
}

const stackOutputs = (d: DeploymentDraft): Record<string, unknown> => (find(d, "pulumi:pulumi:Stack").outputs ??= {});
const bucket = (d: DeploymentDraft): ExportResource => find(d, "aws:s3/bucket:Bucket");

/** A resource of another kind carrying `inputs` and the same `outputs`. */
function addResource(d: DeploymentDraft, type: string, name: string, props: Record<string, unknown>, extra: Partial<ExportResource> = {}): ExportResource {
  const r: ExportResource = { urn: urnOf(type, name), custom: true, id: `${name}-id`, type, parent: STACK_URN, inputs: props, outputs: props, ...extra };
  d.resources.push(r);
  return r;
}

/** Every variant (each a different category). */
export const LEAK_VARIANTS: readonly LeakVariant[] = [
  { name: "stack-output-innocent-name", category: "raw value under an innocent name", apply: (d, c) => void (stackOutputs(d).endpointToken = c.secret) },
  { name: "text-around", category: "text around it", apply: (d, c) => void (stackOutputs(d).notes = `Use ${c.secret} for the pipeline; rotate monthly.`) },
  { name: "upper-case", category: "upper case", apply: (d, c) => void (stackOutputs(d).shout = c.secret.toUpperCase()) },
  { name: "lower-case", category: "lower case", apply: (d, c) => void (bucket(d).outputs!.labelValue = c.secret.toLowerCase()) },
  { name: "reversed", category: "reversed", apply: (d, c) => void (stackOutputs(d).mirror = reverse(c.secret)) },
  { name: "base64-standard", category: "base64 (standard, padded)", apply: (d, c) => void (stackOutputs(d).blob = b64(c.secret)) },
  { name: "base64-url-unpadded", category: "base64 (url-safe, unpadded)", apply: (d, c) => void (stackOutputs(d).blob = b64url(c.secret)) },
  {
    name: "base64-alignment-1",
    category: "base64 inside cloud-init, alignment 1",
    apply: (d, c) => void addResource(d, "aws:ec2/instance:Instance", "runner", { userDataBase64: b64(`#!/bin/bash\nexport K=${c.secret}\n`) }),
  },
  {
    name: "base64-alignment-2",
    category: "base64 inside a longer text, alignment 2",
    apply: (d, c) => void addResource(d, "aws:ec2/launchTemplate:LaunchTemplate", "lt", { userData: b64(`xy=${c.secret};`) }),
  },
  { name: "hex-lower", category: "hex (lower case)", apply: (d, c) => void (stackOutputs(d).digest = hex(c.secret)) },
  { name: "hex-upper", category: "hex (upper case)", apply: (d, c) => void (stackOutputs(d).digest = hex(c.secret).toUpperCase()) },
  {
    name: "percent-every-byte",
    category: "fully %-encoded",
    apply: (d, c) => void (stackOutputs(d).callback = `https://hooks.example.com/cb?k=${pctAll(c.secret)}`),
  },
  {
    name: "percent-component",
    category: "query string (encodeURIComponent)",
    apply: (d, c) => void (stackOutputs(d).healthUrl = `https://api.example.com/health?client_id=${c.clientId}&client_secret=${encodeURIComponent(c.secret)}`),
  },
  {
    name: "url-userinfo",
    category: "URL userinfo",
    apply: (d, c) =>
      void addResource(d, "kubernetes:core/v1:ConfigMap", "urls", { data: { API_URL: `https://${c.clientId}:${c.secret}@login.mypurecloud.ie/oauth/token` } }),
  },
  {
    name: "basic-header",
    category: "HTTP Basic header",
    apply: (d, c) =>
      void addResource(d, "command:local:Command", "token", {
        create: `curl -H "Authorization: Basic ${b64(`${c.clientId}:${c.secret}`)}" https://login.mypurecloud.ie/oauth/token`,
      }),
  },
  {
    name: "json-stringified-object",
    category: "JSON.stringify'd object",
    apply: (d, c) => void (stackOutputs(d).settings = JSON.stringify({ region: "eu-west-1", auth: { id: c.clientId, key: c.secret } })),
  },
  {
    name: "double-json-stringified",
    category: "JSON string inside a JSON string",
    apply: (d, c) => void (stackOutputs(d).doc = JSON.stringify(JSON.stringify({ k: c.secret }))),
  },
  { name: "unicode-escaped-value", category: "every character \\u-escaped (in the value)", apply: (d, c) => void (stackOutputs(d).escaped = uEsc(c.secret)) },
  {
    name: "unicode-escaped-file",
    category: "\\u-escaped bytes in the file itself",
    apply: (d, c) => void (bucket(d).outputs!.note = `k=${c.secret}`),
    rewriteText: (text, c) => text.split(c.secret).join(uEsc(c.secret)),
  },
  { name: "map-key", category: "a map key", apply: (d, c) => void (bucket(d).inputs!.tags = { team: "platform", [c.secret]: "ci" }) },
  {
    name: "map-key-encoded",
    category: "a base64 map key",
    apply: (d, c) => void (bucket(d).outputs!.tags = { team: "platform", [`cache-${b64(c.secret)}`]: "1" }),
  },
  {
    name: "urn",
    category: "a resource name (URN)",
    apply: (d, c) => void addResource(d, "aws:ssm/parameter:Parameter", `param-${c.secret}`, { type: "String", value: "x" }),
  },
  {
    name: "resource-id",
    category: "a resource id",
    apply: (d, c) => void addResource(d, "aws:iam/accessKey:AccessKey", "key", { user: "ci" }, { id: c.secret }),
  },
  {
    name: "dependencies",
    category: "a dependency URN",
    apply: (d, c) => void (bucket(d).dependencies = [urnOf(OAUTH, "ci"), urnOf("aws:ssm/parameter:Parameter", `p-${hex(c.secret)}`)]),
  },
  {
    name: "property-dependencies",
    category: "a property dependency URN",
    apply: (d, c) => void (bucket(d).propertyDependencies = { tags: [urnOf("random:index/randomId:RandomId", c.secret)] }),
  },
  {
    name: "parent",
    category: "a parent URN",
    apply: (d, c) => void addResource(d, "aws:s3/bucketObject:BucketObject", "obj", { key: "a" }, { parent: urnOf("my:component:Thing", c.secret) }),
  },
  {
    name: "provider-reference",
    category: "a provider reference",
    apply: (d, c) => void (bucket(d).provider = `${urnOf("pulumi:providers:aws", `p-${b64url(c.secret)}`)}::6f5e4d3c`),
  },
  { name: "aliases", category: "an alias URN", apply: (d, c) => void (bucket(d).aliases = [urnOf("aws:s3/bucket:Bucket", `old-${c.secret}`)]) },
  {
    name: "string-asset",
    category: "StringAsset text",
    apply: (d, c) =>
      void addResource(d, "aws:s3/bucketObject:BucketObject", "env-file", {
        source: { [SIG]: ASSET_SIG, text: `CLIENT_ID=${c.clientId}\nCLIENT_KEY=${c.secret}\n` },
      }),
  },
  {
    name: "archive-asset",
    category: "an asset inside an archive",
    apply: (d, c) =>
      void addResource(d, "aws:lambda/function:Function", "fn", {
        code: { [SIG]: ARCHIVE_SIG, assets: { "config.json": { [SIG]: ASSET_SIG, text: JSON.stringify({ k: c.secret }) } } },
      }),
  },
  {
    name: "split-two-outputs",
    category: "split across two outputs",
    apply: (d, c) => {
      const half = Math.ceil(c.secret.length / 2);
      stackOutputs(d).partA = c.secret.slice(0, half);
      stackOutputs(d).partB = c.secret.slice(half);
    },
  },
  { name: "char-array", category: "spread into a char array", apply: (d, c) => void (stackOutputs(d).chars = [...c.secret]) },
  {
    name: "deep-nesting",
    category: "nested 200 levels deep",
    apply: (d, c) => {
      let v: unknown = { value: c.secret };
      for (let i = 0; i < 200; i++) v = i % 2 ? [v] : { level: v };
      stackOutputs(d).deep = v;
    },
  },
  { name: "double-base64", category: "double base64", apply: (d, c) => void (stackOutputs(d).blob2 = b64(b64(c.secret))) },
  { name: "base64-of-hex", category: "base64 of hex", apply: (d, c) => void (stackOutputs(d).blob3 = b64(hex(c.secret))) },
  { name: "hex-of-base64", category: "hex of base64", apply: (d, c) => void (stackOutputs(d).blob4 = hex(b64(c.secret))) },
  {
    name: "percent-of-base64",
    category: "percent-encoding of base64",
    apply: (d, c) => void (stackOutputs(d).link = `https://x.example.com/?t=${pctAll(b64(c.secret))}`),
  },
  { name: "reversed-base64", category: "reversal of base64", apply: (d, c) => void (stackOutputs(d).odd = reverse(b64(c.secret))) },
  {
    name: "envelope-plaintext",
    category: "a secret output exported with --show-secrets",
    apply: (d, c) => void (stackOutputs(d).creds = shown({ id: c.clientId, key: c.secret })),
  },
  {
    name: "pending-operation",
    category: "a pending operation",
    apply: (d, c) =>
      void d.pendingOperations.push({
        type: "creating",
        resource: { urn: urnOf("aws:ssm/parameter:Parameter", "pending"), custom: true, type: "aws:ssm/parameter:Parameter", inputs: { value: c.secret } },
      }),
  },
  {
    name: "provider-code",
    category: "serialized dynamic provider code",
    apply: (d, c) =>
      void addResource(d, "pulumi-nodejs:dynamic:Resource", "hook", {
        __provider: `exports.handler = __f0;\nvar __k = "${c.secret}";\nfunction __f0() { return __k; }`,
      }),
  },
  {
    name: "k8s-secret-data",
    category: "Kubernetes secret data (base64)",
    apply: (d, c) => void addResource(d, "kubernetes:core/v1:Secret", "genesys", { data: { auth: b64(c.secret) }, type: "Opaque" }),
  },
  {
    name: "docker-auth",
    category: "base64 of id:secret inside JSON (docker config)",
    apply: (d, c) =>
      void addResource(d, "kubernetes:core/v1:Secret", "regcred", {
        stringData: { ".dockerconfigjson": JSON.stringify({ auths: { "r.example.com": { auth: b64(`${c.clientId}:${c.secret}`) } } }) },
      }),
  },
  {
    name: "jwt-like",
    category: "url-safe base64 of a JSON object",
    apply: (d, c) => void (stackOutputs(d).jwt = `eyJhbGciOiJub25lIn0.${b64url(JSON.stringify({ sub: c.clientId, key: c.secret }))}.`),
  },
  {
    name: "config-provider-input",
    category: "stack config captured by the dynamic-provider plugin",
    apply: (d, c) => void (find(d, "pulumi:providers:pulumi-nodejs").inputs![`${PROJECT}:pipelineKey`] = c.secret),
  },
  {
    name: "env-export-script",
    category: "an environment export in a script",
    apply: (d, c) => void addResource(d, "command:local:Command", "deploy", { create: `GENESYS_KEY=${c.secret} ./deploy.sh` }),
  },
  {
    name: "other-resource-secret-output",
    category: "the opted-in output name on another resource",
    apply: (d, c) => void addResource(d, "aws:ssm/parameter:Parameter", "copy", { clientSecret: c.secret }, { additionalSecretOutputs: ["clientSecret"] }),
  },
  { name: "reversed-map-key", category: "a reversed map key", apply: (d, c) => void (stackOutputs(d).byKey = { [reverse(c.secret)]: true }) },
];

/**
 * Controls: the documented opt-in output of our OAuthClient and its SecretRotation, engine-encrypted
 * (also as a `--show-secrets` export shows it). Not leaks.
 */
export const CONTROL_VARIANTS: readonly LeakVariant[] = [
  { name: "opt-in-encrypted", category: "opted-in clientSecret output, encrypted", apply: (d) => optIn(d, () => encrypted()) },
  { name: "opt-in-show-secrets", category: "opted-in clientSecret output, --show-secrets export", apply: (d, c) => optIn(d, () => shown(c.secret)) },
];

function optIn(d: DeploymentDraft, value: () => unknown): void {
  for (const type of [OAUTH, ROTATION]) {
    const r = find(d, type);
    r.inputs!.exposeSecretAsOutput = true;
    r.outputs!.exposeSecretAsOutput = true;
    r.outputs!.clientSecret = value();
  }
}

/** The export text (version 3) of `variant` around `ctx`. */
export function buildExport(variant: LeakVariant | undefined, ctx: LeakContext): string {
  const draft = cleanDraft(ctx);
  variant?.apply(draft, ctx);
  const doc = {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-20T10:00:00.000Z", magic: "6d7f2f0a1f0c7c3b", version: "v3.252.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:Qm9ndXNTYWx0PQ==:v1:abc:def" } },
      resources: draft.resources,
      ...(draft.pendingOperations.length > 0 ? { pending_operations: draft.pendingOperations } : {}),
    },
  };
  const text = JSON.stringify(doc, null, 4) + "\n";
  return variant?.rewriteText ? variant.rewriteText(text, ctx) : text;
}
