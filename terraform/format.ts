/**
 * Which documents are Terraform state, and which format versions are read: a state file of format version 4
 * (Terraform 0.12 and later; `terraform state pull` prints the same) and `terraform show -json` of format
 * version 1.x. Anything else that is recognisably Terraform state is refused with a message naming the
 * version found and the one supported — never read half-way.
 */
import { GuardError } from "../core/errors";
import type { TerraformStateShape } from "./types";

/** The state file format version read (`"version": 4`). */
export const SUPPORTED_STATE_VERSION = 4;

/** The `terraform show -json` format versions read: major version 1. */
export const SUPPORTED_SHOW_JSON_MAJOR = 1;

/** Top-level keys only Terraform state documents have (both shapes). */
const TERRAFORM_MARKERS = ["terraform_version", "lineage", "format_version"] as const;

/** True when a document with these top-level keys is Terraform state (either shape, any version). */
export function isTerraformDocument(keys: Iterable<string>): boolean {
  for (const key of keys) if ((TERRAFORM_MARKERS as readonly string[]).includes(key)) return true;
  return false;
}

/** What the top-level keys of a Terraform document say about its format. */
export interface TerraformFormatFacts {
  /** `version` (state files). */
  version?: unknown;
  /** `format_version` (`terraform show -json`). */
  formatVersion?: unknown;
  /** `terraform_version`, for the message. */
  terraformVersion?: unknown;
}

/** The shape of a Terraform document: `format_version` means `terraform show -json`, else a state file. */
export function shapeOf(facts: TerraformFormatFacts): TerraformStateShape {
  return facts.formatVersion !== undefined ? "show-json" : "state";
}

function wrote(facts: TerraformFormatFacts): string {
  return typeof facts.terraformVersion === "string" ? ` (written by Terraform ${facts.terraformVersion})` : "";
}

/**
 * Throws a clear `input.invalid` error unless the format is one this project reads; returns the format
 * version as text (`"4"`, `"1.0"`). `label`, when given, names the input at the start of the message.
 */
export function checkTerraformFormat(facts: TerraformFormatFacts, label?: string): string {
  const at = label ? `${label}: ` : "";
  if (shapeOf(facts) === "show-json") {
    const v = facts.formatVersion;
    const text = typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v);
    if (!/^\d+\.\d+$/.test(text) || Number(text.split(".")[0]) !== SUPPORTED_SHOW_JSON_MAJOR) {
      throw new GuardError(
        "input.invalid",
        `${at}\`terraform show -json\` format_version ${text} is not supported${wrote(facts)}: only ${SUPPORTED_SHOW_JSON_MAJOR}.x is`,
        {
          hint: "Give the state file itself (terraform.tfstate, or `terraform state pull > state.json`), format version 4.",
        },
      );
    }
    return text;
  }
  const v = facts.version;
  if (v === undefined) {
    throw new GuardError("input.invalid", `${at}Terraform state without a format version: only format version ${SUPPORTED_STATE_VERSION} is supported`, {
      hint: "Give the file as Terraform wrote it (terraform.tfstate, or `terraform state pull > state.json`).",
    });
  }
  if (v !== SUPPORTED_STATE_VERSION) {
    throw new GuardError(
      "input.invalid",
      `${at}Terraform state format version ${JSON.stringify(v)} is not supported${wrote(facts)}: only format version ${SUPPORTED_STATE_VERSION} (Terraform 0.12 and later) is`,
      {
        hint: "Let Terraform ≥ 0.12 upgrade it (`terraform state pull > state.json` after `terraform init` with a current Terraform), then give that file.",
      },
    );
  }
  return String(v);
}

/** How much of a file {@link looksLikeTerraformState} needs. */
export const SNIFF_BYTES = 4096;

/**
 * True when the first bytes of a JSON file look like Terraform state (either shape): a `terraform_version`
 * or `lineage` key, or `format_version` next to `values`. Used to pick Terraform files out of a directory or a
 * bucket (by content: a Terraform backend key can be any name); the reader then checks properly.
 */
export function looksLikeTerraformState(head: Buffer | string): boolean {
  const text = typeof head === "string" ? head.slice(0, SNIFF_BYTES) : head.subarray(0, SNIFF_BYTES).toString("utf8");
  if (!/^\s*\{/.test(text)) return false;
  return /"(terraform_version|lineage)"\s*:/.test(text) || (/"format_version"\s*:/.test(text) && /"values"\s*:/.test(text));
}

/** True for a file or object name Terraform gives state: `*.tfstate`, `*.tfstate.backup`, azurerm's `<key>env:<workspace>`. */
export function isTerraformStateName(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return /\.tfstate($|\.backup$|env:)/.test(base);
}
