/**
 * In-process policy-pack benchmark: the pack's per-resource cost without the Pulumi CLI, for fast iteration.
 *
 *   npx tsc -p . && node dist/bench/policy-preview/in-process.js [--resources 500] [--oauth-clients 10] [--runs 7] [--pack bin|dist]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/policy-preview/in-process.js --only pack   # profile
 *
 * It drives the policy SDK's own request handlers (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` of
 * `@pulumi/policy/server`, which deserialise the protobuf properties and wrap them in the unknown-checking
 * proxy once per policy, as in a real preview) with real `AnalyzeRequest`s for a stack equivalent to the
 * `bench/policy-preview` program: the root stack, the default pulumi-nodejs provider, `--resources` resources
 * of which `--oauth-clients` OAuthClients with their SecretRotation (each naming a readable file store holding a
 * random secret) and the rest dynamic "services" with nested inputs. One run = one Analyze per resource, then
 * one AnalyzeStack, with the pack's per-run caches reset first (a preview is a fresh analyzer process). The
 * same is timed for a no-op pack (one advisory policy that does nothing: the floor). Reported: medians per
 * run, and the pack's cost per resource over the no-op pack. The gRPC transport and the engine are not in
 * it: bench/policy-preview/run.ts measures those (README).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { FileStore } from "../../stores/file-store";
import { CREDENTIAL_SCHEMA } from "../../stores/store";
import { numberArg } from "../support/args";

/** The slice of a google-protobuf message the bench uses. */
interface StructStatic {
  fromJavaScript(value: Record<string, unknown>): unknown;
}
interface AnalyzerResourceOptionsMessage {
  setParent(urn: string): void;
  setAdditionalsecretoutputsList(names: string[]): void;
}
interface ProviderResourceMessage {
  setType(t: string): void;
  setProperties(p: unknown): void;
  setUrn(u: string): void;
  setName(n: string): void;
}
interface AnalyzeRequestMessage {
  setType(t: string): void;
  setProperties(p: unknown): void;
  setUrn(u: string): void;
  setName(n: string): void;
  setOptions(o: AnalyzerResourceOptionsMessage): void;
  setProvider(p: ProviderResourceMessage): void;
}
interface AnalyzerResourceMessage extends AnalyzeRequestMessage {
  setParent(urn: string): void;
  setDependenciesList(urns: string[]): void;
}
interface AnalyzeStackRequestMessage {
  setResourcesList(list: AnalyzerResourceMessage[]): void;
}
interface AnalyzerProto {
  AnalyzeRequest: new () => AnalyzeRequestMessage;
  AnalyzeStackRequest: new () => AnalyzeStackRequestMessage;
  AnalyzerResource: new () => AnalyzerResourceMessage;
  AnalyzerResourceOptions: new () => AnalyzerResourceOptionsMessage;
  AnalyzerProviderResource: new () => ProviderResourceMessage;
}
/** A diagnostic as the SDK's response holds it. */
interface Diagnostic {
  getPolicyname(): string;
  getMessage(): string;
}
type Rpc = (call: { request: unknown }, callback: (error: unknown, response?: { getDiagnosticsList(): Diagnostic[] }) => void) => Promise<void>;
interface PolicyServer {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: readonly object[]): Rpc;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: readonly object[]): Rpc;
}
/** The pack's rules module (compiled), the parts the bench uses. */
interface RulesModule {
  ALL_POLICIES: readonly object[];
  setPackStoreReader(reader: undefined): void;
  knownSecretNotes(): readonly string[];
}

/* eslint-disable @typescript-eslint/no-require-imports -- untyped SDK internals and the compiled pack, loaded by path */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: StructStatic };
const proto = require("@pulumi/pulumi/proto/analyzer_pb") as AnalyzerProto;
const server = require("@pulumi/policy/server") as PolicyServer;
// The program's own definition of a service's inputs (plain JavaScript, next to the program's index.js).
const { serviceInputs } = require(path.join(__dirname, "..", "..", "..", "bench", "policy-preview", "program", "service-inputs.js")) as {
  serviceInputs: (i: number) => Record<string, unknown>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The SDK's marker for a value unknown during preview (a resource id, an output of another resource). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK = "urn:pulumi:bench::policy-preview::pulumi:pulumi:Stack::policy-preview-bench";
const OAUTH = "pulumi-nodejs:dynamic/genesys-oauth-guard:OAuthClient";
const ROTATION = "pulumi-nodejs:dynamic/genesys-oauth-guard:SecretRotation";

/** One resource as the engine hands it to the analyzer. */
interface BenchResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  parent?: string;
  secretOutputs?: string[];
}

function urnOf(type: string, name: string, parentType?: string): string {
  const qualified = parentType ? `${parentType}$${type}` : type;
  return `urn:pulumi:bench::policy-preview::${qualified}::${name}`;
}

/** The resources of bench/policy-preview/program with `stores` (file references) for the OAuthClients. */
export function benchResources(total: number, stores: readonly string[]): { resources: BenchResource[]; provider: BenchResource } {
  const provider: BenchResource = {
    type: "pulumi:providers:pulumi-nodejs",
    name: "default",
    urn: "urn:pulumi:bench::policy-preview::pulumi:providers:pulumi-nodejs::default",
    props: { "policy-preview:resources": String(total), "policy-preview:oauthClients": String(stores.length), version: "3.0.0" },
  };
  const out: BenchResource[] = [];
  const ours = stores.length;
  for (let i = 0; i < total - 2 * ours; i++) {
    out.push({
      type: "pulumi-nodejs:dynamic:Resource",
      name: `service-${i}`,
      urn: urnOf("pulumi-nodejs:dynamic:Resource", `service-${i}`),
      parent: STACK,
      props: serviceInputs(i),
    });
  }
  stores.forEach((secretStore, i) => {
    const client = urnOf(OAUTH, `client-${i}`);
    out.push({
      type: OAUTH,
      name: `client-${i}`,
      urn: client,
      parent: STACK,
      secretOutputs: ["clientSecret"],
      props: { name: `bench-preview-${i}`, authorizedGrantType: "CLIENT-CREDENTIALS", roles: ["Developer"], secretStore, exposeSecretAsOutput: false },
    });
    out.push({
      type: ROTATION,
      name: `client-${i}-rotation`,
      urn: urnOf(ROTATION, `client-${i}-rotation`, OAUTH),
      parent: client,
      secretOutputs: ["clientSecret"],
      props: { clientId: UNKNOWN_STRING, secretStore, every: "30d", adoptOnCreate: true },
    });
  });
  const root: BenchResource = {
    type: "pulumi:pulumi:Stack",
    name: "policy-preview-bench",
    urn: STACK,
    props: { firstServices: Array.from({ length: 10 }, () => UNKNOWN_STRING), resourceCount: total },
  };
  return { resources: [root, ...out], provider };
}

function options(r: BenchResource): AnalyzerResourceOptionsMessage {
  const o = new proto.AnalyzerResourceOptions();
  if (r.parent) o.setParent(r.parent);
  o.setAdditionalsecretoutputsList(r.secretOutputs ?? []);
  return o;
}

function providerMessage(p: BenchResource): ProviderResourceMessage {
  const m = new proto.AnalyzerProviderResource();
  m.setType(p.type);
  m.setUrn(p.urn);
  m.setName(p.name);
  m.setProperties(Struct.fromJavaScript(p.props));
  return m;
}

/** Fills what an Analyze request and a stack's resource entry share. */
function describe<M extends AnalyzeRequestMessage>(m: M, r: BenchResource, provider: BenchResource | undefined): M {
  m.setType(r.type);
  m.setUrn(r.urn);
  m.setName(r.name);
  m.setProperties(Struct.fromJavaScript(r.props));
  m.setOptions(options(r));
  if (provider) m.setProvider(providerMessage(provider));
  return m;
}

/** One Analyze request per resource (the provider's own request included) and the AnalyzeStack request. */
function requests(resources: readonly BenchResource[], provider: BenchResource): { analyze: AnalyzeRequestMessage[]; stack: AnalyzeStackRequestMessage } {
  const analyze: AnalyzeRequestMessage[] = [];
  const stackList: AnalyzerResourceMessage[] = [];
  for (const r of [resources[0], provider, ...resources.slice(1)]) {
    const isCustom = r !== resources[0] && r !== provider;
    analyze.push(describe(new proto.AnalyzeRequest(), r, isCustom ? provider : undefined));
    const s = describe(new proto.AnalyzerResource(), r, isCustom ? provider : undefined);
    if (r.parent) s.setParent(r.parent);
    stackList.push(s);
  }
  const stack = new proto.AnalyzeStackRequest();
  stack.setResourcesList(stackList);
  return { analyze, stack };
}

function call(rpc: Rpc, request: unknown): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    void rpc({ request }, (error, response) =>
      error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolve(response?.getDiagnosticsList() ?? []),
    );
  });
}

/** One preview's worth of analyzer work; returns the diagnostics (policy name and message). */
async function runOnce(policies: readonly object[], analyze: readonly AnalyzeRequestMessage[], stack: AnalyzeStackRequestMessage): Promise<string[]> {
  const onResource = server.makeAnalyzeRpcFun("bench", "0.0.0", "advisory", policies);
  const onStack = server.makeAnalyzeStackRpcFun("bench", "0.0.0", "advisory", policies);
  const names: string[] = [];
  for (const request of analyze) for (const d of await call(onResource, request)) names.push(`${d.getPolicyname()}: ${d.getMessage()}`);
  for (const d of await call(onStack, stack)) names.push(`${d.getPolicyname()}: ${d.getMessage()}`);
  return names;
}

const NOOP_POLICIES: readonly object[] = [
  { name: "noop", description: "Does nothing.", enforcementLevel: "advisory", validateResource: (): void => undefined },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Writes `count` file stores (random secrets, never printed) under `dir`; their `file://` references. */
async function writeStores(dir: string, count: number): Promise<string[]> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `client-${i}`);
    await new FileStore({ kind: "file", path: file }, {}).write({
      schema: CREDENTIAL_SCHEMA,
      clientId: crypto.randomUUID(),
      clientSecret: [...crypto.randomBytes(22)].map((b) => alphabet[b % 64]).join(""),
      rotationId: "bench",
      rotatedAt: new Date().toISOString(),
    });
    out.push(`file://${file}`);
  }
  return out;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const total = numberArg("--resources", 500);
  const oauthClients = numberArg("--oauth-clients", 10);
  const runs = numberArg("--runs", 7);
  const only = argValue("--only");
  // The pack as it ships (policies/bin, the default) or as compiled into dist/ with the project.
  const which = argValue("--pack") ?? "bin";
  const root = path.resolve(__dirname, "..", "..", "..");
  const rulesFile =
    which === "dist" ? path.join(root, "dist", "policies", "rules", "index.js") : path.join(root, "policies", "bin", "policies", "rules", "index.js");
  const loadStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled pack, by path
  const rules = require(rulesFile) as RulesModule;
  const loadMs = performance.now() - loadStarted;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-inprocess-"));
  try {
    const stores = await writeStores(dir, oauthClients);
    const { resources, provider } = benchResources(total, stores);
    const { analyze, stack } = requests(resources, provider);
    const series: { key: "pack" | "noop"; policies: readonly object[]; ms: number[]; cpuMs: number[]; coldMs: number; findings: number; digest: string }[] = [
      { key: "pack", policies: rules.ALL_POLICIES, ms: [], cpuMs: [], coldMs: 0, findings: 0, digest: "" },
      { key: "noop", policies: NOOP_POLICIES, ms: [], cpuMs: [], coldMs: 0, findings: 0, digest: "" },
    ].filter((s) => only === undefined || s.key === only) as {
      key: "pack" | "noop";
      policies: readonly object[];
      ms: number[];
      cpuMs: number[];
      coldMs: number;
      findings: number;
      digest: string;
    }[];
    // One warm-up run each (JIT), then alternating rounds.
    for (let round = -1; round < runs; round++) {
      for (const s of round % 2 === 0 ? series : [...series].reverse()) {
        rules.setPackStoreReader(undefined); // a preview is a fresh analyzer: no store read or matcher cached
        const started = performance.now();
        const cpu = process.cpuUsage();
        const names = await runOnce(s.policies, analyze, stack);
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        // CPU time too: steadier than wall time on a shared machine (the work is single-threaded, GC aside).
        if (round >= 0) s.cpuMs.push((used.user + used.system) / 1000);
        if (round >= 0) s.ms.push(ms);
        else s.coldMs = ms; // the first run, JIT-cold: what one real preview (a fresh analyzer process) gets
        s.findings = names.length;
        // A digest of the diagnostics: a change of the pack's behaviour shows as a different digest.
        s.digest = crypto.createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 12);
        if (s.key === "pack" && rules.knownSecretNotes().length > 0) throw new Error(`a store was not read: ${rules.knownSecretNotes().join("; ")}`);
      }
    }
    const n = analyze.length;
    process.stdout.write(`\nin-process policy-pack benchmark: ${n} Analyze calls + 1 AnalyzeStack (${oauthClients} stores read), median of ${runs} runs\n\n`);
    process.stdout.write(`pack module load (first require of the rules): ${loadMs.toFixed(0)} ms (${which})\n`);
    const result: Record<
      string,
      { medianMs: number; perResourceMs: number; cpuMedianMs: number; coldMs: number; runsMs: number[]; diagnostics: number; digest: string }
    > = {};
    for (const s of series) {
      const m = median(s.ms);
      const cpu = median(s.cpuMs);
      result[s.key] = {
        medianMs: m,
        perResourceMs: m / n,
        cpuMedianMs: cpu,
        coldMs: s.coldMs,
        runsMs: s.ms.map((x) => Math.round(x)),
        diagnostics: s.findings,
        digest: s.digest,
      };
      process.stdout.write(
        `${s.key.padEnd(5)} median ${m.toFixed(0).padStart(6)} ms (CPU ${cpu.toFixed(0)} ms)  ${(m / n).toFixed(3)} ms/resource  first (cold) run ${s.coldMs.toFixed(0)} ms  ` +
          `diagnostics ${s.findings} (${s.digest})  runs ${s.ms.map((x) => x.toFixed(0)).join(" ")}\n`,
      );
    }
    if (result.pack && result.noop) {
      const warm = result.pack.perResourceMs - result.noop.perResourceMs;
      const cpu = (result.pack.cpuMedianMs - result.noop.cpuMedianMs) / n;
      const cold = (result.pack.coldMs - result.noop.coldMs) / n;
      process.stdout.write(
        `pack over no-op pack, per resource: +${warm.toFixed(3)} ms (warm), +${cpu.toFixed(3)} ms CPU (warm), +${cold.toFixed(3)} ms (first run)\n`,
      );
    }
    const out = path.join(root, "bench", "results", "policy-preview-in-process.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), resources: n, oauthClients, runs, loadMs, result }, null, 2) + "\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
