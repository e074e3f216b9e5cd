/**
 * `genesys-oauth-guard audit`: finds Genesys client secrets in Pulumi state — export files, local backends
 * (every stack, with history and backups) and stacks read through the Pulumi CLI. See audit/.
 */
import * as fs from "fs";
import { Command, Option } from "commander";
import { GuardError } from "../../core/errors";
import { redactText } from "../../core/redact";
import {
  AUDIT_FORMATS,
  type AuditFormat,
  applyAllowlist,
  createStderrProgress,
  createStoreReader,
  formatReport,
  formatSummary,
  loadAllowlist,
  readStoredSecrets,
  runAudit,
} from "../../audit";
import { isListingFailure, resolveAllSources } from "../../audit/backends";
import { ALLOWLIST_FILE, type Allowlist } from "../../detection/allowlist";
import { allRules } from "../../audit/rules";
import { parseShard, selectShard } from "../../audit/shard";
import type { Source } from "../../audit/sources";
import { registerAuditMergeCommand } from "./audit-merge";
import { DEFAULT_OPTIONS } from "../../detection/rules";
import type { DetectionOptions } from "../../detection/types";

/** Options as commander parses them. */
interface AuditCliOptions {
  stack?: string[];
  showSecrets?: boolean;
  format: string;
  output?: string;
  entropyThreshold?: string;
  minLength?: string;
  secretKey?: string[];
  ignoreKey?: string[];
  allowEncryptedOutputs?: boolean;
  againstStore?: string[];
  storeRead: boolean;
  allowlist?: string | false;
  progress: boolean;
  summary: boolean;
  shard?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function number(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new GuardError("cli.usage", `${name} must be a number between ${min} and ${max} (got "${text}")`);
  return n;
}

function helpText(): string {
  const rules = allRules();
  const ruleLines = Object.values(rules)
    .map((r) => `  ${r.id.padEnd(40)} ${r.severity.padEnd(8)} ${r.description}`)
    .join("\n");
  return `
Inputs (any number, mixed):
  FILE                 output of \`pulumi stack export\` (state versions 3 and 4; also --show-secrets exports),
                       or a checkpoint file of a local backend; .gz files are decompressed
  DIR                  a local backend (\`pulumi login file://DIR\`): every stack under DIR/.pulumi/stacks,
                       with DIR/.pulumi/history and DIR/.pulumi/backups (what was ever written)
  --stack NAME         read through the installed CLI: \`pulumi stack export --stack NAME\`
                       (current state; on a local file:// backend also the stack's history and backups)
                       (add --show-secrets to scan secret values decrypted; needs the stack's passphrase/KMS)
  s3://BUCKET[/PREFIX]?region=R&endpoint=URL&use_path_style=true&profile=P
  azblob://CONTAINER[/PREFIX]?storage_account=A      gs://BUCKET[/PREFIX]
                       a DIY backend read directly from its object store (the URL \`pulumi login\` takes,
                       the cloud's usual credentials): every stack, with history and backups
  Terraform state      terraform.tfstate, \`terraform state pull\` (format version 4) or \`terraform show -json\` (1.x)
                       output, recognised by content; in a DIR: *.tfstate, *.tfstate.backup, Terraform *.json;
                       in a bucket: objects named like state or whose content is (workspaces under env:/).
                       Resources are named by address (module.x.genesyscloud_oauth_client.app), attributes
                       by path (attributes.client_secret); the client secrets the state holds are looked
                       for everywhere else in every encoding. Another format version is an input error.
  --shard i/n          audit only the stacks of shard i of n (stable hash of project/stack); join the shards'
                       JSON/SARIF reports with \`genesys-oauth-guard audit merge a.json b.json ...\`
Large files are streamed one resource at a time: memory stays bounded whatever the file size.

What is found (rules shared with the policy pack, from detection/):
${ruleLines}

Formats:
  table (default)      stack, urn, path, rule, severity, evidence — most severe first
  json                 {"findings":[{"rule","severity","stack","urn","path","evidence","kind","input","line","fingerprint"}],
                        "summary":{...},"inputs":[{"input","kind","stack","version","resources","bytes","findings","error"}]}
                       \`path\` is the property path inside the resource; \`evidence\` never contains a value
  sarif                SARIF 2.1.0 for code-scanning upload (results located in the input file, logical location urn#path)
Progress and the summary go to stderr; nothing printed ever contains a secret value.

Known secrets (on by default):
  The stores named by the stack's own OAuthClient / SecretRotation / ClientPair resources (their secretStore)
  are read once each, with credentials from the environment as the providers get them (VAULT_*, AWS_*;
  file:// references resolve against the current directory). Their secrets are then looked for in every string
  of the state — values, property names, URNs, ids, dependencies, assets — raw, case-changed, base64 (any
  alignment), hex, percent-/JSON-/\\u-escaped, HTTP Basic, reversed, nested one level, and fragments of half the
  secret or more. A store that cannot be read gives one note on stderr and the audit goes on (shape rules only).
  --against-store REF adds a reference; --no-store-read reads no store named in state.

Accepted findings (like .gitleaksignore):
  ./${ALLOWLIST_FILE} (or --allowlist FILE; --no-allowlist ignores it): one fingerprint per line — the
  FINGERPRINT column, "fingerprint" in JSON, partialFingerprints in SARIF: a hash of rule + URN + path, never
  of the value — with # comments. Accepted findings are left out and counted in the summary ("3 suppressed
  by ..."); the policy pack reads the same fingerprints (config allowlist / allowlistFile).

Exit codes:
  0  no findings          1  findings, or an input could not be read          2  usage error

Examples:
  pulumi stack export --file prod.json && genesys-oauth-guard audit prod.json
  genesys-oauth-guard audit ~/pulumi-state --format json --output audit.json
  genesys-oauth-guard audit --stack org/payments/prod --stack org/payments/dev --format sarif --output audit.sarif
  genesys-oauth-guard audit prod.json --against-store vault://secret/genesys/ci-client --against-store file://./.secrets/ci
  genesys-oauth-guard audit prod.json --entropy-threshold 3.8 --ignore-key buildHash
  terraform state pull > tf.json && genesys-oauth-guard audit tf.json
`;
}

/** Registers `audit` on the program. */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command("audit")
    .description("Audit Pulumi state (exports, local backends with history and backups, stacks) and Terraform state for Genesys client secrets")
    .argument("[inputs...]", "export/checkpoint files (.json, .json.gz), Terraform state files, directories of either, s3:// azblob:// gs:// backend URLs")
    .option("--stack <name>", "read a stack through `pulumi stack export --stack NAME` (repeatable)", collect)
    .option("--show-secrets", "pass --show-secrets to `pulumi stack export` (secret values scanned decrypted)")
    .addOption(new Option("--format <format>", "output format").choices([...AUDIT_FORMATS]).default("table"))
    .option("--output <file>", "write the report to FILE instead of stdout")
    .option("--entropy-threshold <bits>", `minimum Shannon entropy (bits/char) of a secret-shaped value (default ${DEFAULT_OPTIONS.entropyThreshold})`)
    .option("--min-length <n>", `shortest secret-shaped value (default ${DEFAULT_OPTIONS.minLength}; Genesys secrets are 20–22, older 16)`)
    .option("--secret-key <name>", "another property name whose value is a client secret (repeatable)", collect)
    .option("--ignore-key <name>", "a property name never checked by the shape rules, e.g. buildHash (repeatable)", collect)
    .option("--allow-encrypted-outputs", "do not report encrypted (ciphertext) secrets")
    .option(
      "--against-store <reference>",
      "also find the secret currently stored at REFERENCE (file://, vault://, awssm://) in any encoding (repeatable); it must be readable",
      collect,
    )
    .option("--no-store-read", "do not read the stores named by the stack's own resources (shape rules and --against-store only)")
    .option("--allowlist <file>", `accepted findings: fingerprints, one per line, # comments (default: ./${ALLOWLIST_FILE} when present)`)
    .option("--no-allowlist", `do not read ./${ALLOWLIST_FILE}`)
    .option("--no-progress", "no progress lines on stderr")
    .option("--no-summary", "no summary on stderr")
    .option("--shard <i/n>", "audit only shard i of n: stacks partitioned by a stable hash of project/stack (join with `audit merge`)")
    .addHelpText("after", helpText())
    .action(async (paths: string[], opts: AuditCliOptions) => {
      process.exitCode = await auditAction(paths, opts);
    });
  registerAuditMergeCommand(audit);
}

async function auditAction(paths: string[], cli: AuditCliOptions): Promise<number> {
  const opts = { ...cli, stack: cli.stack ?? [], secretKey: cli.secretKey ?? [], ignoreKey: cli.ignoreKey ?? [], againstStore: cli.againstStore ?? [] };
  if (paths.length === 0 && opts.stack.length === 0) {
    throw new GuardError("cli.usage", "nothing to audit: give export files, backend directories or --stack names", {
      hint: "See genesys-oauth-guard audit --help.",
    });
  }
  const detection: DetectionOptions = {
    entropyThreshold: number("--entropy-threshold", opts.entropyThreshold, 0, 8),
    minLength: number("--min-length", opts.minLength, 6, 64),
    extraSecretKeys: opts.secretKey,
    ignoreKeys: opts.ignoreKey,
    allowEncryptedOutputs: opts.allowEncryptedOutputs === true,
  };
  if (detection.minLength !== undefined) detection.lengths = [];
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  const log = opts.progress ? (line: string): void => void process.stderr.write(redactText(line) + "\n") : undefined;
  const inShard = shard ? (s: Source): boolean => selectShard([s], shard).length === 1 : undefined;
  const all = await resolveAllSources({ paths, stacks: opts.stack, showSecrets: opts.showSecrets === true }, { log, select: inShard });
  const sources = shard ? selectShard(all, shard, isListingFailure) : all;
  // --against-store: read first (a failure is an error), and never read again when the state names it too.
  const preloaded = new Map<string, Awaited<ReturnType<typeof readStoredSecrets>>>();
  for (const reference of opts.againstStore) if (!preloaded.has(reference)) preloaded.set(reference, await readStoredSecrets([reference]));
  const knownSecrets = [...preloaded.values()].flat();
  const storeReader = opts.storeRead ? createStoreReader({ preloaded, note: (line) => process.stderr.write(redactText(line) + "\n") }) : undefined;
  const progress = opts.progress ? createStderrProgress() : undefined;
  let allowlist: Allowlist | undefined;
  try {
    allowlist = opts.allowlist === false ? undefined : loadAllowlist(opts.allowlist);
  } catch (error) {
    throw new GuardError("cli.usage", `cannot read the allowlist ${String(opts.allowlist)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (allowlist && allowlist.invalidLines.length > 0) {
    process.stderr.write(
      `genesys-oauth-guard: ${allowlist.source}: line(s) ${allowlist.invalidLines.join(", ")} are not fingerprints (32 hex characters) and are ignored\n`,
    );
  }
  const raw = await runAudit(sources, { detection, knownSecrets, storeReader, progress });
  const report = allowlist ? applyAllowlist(raw, allowlist) : raw;
  progress?.finish();
  const text = redactText(formatReport(report, opts.format as AuditFormat));
  if (opts.output) fs.writeFileSync(opts.output, text);
  else process.stdout.write(text);
  if (opts.summary) process.stderr.write(redactText(formatSummary(report)));
  // Nothing readable (a --stack that does not exist, a file that is no state) is a usage error, not a clean audit.
  if (report.inputs.length > 0 && report.summary.inputErrors === report.inputs.length) {
    for (const input of report.inputs) process.stderr.write(redactText(`genesys-oauth-guard: cannot audit ${input.input}: ${input.error}\n`));
    return 2;
  }
  return report.findings.length > 0 || report.summary.inputErrors > 0 ? 1 : 0;
}
