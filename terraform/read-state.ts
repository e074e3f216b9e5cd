/**
 * Reading a whole Terraform state document (either shape) into a {@link TerraformState}, for commands that
 * need all of it at once (`migrate-terraform`). The audit streams instead (audit/terraform-input.ts) with the
 * same conversions (instances.ts) and the same format check (format.ts).
 */
import * as fs from "fs";
import { gunzipSync } from "zlib";
import { GuardError } from "../core/errors";
import { checkTerraformFormat, isTerraformDocument, shapeOf } from "./format";
import { outputsOf, showJsonModuleInstances, stateFileInstances } from "./instances";
import type { TerraformState } from "./types";

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Parses a Terraform state document. `label` names the input in errors. Throws `input.invalid` for text that
 * is not JSON, JSON that is not Terraform state (e.g. a Pulumi export), or an unsupported format version.
 */
export function parseTerraformState(document: unknown, label: string): TerraformState {
  let doc: unknown = document;
  if (typeof document === "string" || Buffer.isBuffer(document)) {
    const text = Buffer.isBuffer(document) ? (document[0] === 0x1f && document[1] === 0x8b ? gunzipSync(document) : document).toString("utf8") : document;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new GuardError("input.invalid", `${label} is not JSON (${(error as Error).message})`, {
        hint: "Give terraform.tfstate, the output of `terraform state pull`, or of `terraform show -json`.",
      });
    }
  }
  const top = asRecord(doc);
  if (!top || !isTerraformDocument(Object.keys(top))) {
    const pulumi = top && (top.deployment !== undefined || top.checkpoint !== undefined);
    throw new GuardError(
      "input.invalid",
      `${label} is not Terraform state${pulumi ? " (it is Pulumi state)" : ""}: no terraform_version, lineage or format_version`,
      {
        hint: "Give terraform.tfstate, the output of `terraform state pull`, or of `terraform show -json`.",
      },
    );
  }
  const facts = { version: top.version, formatVersion: top.format_version, terraformVersion: top.terraform_version };
  const formatVersion = checkTerraformFormat(facts, label);
  const shape = shapeOf(facts);
  const common = {
    shape,
    formatVersion,
    ...(typeof top.terraform_version === "string" ? { terraformVersion: top.terraform_version } : {}),
    ...(typeof top.lineage === "string" ? { lineage: top.lineage } : {}),
    ...(typeof top.serial === "number" ? { serial: top.serial } : {}),
  };
  if (shape === "show-json") {
    const values = asRecord(top.values) ?? {};
    return { ...common, instances: showJsonModuleInstances(values.root_module), outputs: outputsOf(values.outputs) };
  }
  const resources = Array.isArray(top.resources) ? top.resources : [];
  return { ...common, instances: resources.flatMap((r) => stateFileInstances(r)), outputs: outputsOf(top.outputs) };
}

/** Reads and parses a state file (`-` reads standard input: `terraform state pull | …`). */
export function readTerraformStateFile(file: string, readStdin: () => Buffer = () => fs.readFileSync(0)): TerraformState {
  if (file === "-") return parseTerraformState(readStdin(), "standard input");
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuardError(code === "ENOENT" ? "input.not-found" : "input.invalid", `cannot read ${file} (${code ?? (error as Error).message})`);
  }
  return parseTerraformState(bytes, file);
}
