import { Command } from "commander";

/** Placeholder: replaced by the emulator's command (see emulator/). */
export function registerEmulatorCommand(program: Command): void {
  program.command("emulator").description("Start a local Genesys Cloud emulator (not built yet)").action(() => {
    process.stderr.write("not built yet\n");
    process.exitCode = 1;
  });
}
