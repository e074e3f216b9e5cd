/**
 * The audit engine: reads each input as a stream, one resource at a time, and applies the detection rules
 * of detection/ (the same ones the policy pack uses) to every resource, the stack outputs, the config
 * (checkpoint `config` and the `pulumi-nodejs` provider's inputs) and the `__provider` code; plus
 * known-secret matching (detection/known-secrets.ts): the first pass also collects the store references the
 * stack's own resources name; once every input was read, each reference is read once (`storeReader`) and a
 * third pass matches every string of every input against all forms of all secrets. Findings are masked at
 * the end, when every secret is known.
 *
 * Cross-references (a value equal to what a secret-bearing property holds elsewhere) need every secret of
 * the stack before they can be checked; streaming sees them in file order. So the first pass checks each
 * resource against the secrets seen so far, and remembers at which resource each secret was first seen;
 * a second pass, only when a secret was first seen after some resource, re-reads the earlier resources and
 * parses only those whose bytes contain such a secret. Memory stays bounded by the largest resource plus
 * the secrets found, and what is held per input until the known-secret pass (its summary, findings, and its
 * layout packed within the run's `maxLayoutBytes`: {@link PackedLayout}).
 */
import { createHmac, randomBytes } from "crypto";
import type { Readable } from "stream";
import { DYNAMIC_TYPE_PREFIX, scanDynamicOutputEnvelopes, isOptedInSecretOutput, isDynamicResource } from "../detection/dynamic-outputs";
import { scanKnownSecrets } from "../detection/known-secret-scan";
import { KnownSecretMatcher, type KnownSecret } from "../detection/known-secrets";
import { maskSecretsInText } from "../detection/report";
import { storeReferencesOf } from "../detection/store-references";
import { scanProviderProperty } from "../detection/provider-source";
import { RULE_IDS, resolveOptions } from "../detection/rules";
import { collectSecretValues, isNodejsProvider, isRootStack, scanProperties } from "../detection/scan";
import { scanReferencedUrns, scanResourceIdentity } from "../detection/identity";
import { findingFingerprint } from "../detection/allowlist";
import type { Detection, DetectionOptions, ScanLocation } from "../detection/types";
import { PULUMI_SECRET_SIG, PULUMI_SIG_KEY, asSecretEnvelope } from "../detection/values";
import { GuardError, isGuardError } from "../core/errors";
import { SegmentReader, StateStreamScanner, changedError, type Segment, type StreamElement } from "./json-stream";
import type { StateResource } from "./resource";
import type { Source } from "./sources";
import { TerraformTracker, sensitiveNote, terraformElementResources, terraformValueResources } from "./terraform-input";
import {
  DEFAULT_MAX_LAYOUT_BYTES,
  type AuditFinding,
  type AuditOptions,
  type AuditReport,
  type AuditSummary,
  type InputKind,
  type InputSummary,
} from "./types";

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads the fields the rules need from a state resource (or a pending operation's `resource`). */
function toStateResource(element: StreamElement): StateResource | undefined {
  let record = asRecord(element.value);
  if (record && element.arrayPath.endsWith("pending_operations")) record = asRecord(record.resource);
  if (!record) return undefined;
  const urn = typeof record.urn === "string" ? record.urn : "";
  const type = typeof record.type === "string" ? record.type : "";
  const aso = Array.isArray(record.additionalSecretOutputs) ? record.additionalSecretOutputs.filter((k): k is string => typeof k === "string") : undefined;
  return {
    urn,
    type,
    id: typeof record.id === "string" ? record.id : undefined,
    parent: typeof record.parent === "string" && record.parent !== "" ? record.parent : undefined,
    inputs: record.inputs,
    outputs: record.outputs,
    secretOutputs: aso,
    record,
  };
}

/** The resources of one streamed element: one for a Pulumi resource, one per instance for a Terraform resource. */
function resourcesOfElement(e: StreamElement): StateResource[] {
  const terraform = terraformElementResources(e);
  if (terraform) return terraform;
  const r = toStateResource(e);
  return r ? [r] : [];
}

/** The bytes of a resource that did not come as one element (`terraform show -json` values), for the byte pre-filters. */
function rawOf(r: StateResource): Buffer {
  return Buffer.from(JSON.stringify(r.record), "utf8");
}

/** `<project>/<stack>` from a URN `urn:pulumi:<stack>::<project>::...`. */
export function stackFromUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

/** Checkpoint config values: `{"secure": "v1:..."}` becomes a secret envelope so the rules see it as one. */
function normalizeConfig(config: unknown): unknown {
  const record = asRecord(config);
  if (!record) return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const v = asRecord(value);
    if (v && typeof v.secure === "string" && Object.keys(v).length === 1) {
      out[key] = { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: v.secure };
    } else if (v && typeof v.string === "string" && typeof v.secret === "boolean") {
      // update history (`*.history.json`): {"string": "...", "secret": true, "object": false}
      out[key] = v.secret ? { [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, ciphertext: v.string } : v.string;
    } else out[key] = value;
  }
  return out;
}

/** An element of a resource array or another top-level value, as the first pass found it. */
interface Piece extends Segment {
  /** The element's array path, or the value's path. */
  path: string;
  /** For an element: its index in the array, its line, and how many resources it stands for. */
  element?: { index: number; line: number; resources: number };
}

/** A piece's value, parsed again (the first pass parsed the same bytes: a failure means the input changed). */
function parsePiece(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw changedError();
  }
}

/** A piece that is an element, parsed again, as the stream scanner hands it. */
function pieceElement(piece: Piece, element: NonNullable<Piece["element"]>, raw: Buffer): StreamElement {
  return { arrayPath: piece.path, index: element.index, value: parsePiece(raw), raw, line: element.line, offset: piece.start };
}

/**
 * The pieces of one input, packed for the known-secret pass (which runs once every input was read): typed
 * arrays outside the JS heap, {@link PackedLayout.BYTES_PER_PIECE} bytes a piece instead of two objects, and
 * paths as indexes into one table of the run (`paths`). Held within a budget for the whole run
 * (`AuditOptions.maxLayoutBytes`); an input whose layout is not held is scanned again as a stream instead.
 */
export class PackedLayout {
  /** One float64 (start) and five uint32 (length, line, index, resources, path) a piece. */
  static readonly BYTES_PER_PIECE = 8 + 5 * 4;
  private static readonly ELEMENT = 0x80000000;

  private constructor(
    private readonly starts: Float64Array,
    private readonly ints: Uint32Array,
  ) {}

  /** Packs `pieces`, adding their paths to `paths`; undefined when a number does not fit (the input is then scanned again). */
  static pack(pieces: readonly Piece[], paths: PathTable): PackedLayout | undefined {
    const starts = new Float64Array(pieces.length);
    const ints = new Uint32Array(pieces.length * 5);
    const fits = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < PackedLayout.ELEMENT;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      const e = p.element;
      const path = paths.id(p.path);
      if (!fits(p.length) || !fits(path) || (e && (!fits(e.line) || !fits(e.index) || !fits(e.resources)))) return undefined;
      starts[i] = p.start;
      const at = i * 5;
      ints[at] = p.length;
      ints[at + 1] = e?.line ?? 0;
      ints[at + 2] = e?.index ?? 0;
      ints[at + 3] = e?.resources ?? 0;
      ints[at + 4] = e ? path + PackedLayout.ELEMENT : path;
    }
    return new PackedLayout(starts, ints);
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.starts.byteLength + this.ints.byteLength;
  }

  /** The pieces again (for one input's pass; not kept). */
  unpack(paths: PathTable): Piece[] {
    const out: Piece[] = [];
    for (let i = 0; i < this.starts.length; i++) {
      const at = i * 5;
      const [length, line, index, resources, tagged] = [this.ints[at], this.ints[at + 1], this.ints[at + 2], this.ints[at + 3], this.ints[at + 4]];
      const element = tagged >= PackedLayout.ELEMENT;
      const path = paths.name(element ? tagged - PackedLayout.ELEMENT : tagged);
      out.push(element ? { start: this.starts[i], length, path, element: { index, line, resources } } : { start: this.starts[i], length, path });
    }
    return out;
  }
}

/** The paths of the pieces of a run, each once (array paths and top-level keys: a few). */
export class PathTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  id(path: string): number {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = this.names.push(path) - 1;
      this.ids.set(path, id);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id];
  }
}

/** What one pass over an input needs. */
interface InputState {
  source: Source;
  opts: DetectionOptions;
  /** Store references named by this stack's own resources (OAuthClient, SecretRotation, ClientPair). */
  references: Set<string>;
  /** Secret values seen so far in this input, with the index of the resource where each was first seen (-1: config). */
  firstSeen: Map<string, number>;
  /**
   * Where the first pass found every element and top-level value, in order: the later passes read only those
   * bytes. Emptied once the input's own passes are done: what the known-secret pass needs is then `packed`.
   */
  layout: Piece[];
  /** The layout kept for the known-secret pass, within the run's budget; absent: that pass scans the input again. */
  packed?: PackedLayout;
  /** Bytes the first pass read. */
  bytes: number;
  findings: AuditFinding[];
  stack: string | undefined;
  kind: InputKind;
  version: number | undefined;
  resources: number;
  /** Whether the input is Terraform state, its format, and the client secrets it holds. */
  terraform: TerraformTracker;
  /** What the input turned out to be when it is Terraform state (set once it was read). */
  terraformFacts?: InputSummary["terraform"];
}

/**
 * Runs the audit over `sources`. Inputs that cannot be read are reported in `inputs[].error` (and
 * counted in `summary.inputErrors`); findings of the others are still returned.
 */
export async function runAudit(sources: readonly Source[], options: AuditOptions = {}): Promise<AuditReport> {
  const started = process.hrtime.bigint();
  const opts = resolveOptions(options.detection);
  const states: { state: InputState; summary: InputSummary }[] = [];
  // What is held per input once it is read stays small and bounded: its findings and secrets, its summary, and
  // its layout (packed) within `maxLayoutBytes` for the run.
  const paths = new PathTable();
  const maxLayoutBytes = options.maxLayoutBytes ?? DEFAULT_MAX_LAYOUT_BYTES;
  let layoutBytes = 0;
  let index = 0;
  for (const source of sources) {
    options.progress?.start(source.label, index++, sources.length);
    const state: InputState = {
      source,
      opts,
      references: new Set(),
      firstSeen: new Map(),
      layout: [],
      bytes: 0,
      findings: [],
      stack: source.stack,
      kind: source.kind,
      version: undefined,
      resources: 0,
      terraform: new TerraformTracker(),
    };
    const summary: InputSummary = { input: source.label, kind: source.kind, resources: 0, bytes: 0, findings: 0 };
    try {
      summary.bytes = await firstPass(state, options);
      await secondPass(state);
    } catch (error) {
      summary.error = describeReadError(error);
    }
    if (summary.error === undefined) {
      const packed = PackedLayout.pack(state.layout, paths);
      if (packed && layoutBytes + packed.byteLength <= maxLayoutBytes) {
        state.packed = packed;
        layoutBytes += packed.byteLength;
        if (options.stats) options.stats.peakLayoutBytes = Math.max(options.stats.peakLayoutBytes, layoutBytes);
      } else if (options.stats) options.stats.layoutsDropped++;
    }
    state.layout = [];
    states.push({ state, summary });
    options.progress?.done(fillSummary(summary, state));
  }

  // Known secrets: given explicitly, plus what the stores named in state hold (each reference read once).
  const known: KnownSecret[] = [...(options.knownSecrets ?? [])];
  if (options.storeReader) {
    const references = new Set<string>();
    for (const { state } of states) for (const r of state.references) references.add(r);
    for (const reference of references) known.push(...(await options.storeReader(reference)));
  }
  const matcher = new KnownSecretMatcher(known);
  // The client secrets Terraform state holds are known secrets too: looked for in every other place of every input.
  const terraformSecrets = states.flatMap(({ state }) => state.terraform.secrets);
  const terraformMatcher = new KnownSecretMatcher(terraformSecrets);
  if (!matcher.empty || !terraformMatcher.empty) {
    for (const { state, summary } of states) {
      if (summary.error !== undefined) continue;
      try {
        await knownSecretPass(state, paths, matcher, terraformMatcher);
      } catch (error) {
        summary.error = describeReadError(error);
      }
      if (state.packed) layoutBytes -= state.packed.byteLength;
      state.packed = undefined;
    }
  }
  const maskMatcher = terraformMatcher.empty ? matcher : new KnownSecretMatcher([...known, ...terraformSecrets]);

  // Masking happens once every secret is known: a URN, path or evidence printed before a secret was seen is masked too.
  const values = new Set<string>();
  for (const { state } of states) for (const v of state.firstSeen.keys()) values.add(v);
  const findings: AuditFinding[] = [];
  const inputs: InputSummary[] = [];
  for (const { state, summary } of states) {
    const masked = state.findings.map((f) => maskFinding(f, maskMatcher, values, state.opts));
    fillSummary(summary, state);
    summary.findings = masked.length;
    findings.push(...masked);
    inputs.push(summary);
  }

  // Secrets shared across stacks: keyed fingerprints only (random key per run), never the values.
  const fingerprintKey = randomBytes(32);
  const stacksBySecret = new Map<string, Set<string>>();
  for (const { state } of states) {
    const stackName = state.stack ?? state.source.label;
    for (const secret of state.firstSeen.keys()) {
      const fp = createHmac("sha256", fingerprintKey).update(secret).digest("base64");
      let set = stacksBySecret.get(fp);
      if (!set) stacksBySecret.set(fp, (set = new Set()));
      set.add(stackName);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = inputs.reduce((n, i) => n + i.bytes, 0);
  const summary: AuditSummary = {
    inputs: inputs.length,
    inputErrors: inputs.filter((i) => i.error !== undefined).length,
    resources: inputs.reduce((n, i) => n + i.resources, 0),
    bytes,
    findings: findings.length,
    bySeverity: countBy(findings, (f) => f.severity),
    byRule: countBy(findings, (f) => f.rule),
    secretsSharedAcrossStacks: [...stacksBySecret.values()].filter((s) => s.size > 1).length,
    seconds: Math.round(seconds * 1000) / 1000,
    mbPerSecond: seconds > 0 ? Math.round((bytes / 1e6 / seconds) * 10) / 10 : 0,
  };
  return { findings, summary, inputs };
}

function describeReadError(error: unknown): string {
  return isGuardError(error) ? error.message : error instanceof Error ? `cannot read: ${error.message}` : "cannot read";
}

function fillSummary(summary: InputSummary, state: InputState): InputSummary {
  summary.kind = state.kind;
  summary.stack = state.stack;
  summary.version = state.version;
  summary.resources = state.resources;
  summary.findings = state.findings.length;
  if (state.terraformFacts) summary.terraform = state.terraformFacts;
  return summary;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Streams `stream` through a scanner or a segment reader; resolves with the byte count. */
function pump(stream: Readable, scanner: { push(chunk: Buffer): void; end(): void }, onBytes?: (n: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    stream.on("data", (chunk: Buffer) => {
      try {
        bytes += chunk.length;
        scanner.push(chunk);
        onBytes?.(chunk.length);
      } catch (error) {
        stream.destroy();
        reject(error);
      }
    });
    stream.on("error", reject);
    stream.on("end", () => {
      try {
        scanner.end();
        resolve(bytes);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function kindOf(source: Source, path: string): InputKind {
  if (source.kind !== "unknown") return source.kind;
  return path.startsWith("checkpoint") ? "checkpoint" : "export";
}

/** Placeholder for a property name or URN part that is itself a secret (shape or secret-bearing value). */
export const MASKED = "<masked>";

/**
 * Property names and URNs are printed in findings; a program that used a secret as a map key (a tag name,
 * an env var name) or a resource name would leak it there. Masks every span matching a known secret
 * (`<redacted>`), tokens containing a secret seen in a secret-bearing property, and (in paths and evidence)
 * tokens shaped like a Genesys secret.
 */
function maskFinding(f: AuditFinding, matcher: KnownSecretMatcher, values: ReadonlySet<string>, options: DetectionOptions): AuditFinding {
  const mask = (text: string, byShape: boolean): string => maskSecretsInText(text, { matcher, values, byShape, options });
  return { ...f, stack: mask(f.stack, false), urn: mask(f.urn, true), path: mask(f.path, true), evidence: mask(f.evidence, true) };
}

/** Records a finding as found; {@link maskFinding} makes it printable once every secret is known. */
function addFinding(state: InputState, d: Detection, urn: string, line: number | undefined): void {
  state.findings.push({
    rule: d.ruleId,
    severity: d.severity,
    stack: state.stack ?? stackFromUrn(urn) ?? state.source.label,
    urn,
    path: d.path,
    evidence: d.evidence,
    kind: d.kind,
    input: state.source.label,
    ...(line !== undefined ? { line } : {}),
    fingerprint: findingFingerprint(d.ruleId, urn, d.path),
  });
}

/** Collects secret values held by secret-bearing properties, remembering where each was first seen. */
function collect(state: InputState, props: unknown, index: number, known: Set<string>): void {
  if (props === undefined || props === null) return;
  const found = collectSecretValues(props, state.opts);
  for (const value of found) {
    if (!state.firstSeen.has(value)) state.firstSeen.set(value, index);
    known.add(value);
  }
}

const ECRET_LOWER = Buffer.from("ecret");
const ECRET_UPPER = Buffer.from("ECRET");

/** True when a resource's bytes may hold a secret-bearing key (cheap pre-filter before collecting). */
function mayHoldSecretKey(raw: Buffer, opts: DetectionOptions): boolean {
  return (opts.extraSecretKeys?.length ?? 0) > 0 || raw.indexOf(ECRET_LOWER) >= 0 || raw.indexOf(ECRET_UPPER) >= 0;
}

/** Applies every rule to one resource; `known` restricts cross-references (second pass). */
function scanResource(state: InputState, r: StateResource, known: ReadonlySet<string>, onlyCrossReferences: boolean): Detection[] {
  const out: Detection[] = [];
  const parts: [unknown, string, ScanLocation][] = [
    [r.inputs, "inputs", isNodejsProvider(r) ? "config" : "inputs"],
    [r.outputs, r.outputsPath ?? "outputs", r.outputsLocation ?? (isRootStack(r) ? "stack-outputs" : isNodejsProvider(r) ? "config" : "outputs")],
  ];
  for (const [props, basePath, location] of parts) {
    if (props === undefined || props === null) continue;
    out.push(...scanProperties(props, { location, basePath, resourceType: r.type, secretOutputs: r.secretOutputs, knownSecrets: known, options: state.opts }));
  }
  // Terraform's `sensitive` hides a value from its CLI, not from the state file: say so where it applies.
  if (r.sensitive && r.sensitive.length > 0) {
    for (let i = 0; i < out.length; i++) {
      const note = sensitiveNote(r, out[i].path);
      if (note) out[i] = { ...out[i], evidence: out[i].evidence + note };
    }
  }
  // `__provider` text (hidden from the property rules): scan it once, at inputs, and at outputs only when different.
  const inputsProvider = asRecord(r.inputs)?.__provider;
  const outputsProvider = asRecord(r.outputs)?.__provider;
  if (inputsProvider !== undefined) out.push(...scanProviderProperty(inputsProvider, "inputs.__provider", state.opts, known));
  if (outputsProvider !== undefined && JSON.stringify(outputsProvider) !== JSON.stringify(inputsProvider)) {
    out.push(...scanProviderProperty(outputsProvider, "outputs.__provider", state.opts, known));
  }
  if (onlyCrossReferences) return out.filter((d) => d.ruleId === RULE_IDS.crossReference);
  out.push(...scanDynamicOutputEnvelopes(r, state.opts));
  out.push(...scanResourceIdentity(r, state.opts)); // the URN's resource name and the provider id
  out.push(...scanReferencedUrns(r.record, state.opts)); // names in dependencies, parent, provider, aliases
  // An opted-in secret output (clientSecret in additionalSecretOutputs of our dynamic resources) is allowed when encrypted.
  return out.filter((d) => {
    if (d.ruleId !== RULE_IDS.secretKeyEncrypted || !isDynamicResource(r)) return true;
    const m = /^outputs\.([A-Za-z_$][\w$]*)$/.exec(d.path);
    if (!m || !isOptedInSecretOutput(r, m[1])) return true;
    const value = asRecord(r.outputs)?.[m[1]];
    return !(asSecretEnvelope(value) && asSecretEnvelope(value)?.plaintext === undefined);
  });
}

async function firstPass(state: InputState, options: AuditOptions): Promise<number> {
  const known = new Set<string>();
  const visit = (r: StateResource, raw: Buffer, line: number | undefined, arrayPath: string | undefined): void => {
    const index = state.resources++;
    if (r.terraform || r.outputsLocation) state.kind = "terraform";
    else if (arrayPath !== undefined) state.kind = kindOf(state.source, arrayPath);
    const urnStack = stackFromUrn(r.urn);
    if (urnStack && !state.stack?.includes("/")) state.stack = urnStack;
    if (mayHoldSecretKey(raw, state.opts)) {
      collect(state, r.inputs, index, known);
      collect(state, r.outputs, index, known);
    }
    state.terraform.collect(r);
    if (r.type.startsWith(DYNAMIC_TYPE_PREFIX)) for (const reference of storeReferencesOf(r.type, r.inputs, r.outputs)) state.references.add(reference);
    for (const d of scanResource(state, r, known, false)) addFinding(state, d, r.urn, line);
  };
  // A Terraform state of a format this audit does not read fails as a whole: nothing half-read is reported.
  const terraformFormat = <T>(check: () => T): T => {
    try {
      return check();
    } catch (error) {
      state.findings.length = 0;
      throw error;
    }
  };
  const scanner = new StateStreamScanner({
    value(path, value, raw, offset) {
      state.layout.push({ start: offset, length: raw.length, path });
      terraformFormat(() => state.terraform.see(path, value));
      const terraform = terraformValueResources(path, value, state.terraform);
      if (terraform) {
        for (const r of terraform) visit(r, rawOf(r), undefined, undefined);
        return;
      }
      if (path === "version" && typeof value === "number") state.version = value;
      else if (path === "checkpoint.stack" && typeof value === "string" && value !== "") {
        state.kind = kindOf(state.source, path);
        state.stack ||= value.split("/").slice(-2).join("/");
      } else if (path === "checkpoint.config" || path === "config") {
        if (path === "checkpoint.config") state.kind = kindOf(state.source, path);
        const config = normalizeConfig(value);
        collect(state, config, -1, known);
        for (const d of scanProperties(config, { location: "config", basePath: "config", knownSecrets: known, options: state.opts }))
          addFinding(state, d, "", undefined);
      }
    },
    element(e) {
      const resources = resourcesOfElement(e);
      state.layout.push({ start: e.offset, length: e.raw.length, path: e.arrayPath, element: { index: e.index, line: e.line, resources: resources.length } });
      for (const r of resources) visit(r, e.raw, e.line, e.arrayPath);
    },
  });
  const stream = state.source.open();
  const bytes = await pump(stream, scanner, (n) => options.progress?.bytes(n));
  state.bytes = bytes;
  const facts = terraformFormat(() => state.terraform.finish());
  if (facts) {
    state.kind = "terraform";
    state.terraformFacts = facts;
    if (facts.shape === "show-json") state.version = undefined;
  }
  return bytes;
}

/** Re-reads the resources that came before a secret was first seen, for cross-references to it. */
async function secondPass(state: InputState): Promise<void> {
  const late = [...state.firstSeen.entries()].filter(([, at]) => at > 0);
  if (late.length === 0) return;
  const lastIndex = Math.max(...late.map(([, at]) => at));
  const needles = late.map(([value, at]) => ({
    value,
    at,
    bytes: [...new Set([JSON.stringify(value).slice(1, -1), JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1)])].map((t) =>
      Buffer.from(t, "utf8"),
    ),
  }));
  let index = 0;
  const visit = (r: StateResource, raw: Buffer, line: number | undefined): void => {
    const i = index++;
    if (i >= lastIndex) return;
    const known = new Set<string>();
    for (const n of needles) if (n.at > i && n.bytes.some((b) => raw.indexOf(b) >= 0)) known.add(n.value);
    if (known.size === 0) return;
    for (const d of scanResource(state, r, known, true)) {
      // A cross-reference replaces a shape finding at the same place (what a whole-stack scan would report).
      const at = state.findings.findIndex((f) => f.urn === r.urn && f.path === d.path && f.input === state.source.label);
      const existing = at >= 0 ? state.findings[at] : undefined;
      if (existing?.rule === d.ruleId) continue;
      if (
        existing &&
        (existing.rule === RULE_IDS.secretShape || existing.rule === RULE_IDS.secretInText || existing.rule === "genesys-provider-secret-literal")
      )
        state.findings.splice(at, 1);
      addFinding(state, d, r.urn, line);
    }
  };
  // Only the pieces the first pass found are read: elements whose bytes hold a late secret are parsed, the
  // others only advance the resource index; values only when they may be Terraform resources.
  const reader = new SegmentReader(state.layout, state.bytes, (piece, raw) => {
    if (!piece.element) {
      if (!state.terraform.isTerraform && piece.path !== "values") return;
      for (const r of terraformValueResources(piece.path, parsePiece(raw), state.terraform) ?? []) visit(r, rawOf(r), undefined);
      return;
    }
    if (index < lastIndex && needles.some((n) => n.at > index && n.bytes.some((b) => raw.indexOf(b) >= 0))) {
      const e = pieceElement(piece, piece.element, raw);
      for (const r of resourcesOfElement(e)) visit(r, e.raw, e.line);
    } else index += piece.element.resources;
  });
  await pump(state.source.open(), reader);
}

/**
 * Known-secret matching over the whole input: every string of every resource record (values, keys, URN,
 * id, references, assets), the config and every other top-level value. Runs once the stores were read.
 * `terraformMatcher` holds the client secrets Terraform state holds: matched the same way, except where a
 * rule already reported the place (the secret's own attribute, an exact copy found as a cross-reference).
 */
async function knownSecretPass(state: InputState, paths: PathTable, matcher: KnownSecretMatcher, terraformMatcher: KnownSecretMatcher): Promise<void> {
  const reported = new Set(state.findings.map((f) => `${f.urn}\u0000${f.path}`));
  const scan = (root: unknown, urn: string, line: number | undefined, options: Parameters<typeof scanKnownSecrets>[2]): void => {
    for (const d of scanKnownSecrets(root, matcher, options)) {
      reported.add(`${urn}\u0000${d.path}`);
      addFinding(state, d, urn, line);
    }
    for (const d of scanKnownSecrets(root, terraformMatcher, options)) {
      const key = `${urn}\u0000${d.path}`;
      // Where a shape rule saw "a secret-shaped token", the match says whose secret it is: it replaces that finding.
      const at = state.findings.findIndex((f) => f.urn === urn && f.path === d.path && (f.rule === RULE_IDS.secretShape || f.rule === RULE_IDS.secretInText));
      if (at >= 0) state.findings.splice(at, 1);
      else if (reported.has(key)) continue;
      reported.add(key);
      addFinding(state, d, urn, line);
    }
  };
  const visit = (r: StateResource, line: number | undefined): void => {
    const resource = { type: r.type, secretOutputs: r.secretOutputs, inputs: r.inputs, outputs: r.outputs };
    scan(r.record, r.urn, line, { resource, optInNeedsEnvelope: true });
  };
  const mayOccur = (raw: Buffer): boolean => matcher.mayOccurInJson(raw) || terraformMatcher.mayOccurInJson(raw);
  const onElement = (e: StreamElement): void => {
    for (const r of resourcesOfElement(e)) visit(r, e.line);
  };
  const onValue = (path: string, value: unknown): void => {
    const terraform = terraformValueResources(path, value, state.terraform);
    if (terraform) {
      for (const r of terraform) visit(r, undefined);
      return;
    }
    const basePath = path === "checkpoint.config" ? "config" : path;
    scan(value, "", undefined, { basePath });
  };
  // An element is parsed and walked only when a form of a secret may occur in its strings (most hold none).
  const pieces = state.packed?.unpack(paths);
  if (!pieces) {
    // The layout was not held (budget): the input is scanned as a stream again.
    const scanner = new StateStreamScanner({
      element(e) {
        if (mayOccur(e.raw)) onElement(e);
      },
      value(path, value) {
        if (path !== "version") onValue(path, value);
      },
    });
    if ((await pump(state.source.open(), scanner)) !== state.bytes) throw changedError();
    return;
  }
  // Only the pieces the first pass found are read.
  const reader = new SegmentReader(pieces, state.bytes, (piece, raw) => {
    if (piece.element) {
      if (mayOccur(raw)) onElement(pieceElement(piece, piece.element, raw));
      return;
    }
    if (piece.path !== "version") onValue(piece.path, parsePiece(raw));
  });
  await pump(state.source.open(), reader);
}

/** Thrown for an audit that cannot start (no inputs). */
export function noInputsError(): GuardError {
  return new GuardError("cli.usage", "nothing to audit: give export files, backend directories or --stack names");
}
