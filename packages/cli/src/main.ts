import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ssl4rlError } from "@ssl4rl/core";
import { CommanderError } from "commander";
import { CliContext, type CliIO, processIO } from "./context.js";
import { buildProgram } from "./program.js";

/**
 * Runs the CLI and returns the exit code: 0 on success, 2 on bad input or usage (with one
 * clear line on stderr), 1 on any other failure. `--verbose` adds the stack.
 */
export async function main(argv: readonly string[], io: CliIO = processIO(), cwd = process.cwd()): Promise<number> {
  const ctx = new CliContext(io, cwd);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof Ssl4rlError) {
      io.err(`ssl4rl: ${error.message}\n`);
      if (ctx.verbose && error.stack) io.err(`${error.stack}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    io.err(`ssl4rl: ${e?.message ?? String(error)}\n`);
    if (ctx.verbose && e?.stack) io.err(`${e.stack}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv);
}
