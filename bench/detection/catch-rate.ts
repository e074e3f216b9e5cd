/**
 * Catch rate on the leak corpora: every variant of tests/leaks/exports/generator.ts (hand-made exports
 * around our OAuthClient, whose store holds the secret) and of tests/leaks/shape/variants.ts (shape-catchable
 * embeddings; an OAuthClient naming the store is added for known mode), over `draws` random secrets each,
 * through the audit and the pack, in known mode and in shape mode (bench/detection/consumers.ts).
 *
 * A variant is caught by a consumer on a draw when the consumer reports anything for that stack (the same
 * stacks without the leak report nothing: bench/detection/false-positives.ts measures that). A variant whose
 * leak is not in what a preview shows a pack (bench/detection/pack-view.ts) is "not visible to the pack" —
 * its view is the same whatever the secret — listed, and left out of the pack's rate. Any finding line holding the value (raw, upper or lower case) is
 * counted as `printedValue` — it must stay 0.
 */
import { LEAK_VARIANTS as EXPORT_VARIANTS, buildExport, type LeakContext } from "../../tests/leaks/exports/generator";
import { Rand } from "../../tests/leaks/random";
import { LEAK_VARIANTS as SHAPE_VARIANTS } from "../../tests/leaks/shape/variants";
import { auditStack, packStack, type Mode, type Reported } from "./consumers";
import { packViewOfExport } from "./pack-view";
import { caseExport, ourClient, randomSecret, writeFileStore } from "./stacks";

/** Consumers of detection/. */
export type Consumer = "audit" | "pack";

/** One cell: a corpus through one consumer in one mode. */
export interface CatchCell {
  corpus: "exports" | "shape";
  consumer: Consumer;
  mode: Mode;
  /** Variant × draw pairs judged (pairs not visible to the consumer excluded). */
  total: number;
  caught: number;
  rate: number;
  /** Variants missed at least once: `name (missed/draws)`. */
  missed: string[];
  /** Variants whose leak the consumer cannot see (pack only). */
  notVisible: string[];
  /** Finding lines that held the value: must be 0. */
  printedValue: number;
  /** Known mode: stacks on which a store named by the stack could not be read (must be 0). */
  storeNotRead: number;
}

/** One stack of a corpus: the export text and the value leaked. */
interface Built {
  variant: string;
  text: string;
  secret: string;
  /** The same stack around another secret (everything else equal): whether the pack's view depends on the secret. */
  other?: string;
}

type Tally = Map<string, { caught: number; total: number; notVisible: boolean }>;

function newCell(corpus: CatchCell["corpus"], consumer: Consumer, mode: Mode): CatchCell & { tally: Tally } {
  return { corpus, consumer, mode, total: 0, caught: 0, rate: 0, missed: [], notVisible: [], printedValue: 0, storeNotRead: 0, tally: new Map() };
}

function record(cell: CatchCell & { tally: Tally }, b: Built, reported: Reported | "not visible"): void {
  const t = cell.tally.get(b.variant) ?? { caught: 0, total: 0, notVisible: false };
  cell.tally.set(b.variant, t);
  if (reported === "not visible") {
    t.notVisible = true;
    return;
  }
  t.total++;
  if (reported.findings.length > 0) t.caught++;
  if (reported.storeNotes.length > 0) cell.storeNotRead++;
  const forms = [b.secret, b.secret.toUpperCase(), b.secret.toLowerCase()];
  cell.printedValue += reported.findings.filter((line) => forms.some((f) => line.includes(f))).length;
}

function finish(cell: CatchCell & { tally: Tally }): CatchCell {
  const { tally, ...rest } = cell;
  for (const [variant, t] of tally) {
    if (t.notVisible && t.total === 0) rest.notVisible.push(variant);
    rest.total += t.total;
    rest.caught += t.caught;
    if (t.caught < t.total) rest.missed.push(`${variant} (missed ${t.total - t.caught}/${t.total})`);
  }
  rest.rate = rest.total === 0 ? 0 : rest.caught / rest.total;
  return rest;
}

/** The export corpus' stacks for one draw: every variant around a fresh secret in a fresh file store. */
async function exportStacks(r: Rand, dir: string, draw: number): Promise<{ built: Built[]; clean: string }> {
  const secret = randomSecret(r);
  const clientId = r.uuid();
  const ctx: LeakContext = { secret, clientId, storeReference: await writeFileStore(dir, `exports-${draw}`, clientId, secret) };
  let otherSecret = randomSecret(r);
  while (otherSecret.length !== secret.length || otherSecret === secret) otherSecret = randomSecret(r);
  const other: LeakContext = { ...ctx, secret: otherSecret };
  return {
    built: EXPORT_VARIANTS.map((v) => ({ variant: v.name, text: buildExport(v, ctx), secret, other: buildExport(v, other) })),
    clean: buildExport(undefined, ctx),
  };
}

/** The shape corpus' stacks for one draw (known mode: with our OAuthClient naming a store holding the secret). */
async function shapeStacks(r: Rand, dir: string, draw: number, mode: Mode): Promise<Built[]> {
  const out: Built[] = [];
  for (const [i, v] of SHAPE_VARIANTS.entries()) {
    const secret = randomSecret(r);
    const c = v.build(secret, r);
    const clientId = r.uuid();
    const extra = mode === "known" ? [ourClient(await writeFileStore(dir, `shape-${draw}-${i}`, clientId, secret), clientId)] : [];
    out.push({ variant: v.name, text: caseExport(c, extra), secret });
  }
  return out;
}

/** Exports-corpus stacks of one draw whose base (no leak) is reported: false positives of the leak corpus' own base stack. */
export interface BaseReport {
  stacks: number;
  findings: number;
  rules: string[];
}

/**
 * Measures every cell over `draws` draws from `seed`, in `dir` (store files and exports written there).
 * Also returns what the consumers reported on the export corpus' clean base stack of every draw (false
 * positives), per mode.
 */
export async function measureCatchRates(
  seed: number,
  draws: number,
  dir: string,
  progress: (line: string) => void,
): Promise<{ cells: CatchCell[]; base: Record<Mode, BaseReport> }> {
  const cells: (CatchCell & { tally: Tally })[] = [];
  const cell = (corpus: CatchCell["corpus"], consumer: Consumer, mode: Mode): CatchCell & { tally: Tally } => {
    let c = cells.find((x) => x.corpus === corpus && x.consumer === consumer && x.mode === mode);
    if (!c) cells.push((c = newCell(corpus, consumer, mode)));
    return c;
  };
  const base: Record<Mode, BaseReport> = { known: { stacks: 0, findings: 0, rules: [] }, shape: { stacks: 0, findings: 0, rules: [] } };
  const noteBase = (mode: Mode, reported: Reported): void => {
    base[mode].stacks++;
    base[mode].findings += reported.findings.length;
    for (const line of reported.findings) {
      const rule = line.split(/[ :]/)[0];
      if (!base[mode].rules.includes(rule)) base[mode].rules.push(rule);
    }
  };
  for (let draw = 0; draw < draws; draw++) {
    const r = new Rand((seed + draw * 7919) >>> 0);
    const exports = await exportStacks(r, dir, draw);
    for (const mode of ["known", "shape"] as const) {
      noteBase(mode, await auditStack(exports.clean, dir, `base-${draw}`, mode));
      noteBase(mode, await packStack(packViewOfExport(exports.clean), mode));
      for (const b of exports.built) {
        record(cell("exports", "audit", mode), b, await auditStack(b.text, dir, `${draw}-${b.variant}`, mode));
        const view = packViewOfExport(b.text);
        const visible = b.other === undefined || JSON.stringify(view) !== JSON.stringify(packViewOfExport(b.other));
        record(cell("exports", "pack", mode), b, visible ? await packStack(view, mode) : "not visible");
      }
      for (const b of await shapeStacks(r, dir, draw, mode)) {
        record(cell("shape", "audit", mode), b, await auditStack(b.text, dir, `${draw}-${b.variant}`, mode));
        record(cell("shape", "pack", mode), b, await packStack(packViewOfExport(b.text), mode));
      }
    }
    progress(`catch rate: draw ${draw + 1}/${draws} done`);
  }
  return { cells: cells.map(finish), base };
}
