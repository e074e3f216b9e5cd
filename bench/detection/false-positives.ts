/**
 * False positives on the clean corpus (tests/leaks/clean/corpus.ts): every case, `instances` random
 * instances each, through the audit and the pack, in shape mode (no store) and in known mode (an
 * OAuthClient of ours added, naming a file store that holds a fresh random secret absent from the case).
 * Any finding is a false positive; the advisory `genesys-known-secret-stores-readable` is not a finding
 * (bench/detection/consumers.ts leaves it out).
 */
import { CLEAN_CORPUS } from "../../tests/leaks/clean/corpus";
import { Rand } from "../../tests/leaks/random";
import type { Consumer } from "./catch-rate";
import { auditStack, packStack, type Mode } from "./consumers";
import { packViewOfExport } from "./pack-view";
import { caseExport, ourClient, randomSecret, writeFileStore } from "./stacks";

/** False positives of one consumer in one mode. */
export interface FalsePositiveCell {
  consumer: Consumer;
  mode: Mode;
  /** Stacks judged (cases × instances). */
  stacks: number;
  /** Findings reported on them: the goal is 0. */
  findings: number;
  /** Cases with findings: `name: rule × count, ...` (rule or policy names only). */
  cases: string[];
  /** Known mode: stacks whose store could not be read (must be 0). */
  storeNotRead: number;
}

/** Measures the clean corpus over `instances` instances per case from `seed`; store files go to `dir`. */
export async function measureFalsePositives(seed: number, instances: number, dir: string, progress: (line: string) => void): Promise<FalsePositiveCell[]> {
  const cells: (FalsePositiveCell & { byCase: Map<string, Map<string, number>> })[] = [];
  for (const consumer of ["audit", "pack"] as const)
    for (const mode of ["known", "shape"] as const) cells.push({ consumer, mode, stacks: 0, findings: 0, cases: [], storeNotRead: 0, byCase: new Map() });
  const cellOf = (consumer: Consumer, mode: Mode) => cells.find((c) => c.consumer === consumer && c.mode === mode)!;
  for (const [index, entry] of CLEAN_CORPUS.entries()) {
    for (let run = 0; run < instances; run++) {
      const r = new Rand((seed + index * 100_003 + run) >>> 0);
      const c = entry.build(r);
      for (const mode of ["known", "shape"] as const) {
        let extra: ReturnType<typeof ourClient>[] = [];
        if (mode === "known") {
          const clientId = r.uuid();
          extra = [ourClient(await writeFileStore(dir, `clean-${index}-${run}`, clientId, randomSecret(r)), clientId)];
        }
        const text = caseExport(c, extra);
        const results = [
          { consumer: "audit" as const, reported: await auditStack(text, dir, `clean-${index}-${run}`, mode) },
          { consumer: "pack" as const, reported: await packStack(packViewOfExport(text), mode) },
        ];
        for (const { consumer, reported } of results) {
          const cell = cellOf(consumer, mode);
          cell.stacks++;
          cell.findings += reported.findings.length;
          if (reported.storeNotes.length > 0) cell.storeNotRead++;
          for (const line of reported.findings) {
            const rule = line.split(/[ :]/)[0];
            const rules = cell.byCase.get(entry.name) ?? new Map<string, number>();
            cell.byCase.set(entry.name, rules);
            rules.set(rule, (rules.get(rule) ?? 0) + 1);
          }
        }
      }
    }
    progress(`false positives: case ${index + 1}/${CLEAN_CORPUS.length} (${entry.name}) done`);
  }
  return cells.map(({ byCase, ...cell }) => ({
    ...cell,
    cases: [...byCase].map(([name, rules]) => `${name}: ${[...rules].map(([rule, n]) => `${rule} ×${n}`).join(", ")}`),
  }));
}
