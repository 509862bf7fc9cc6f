import { spawn } from "node:child_process";

/**
 * Runs an example's script (`node --conditions=@ssl4rl/source --import tsx SCRIPT ARGS` in
 * `cwd`) and kills it with SIGKILL, as a crash would, once its output so far matches `until`.
 * Resolves with everything it printed; the caller checks that `until` was reached (a script
 * that ends first resolves too). The examples' crash-and-resume tests use it.
 */
export async function killOnOutput(cwd: string, script: string, args: readonly string[], until: RegExp): Promise<string> {
  const child = spawn(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", script, ...args], { cwd });
  let seen = "";
  child.stdout.on("data", (chunk: Buffer) => {
    seen += chunk.toString();
    if (until.test(seen)) child.kill("SIGKILL");
  });
  await new Promise((done) => child.on("exit", done));
  return seen;
}
