import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CliIO, main } from "@ssl4rl/cli";

/** The repository root (tests run the CLI from there, as a user of the workspace would). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Runs the CLI in-process with captured output. */
export async function runInProcess(args: readonly string[], cwd = repoRoot): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(["node", "ssl4rl", ...args], io, cwd);
  return { code, out, err };
}

/** Runs the CLI as a child process from sources, the way `pnpm ssl4rl` does. */
export function runProcess(args: readonly string[], cwd = repoRoot, input?: string): { code: number; out: string; err: string } {
  const result = spawnSync(
    process.execPath,
    ["--conditions=@ssl4rl/source", "--import", "tsx", join(repoRoot, "packages/cli/src/main.ts"), ...args],
    { cwd, encoding: "utf8", input, timeout: 120_000 },
  );
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}
