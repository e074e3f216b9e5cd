/**
 * Every store scheme the policy pack and the detection rules name (remediation steps, descriptions, and any
 * string literal in their sources, e.g. violation messages) is one the provider accepts: an example of each is
 * parsed by the real parser (stores/reference.ts). http/https are network addresses, not store schemes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../../detection";
import { ALL_POLICIES } from "../../../policies/rules";
import { parseStoreReference } from "../../../stores/reference";
import { repoRoot } from "../../support/pulumi";

/** `scheme://` occurrences in a text, lower case, http/https left out. */
function schemesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):\/\//g)) {
    const scheme = m[1].toLowerCase();
    if (scheme !== "http" && scheme !== "https") out.push(scheme);
  }
  return out;
}

/** The string literals (quoted and template) of a TypeScript source, comments removed. */
function stringLiterals(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  return [...withoutComments.matchAll(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]);
}

/** A reference with `scheme` that the real parser accepts, or the parser's message for each attempt. */
function parseExample(scheme: string): { ok: true } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  for (const body of ["./.secrets/ci-client", "secret/genesys/ci-client", "genesys/ci-client"]) {
    try {
      parseStoreReference(`${scheme}://${body}`);
      return { ok: true };
    } catch (error) {
      reasons.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { ok: false, reasons };
}

const SOURCE_DIRS = [path.join(repoRoot, "policies", "rules"), path.join(repoRoot, "detection")];

describe("policy pack: store schemes named in remediation texts and messages", () => {
  const found = new Map<string, string[]>();
  const note = (scheme: string, where: string): void => void found.set(scheme, [...(found.get(scheme) ?? []), where]);

  before(() => {
    for (const p of ALL_POLICIES) for (const s of schemesIn(`${p.description}\n${p.remediationSteps ?? ""}`)) note(s, `${p.name} (metadata)`);
    for (const r of Object.values(RULES)) for (const s of schemesIn(r.description)) note(s, `${r.id} (detection rule)`);
    for (const dir of SOURCE_DIRS) {
      // shape-rules.ts describes the reference formats it recognises in anyone's state (other tools' schemes
      // included) so as not to flag them: it names no scheme for users to write.
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "shape-rules.ts")) {
        for (const literal of stringLiterals(fs.readFileSync(path.join(dir, file), "utf8")))
          for (const s of schemesIn(literal)) note(s, path.relative(repoRoot, path.join(dir, file)));
      }
    }
  });

  it("finds the store schemes the remediation gives (the extraction works)", () => {
    const remediation = ALL_POLICIES.map((p) => p.remediationSteps ?? "").join("\n");
    assert.deepStrictEqual([...new Set(schemesIn(remediation))].sort(), ["awssm", "file", "vault"]);
  });

  it("every scheme named anywhere parses through stores/reference.ts", () => {
    assert.ok(found.size > 0, "nothing extracted");
    for (const [scheme, where] of found) {
      const result = parseExample(scheme);
      assert.ok(
        result.ok,
        `"${scheme}://" (named in ${[...new Set(where)].join(", ")}) is not accepted by the provider: ${result.ok ? "" : result.reasons[0]}`,
      );
    }
  });

  it("control: the schemes the pack used to name are refused by the parser", () => {
    for (const wrong of ["aws-sm", "vault+https"]) assert.strictEqual(parseExample(wrong).ok, false, wrong);
    assert.deepStrictEqual(schemesIn("a store (file, vault+https://, aws-sm://)"), ["vault+https", "aws-sm"]);
  });
});
