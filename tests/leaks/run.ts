/**
 * Runs one corpus case through both consumers of detection/: every rule of the policy pack (resource
 * validations on inputs, stack validations on outputs, through the SDK's unknown-checking proxy — see
 * tests/unit/policies/harness.ts) and the audit engine (an export file written to `dir`). Returns what each
 * reported, as lines of text that never hold the generated values (tests print them on failure).
 */
import * as fs from "fs";
import * as path from "path";
import { resolveSources, runAudit } from "../../audit";
import { ALL_POLICIES, KNOWN_SECRET_STORES_POLICY } from "../../policies/rules";
import { exportText, type FixtureResource } from "../support/fixtures/state-builder";
import { runResource, runStack, stackResource, type FakeResource } from "../unit/policies/harness";
import type { CorpusCase } from "./clean/corpus";

const PROJECT = "proj";
const STACK = "dev";

/** The URN the harness gives a resource named `name` of `type`. */
export function corpusUrn(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** What the pack reported, one line per violation: `policy: message @ urn` (the URN the violation is attached to, if any). */
export async function packFindings(c: CorpusCase): Promise<string[]> {
  const out: string[] = [];
  const stack: FakeResource[] = [stackResource(c.stackOutputs), ...c.resources.map((r) => ({ type: r.type, name: r.name, props: r.outputs }))];
  for (const policy of ALL_POLICIES) {
    // Its advisory notes say which store could not be read here (no credentials in unit tests): not a finding.
    if (policy.name === KNOWN_SECRET_STORES_POLICY) continue;
    if ("validateStack" in policy) {
      for (const v of await runStack(policy, stack)) out.push(`${policy.name}: ${v.message}${v.urn === undefined ? "" : ` @ ${v.urn}`}`);
    }
    if ("validateResource" in policy && policy.validateResource) {
      for (const r of c.resources) {
        if (!r.inputs) continue;
        for (const v of await runResource(policy, { type: r.type, name: r.name, props: r.inputs })) out.push(`${policy.name} (${r.name} inputs): ${v.message}`);
      }
    }
  }
  return out;
}

/** What the audit reported for the case written as a version-3 export in `dir`: `rule urn path: evidence`. */
export async function auditFindings(c: CorpusCase, dir: string, label: string): Promise<string[]> {
  const root = corpusUrn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
  const resources: FixtureResource[] = [
    { urn: root, custom: false, type: "pulumi:pulumi:Stack", outputs: c.stackOutputs },
    ...c.resources.map((r) => ({
      urn: corpusUrn(r.type, r.name),
      custom: true,
      type: r.type,
      parent: root,
      ...(r.id !== undefined ? { id: r.id } : {}),
      inputs: r.inputs,
      outputs: r.outputs,
    })),
  ];
  const file = path.join(dir, `${label.replace(/[^\w.-]+/g, "_")}.json`);
  fs.writeFileSync(file, exportText(resources));
  const report = await runAudit(resolveSources({ paths: [file] }));
  fs.rmSync(file, { force: true });
  return report.findings.map((f) => `${f.rule} ${f.urn} ${f.path}: ${f.evidence}`);
}
