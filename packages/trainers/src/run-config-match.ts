import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BadInputError } from "@ssl4rl/core";

/** The file in a run directory that says which run it holds. */
export const RUN_CONFIG_FILE = "config.json";

/** Canonical JSON (object keys sorted), so two configs compare by value, not by key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Before a run continues from the checkpoints in `runDir`: throws a {@link BadInputError}
 * naming `config.json` and the first field that differs when the folder holds another run
 * than `config` (so a resume never mixes two runs' weights). Fields in `free` may differ
 * (e.g. the backend, or a step budget being extended). A folder without the file passes.
 */
export function assertSameRun(runDir: string, config: object, free: readonly string[] = []): void {
  const file = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(file)) return;
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new BadInputError({ file, expected: "the JSON config of the run whose checkpoints lie beside it", hint: "Delete the run folder to start it again" });
  }
  const wanted = config as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(saved), ...Object.keys(wanted)])].filter((f) => !free.includes(f)).sort();
  for (const field of fields) {
    if (canonical(saved[field]) !== canonical(wanted[field])) {
      throw new BadInputError({
        file,
        field,
        expected: `the value of the run being resumed (${canonical(wanted[field]) ?? "absent"})`,
        got: saved[field],
        hint: "This folder holds another run: resume it with its own settings, or start afresh in a new folder",
      });
    }
  }
}
