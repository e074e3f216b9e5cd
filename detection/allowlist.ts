/**
 * Accepted findings, like `.gitleaksignore`: a file of finding fingerprints, one per line, `#` comments.
 * A fingerprint is a stable hash of the rule id, the resource URN and the property path — never of the
 * value — so it survives a rotation of the value and can be committed. The audit prints each finding's
 * fingerprint (table, JSON, SARIF `partialFingerprints`); the policy pack prints it in violation messages;
 * both read the same file (`--allowlist FILE`, or the pack's `allowlistFile` / inline `allowlist` config).
 *
 * URN tokens shaped like a secret are masked before hashing, so the pack (which sees the raw URN) and the
 * audit (which prints it masked) compute the same fingerprint.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { maskUrn } from "./identity";

/** Default file name, looked up in the working directory. */
export const ALLOWLIST_FILE = ".genesys-oauth-guard-ignore";

/** A fingerprint: 32 lower-case hex characters (128 bits of SHA-256). */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{32}$/;

/** A parsed allowlist. */
export interface Allowlist {
  /** Where it came from (a file name, or `policy config`), for messages. */
  source: string;
  /** The accepted fingerprints. */
  fingerprints: ReadonlySet<string>;
  /** 1-based numbers of lines that are neither a fingerprint, a comment nor blank (their text is never echoed). */
  invalidLines: readonly number[];
}

/** The fingerprint of a finding of `ruleId` at `path` of the resource `urn` (`""` for stack config). */
export function findingFingerprint(ruleId: string, urn: string, path: string): string {
  return createHash("sha256")
    .update(`${ruleId}\n${maskUrn(urn)}\n${path}`)
    .digest("hex")
    .slice(0, 32);
}

/** Parses allowlist text: one fingerprint per line, optionally followed by `# comment`; `#` lines and blanks ignored. */
export function parseAllowlist(text: string, source: string): Allowlist {
  const fingerprints = new Set<string>();
  const invalidLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim().toLowerCase();
    if (line === "") return;
    if (FINGERPRINT_PATTERN.test(line)) fingerprints.add(line);
    else invalidLines.push(i + 1);
  });
  return { source, fingerprints, invalidLines };
}

/** Reads and parses an allowlist file (throws the fs error when it cannot be read). */
export function readAllowlistFile(file: string): Allowlist {
  return parseAllowlist(fs.readFileSync(file, "utf8"), file);
}

/** An allowlist from fingerprints given inline (the pack's `allowlist` config array). */
export function inlineAllowlist(fingerprints: readonly string[], source = "policy config"): Allowlist {
  return parseAllowlist(fingerprints.join("\n"), source);
}

/** Both lists in one (inline entries and a file). */
export function mergeAllowlists(lists: readonly Allowlist[]): Allowlist {
  const fingerprints = new Set<string>();
  for (const l of lists) for (const f of l.fingerprints) fingerprints.add(f);
  return { source: lists.map((l) => l.source).join(" + "), fingerprints, invalidLines: lists.flatMap((l) => l.invalidLines) };
}

/** True when the finding is accepted by `allowlist`. */
export function isAllowlisted(allowlist: Allowlist | undefined, ruleId: string, urn: string, path: string): boolean {
  return allowlist !== undefined && allowlist.fingerprints.size > 0 && allowlist.fingerprints.has(findingFingerprint(ruleId, urn, path));
}
