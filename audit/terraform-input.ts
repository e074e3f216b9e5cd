/**
 * Terraform state as an audit input: the engine streams every input through the same scanner, and this
 * module turns what the scanner hands over from a Terraform document into resources the rules scan.
 * - state file (format version 4): each element of `resources` (streamed one at a time) gives one resource
 *   per instance, `outputs` one per output;
 * - `terraform show -json`: `values` (one value) gives the instances of the root module and every child
 *   module, and the outputs.
 * Resources are named by their Terraform address; attributes are scanned under `attributes.`, outputs under
 * `outputs.` (as stack outputs: a secret-named output is a finding too). The format is checked as soon as the
 * top-level keys say what the document is (terraform/format.ts): another version fails the input.
 */
import type { KnownSecret } from "../detection/known-secrets";
import { checkTerraformFormat, isTerraformDocument, shapeOf, type TerraformFormatFacts } from "../terraform/format";
import { isGenesysInstance, secretsOf } from "../terraform/genesys-resources";
import { isStateFileResource, outputsOf, showJsonModuleInstances, stateFileInstances } from "../terraform/instances";
import type { TerraformInstance, TerraformOutput, TerraformStateShape } from "../terraform/types";
import type { StreamElement } from "./json-stream";
import type { StateResource } from "./resource";

/** Pseudo type of a Terraform output scanned as a resource. */
export const TERRAFORM_OUTPUT_TYPE = "terraform:output";

/** What the audit learnt about a Terraform input. */
export interface TerraformInputFacts {
  shape: TerraformStateShape;
  /** `4`, or `1.0` for `terraform show -json`. */
  formatVersion: string;
  terraformVersion?: string;
  /** Instances of `genesyscloud_*` resources. */
  genesysResources: number;
}

/** Follows the top-level values of one input to tell whether it is Terraform state and check its format. */
export class TerraformTracker {
  private readonly facts: TerraformFormatFacts = {};
  private readonly keys = new Set<string>();
  private checkedVersion: string | undefined;
  /** Instances of Genesys resources seen. */
  genesysResources = 0;
  /** Client secrets the state holds (Genesys resources), for known-secret matching everywhere. */
  readonly secrets: KnownSecret[] = [];

  /** True once the document showed a Terraform-only key. */
  get isTerraform(): boolean {
    return isTerraformDocument(this.keys);
  }

  /**
   * Records a top-level value (`version`, `terraform_version`, `lineage`, `format_version`, ...). Throws a
   * clear error as soon as the document is known to be Terraform state of a version not read.
   */
  see(path: string, value: unknown): void {
    if (path.includes(".")) return;
    this.keys.add(path);
    if (path === "version") this.facts.version = value;
    else if (path === "format_version") this.facts.formatVersion = value;
    else if (path === "terraform_version") this.facts.terraformVersion = value;
    if (this.isTerraform && this.checkedVersion === undefined && (this.facts.version !== undefined || this.facts.formatVersion !== undefined)) {
      this.checkedVersion = checkTerraformFormat(this.facts);
    }
  }

  /** Called once the document was read: a Terraform document must have said its version. */
  finish(): TerraformInputFacts | undefined {
    if (!this.isTerraform) return undefined;
    const formatVersion = this.checkedVersion ?? checkTerraformFormat(this.facts);
    return {
      shape: shapeOf(this.facts),
      formatVersion,
      ...(typeof this.facts.terraformVersion === "string" ? { terraformVersion: this.facts.terraformVersion } : {}),
      genesysResources: this.genesysResources,
    };
  }

  /** Counts a Genesys instance and keeps the secrets it holds (first pass only). */
  collect(resource: StateResource): void {
    if (!resource.terraform || !isGenesysInstance(resource.terraform)) return;
    this.genesysResources++;
    this.secrets.push(...secretsOf(resource.terraform));
  }
}

/** One Terraform instance as a resource the engine scans. */
function instanceResource(instance: TerraformInstance): StateResource {
  return {
    urn: instance.address,
    type: instance.type,
    outputs: instance.attributes,
    outputsPath: "attributes",
    record: instance.record,
    sensitive: instance.sensitive,
    terraform: instance,
  };
}

/** One root-module output as a resource: `output.<name>`, its value scanned as the stack output `<name>`. */
function outputResource(output: TerraformOutput): StateResource {
  const outputs = { [output.name]: output.value };
  return {
    urn: `output.${output.name}`,
    type: TERRAFORM_OUTPUT_TYPE,
    outputs,
    outputsLocation: "stack-outputs",
    record: { outputs },
    sensitive: output.sensitive ? [output.name] : [],
  };
}

/** The resources of an element of a top-level `resources` array when it is a Terraform resource; else undefined. */
export function terraformElementResources(e: StreamElement): StateResource[] | undefined {
  if (e.arrayPath !== "resources" || !isStateFileResource(e.value)) return undefined;
  return stateFileInstances(e.value).map(instanceResource);
}

/**
 * The resources a top-level value of a Terraform document stands for: `outputs` (state file), `values`
 * (`terraform show -json`: instances of every module, then outputs). Undefined for any other value.
 */
export function terraformValueResources(path: string, value: unknown, tracker: TerraformTracker): StateResource[] | undefined {
  if (!tracker.isTerraform && path !== "values") return undefined;
  if (path === "outputs") return outputsOf(value).map(outputResource);
  if (path === "values") {
    const values = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
    if (!values || (values.root_module === undefined && values.outputs === undefined)) return undefined;
    return [...showJsonModuleInstances(values.root_module).map(instanceResource), ...outputsOf(values.outputs).map(outputResource)];
  }
  return undefined;
}

/** The evidence of a finding in a value Terraform marked sensitive says that this hides nothing in the file. */
export function sensitiveNote(resource: StateResource, path: string): string {
  if (!resource.sensitive || resource.sensitive.length === 0) return "";
  const base = resource.outputsPath ?? "outputs";
  const top = path.startsWith(`${base}.`) ? path.slice(base.length + 1).split(/[.[]/)[0] : undefined;
  return top !== undefined && resource.sensitive.includes(top) ? " (marked sensitive in Terraform: hidden in its output, plain text in the state file)" : "";
}
