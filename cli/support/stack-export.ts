/**
 * Reading a stack's state through the installed Pulumi CLI (`pulumi stack export`), for commands that
 * look at a stack without running its program (verify, audit --stack).
 */
import { spawnSync } from "child_process";
import { GuardError } from "../../core/errors";

/** One resource of an exported deployment (the fields the CLI commands read). */
export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** `pulumi stack export` output (versions 3 and 4). */
export interface StackExport {
  version: number;
  deployment: { resources?: ExportedResource[] };
}

export { OAUTH_CLIENT_TYPE, SECRET_ROTATION_TYPE } from "../../domain/resource-types";

/** Export `stack` with the `pulumi` on PATH (no secrets decrypted: `--show-secrets` is never passed). */
export function exportStack(stack: string, cwd: string = process.cwd()): StackExport {
  const result = spawnSync("pulumi", ["stack", "export", "--stack", stack, "--non-interactive"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...process.env },
  });
  if (result.error) {
    throw new GuardError("cli.usage", `Cannot run pulumi to read stack ${stack}: ${result.error.message}`, {
      hint: "Install the Pulumi CLI (or put it on PATH), or pass an exported file instead",
    });
  }
  if (result.status !== 0) {
    throw new GuardError("config.invalid", `pulumi stack export --stack ${stack} failed: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`, {
      hint: "Check the stack name, PULUMI_BACKEND_URL and the passphrase (PULUMI_CONFIG_PASSPHRASE)",
    });
  }
  return JSON.parse(result.stdout) as StackExport;
}
