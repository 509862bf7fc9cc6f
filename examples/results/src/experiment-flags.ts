/** A bad flag: one line on stderr and exit code 2, as the CLI does for bad input. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/** A comma-separated flag value as a list, blanks dropped. */
export const list = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** A non-negative integer flag value, or a clear failure naming the flag. */
export const int = (text: string, name: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got ${text}`);
  return n;
};

/** Each value must be one of `allowed`; `what` names the kind in the failure. */
export const pick = <T extends string>(values: string[], allowed: readonly T[], what: string): T[] =>
  values.map((v) => {
    if (!(allowed as readonly string[]).includes(v)) fail(`unknown ${what} ${v}; one of ${allowed.join(", ")}`);
    return v as T;
  });

/**
 * Runs an experiment's main function: typed errors from the packages (bad data, bad options)
 * read as one line with exit code 2; `--verbose` rethrows for the stack.
 */
export async function runExperiment(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (process.argv.includes("--verbose")) throw error;
    fail(error instanceof Error ? error.message : String(error));
  }
}
