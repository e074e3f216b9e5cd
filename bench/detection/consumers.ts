/**
 * Runs one stack (a `pulumi stack export` text) through both consumers of detection/ in one of two modes:
 *
 * - `known`: the audit reads the stores the stack's own resources name (`createStoreReader`, as the CLI
 *   does by default), and the pack reads them through its real reader (the main package's stores module);
 * - `shape`: no store is read — the audit gets no store reader (`--no-store-read`), the pack's reader fails
 *   as an unreadable store does — so only the shape rules can find a secret.
 *
 * Returns what each consumer reported, one line per finding (rule/policy, where, evidence or message; these
 * never hold the value — the benchmark checks that too), and whether known mode really read the store.
 */
import * as fs from "fs";
import * as path from "path";
import { createStoreReader, resolveSources, runAudit } from "../../audit";
import { ALL_POLICIES, KNOWN_SECRET_STORES_POLICY, knownSecretNotes, setPackStoreReader } from "../../policies/rules";
import { runResource, runStack } from "../../tests/unit/policies/harness";
import type { PackView } from "./pack-view";

/** With the stores the stack names read (`known`), or with none readable (`shape`). */
export type Mode = "known" | "shape";

/** What one consumer reported for one stack. */
export interface Reported {
  /** One line per finding or mandatory/advisory violation (never the value). */
  findings: string[];
  /** Known mode: notes saying a store could not be read (the measurement is then not of known mode). */
  storeNotes: string[];
}

/** The audit engine on `text`, written to `dir/label.json` for the run and removed after. */
export async function auditStack(text: string, dir: string, label: string, mode: Mode): Promise<Reported> {
  const file = path.join(dir, `${label.replace(/[^\w.-]+/g, "_")}.json`);
  fs.writeFileSync(file, text);
  const storeNotes: string[] = [];
  try {
    const storeReader = mode === "known" ? createStoreReader({ note: (line) => storeNotes.push(line) }) : undefined;
    const report = await runAudit(resolveSources({ paths: [file] }), { storeReader });
    return { findings: report.findings.map((f) => `${f.rule} ${f.urn} ${f.path}: ${f.evidence}`), storeNotes };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** An unreadable store, for shape mode. */
const unreadable = (): Promise<never> => Promise.reject(new Error("bench: shape mode, no store is readable"));

/**
 * Every rule of the pack on `view` (stack validations on outputs, resource validations on inputs), as one
 * preview would run them: the pack's per-run caches are reset first, so each stack reads its stores once.
 * The advisory `genesys-known-secret-stores-readable` is not a finding: in known mode its notes are returned
 * as `storeNotes`.
 */
export async function packStack(view: PackView, mode: Mode): Promise<Reported> {
  setPackStoreReader(mode === "known" ? undefined : unreadable);
  const findings: string[] = [];
  try {
    for (const policy of ALL_POLICIES) {
      if (policy.name === KNOWN_SECRET_STORES_POLICY) continue;
      if ("validateStack" in policy) {
        for (const v of await runStack(policy, view.stack)) findings.push(`${policy.name}: ${v.message}${v.urn === undefined ? "" : ` @ ${v.urn}`}`);
      }
      if ("validateResource" in policy && policy.validateResource) {
        // The resource is named by its index: its name may be the secret (the pack's messages mask it).
        for (const [i, r] of view.inputs.entries()) {
          for (const v of await runResource(policy, r)) findings.push(`${policy.name} (inputs of resource #${i}): ${v.message}`);
        }
      }
    }
    return { findings, storeNotes: mode === "known" ? [...knownSecretNotes()] : [] };
  } finally {
    setPackStoreReader(undefined);
  }
}
