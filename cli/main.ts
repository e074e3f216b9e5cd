/**
 * The `genesys-oauth-guard` command: one program, one subcommand per file in cli/commands/.
 *
 * Exit codes (every subcommand): 0 clean/success, 1 findings or failure, 2 usage error.
 */
import { Command, CommanderError } from "commander";
import { GuardError } from "../core/errors";
import { packageVersion } from "../core/package-info";
import { registerEmulatorCommand } from "./commands/emulator";
import { registerAuditCommand } from "./commands/audit";
import { registerVerifyCommand } from "./commands/verify";
import { registerRotateCommand } from "./commands/rotate";
import { registerInventoryCommand } from "./commands/inventory";
import { registerMigrateTerraformCommand } from "./commands/migrate-terraform";

/** Exit codes shared by every subcommand. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Build the program with every subcommand registered (exported for tests and `--help` docs). */
export function buildProgram(): Command {
  const program = new Command("genesys-oauth-guard")
    .description(
      "Manage Genesys Cloud OAuth client secrets without leaking them: run a local Genesys Cloud emulator,\n" +
        "audit Pulumi stacks (and Terraform state) for leaked secrets, rotate secrets from a pipeline, verify stored\n" +
        "credentials, move clients from Terraform to Pulumi.",
    )
    .version(packageVersion(), "-V, --version", "print the version of genesys-oauth-guard")
    .showHelpAfterError("(run with --help for usage)")
    .enablePositionalOptions() // each subcommand owns its options (`audit --format` vs `audit merge --format`)
    .exitOverride();
  registerEmulatorCommand(program);
  registerAuditCommand(program);
  registerRotateCommand(program);
  registerVerifyCommand(program);
  registerInventoryCommand(program);
  registerMigrateTerraformCommand(program);
  return program;
}

/** Run the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // No subcommand at all is a usage error: help goes to stderr so a pipeline's stdout stays clean.
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof GuardError) {
      process.stderr.write(`genesys-oauth-guard: ${error.describe()}\n`);
      return error.code === "cli.usage" ? ExitCode.usage : ExitCode.failure;
    }
    throw error;
  }
}
