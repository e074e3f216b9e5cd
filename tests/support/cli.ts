/**
 * The package's command line tool in a child process, as a user runs it. Asynchronous on purpose: tests that run
 * the emulator in their own process would deadlock on a synchronous spawn (the emulator could not answer).
 */
import { spawn } from "child_process";
import * as path from "path";
import { repoRoot } from "./pulumi";

/** `bin/genesys-oauth-guard` of this checkout. */
export const cliBin = path.join(repoRoot, "bin", "genesys-oauth-guard");

/** What one run printed, and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `genesys-oauth-guard <args>`; `stdin` is written then closed (empty by default). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
