import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BadInputError } from "@ssl4rl/core";

/** The file in a run directory that says which run it holds. */
export const RUN_CONFIG_FILE = "config.json";

/** JSON of a value, for an error message. */
const shown = (value: unknown): string => (value === undefined ? "absent" : JSON.stringify(value));

/**
 * Whether `wanted` departs from what `saved` (parsed JSON) says. Only what the saved file holds
 * is compared, key by key at every depth: a field that a later version added with a default
 * is not a different run.
 */
function departs(saved: unknown, wanted: unknown): boolean {
  if (Array.isArray(saved)) return !Array.isArray(wanted) || saved.length !== wanted.length || saved.some((v, i) => departs(v, wanted[i]));
  if (saved !== null && typeof saved === "object") {
    if (wanted === null || typeof wanted !== "object" || Array.isArray(wanted)) return true;
    return Object.entries(saved as Record<string, unknown>).some(([k, v]) => departs(v, (wanted as Record<string, unknown>)[k]));
  }
  return saved !== wanted;
}

/**
 * Before a run continues from the checkpoints in `runDir`: throws a {@link BadInputError}
 * naming `config.json` and the first field that differs when the folder holds another run
 * than `config` (so a resume never mixes two runs' weights). Fields in `free` may differ
 * (e.g. the backend, or a step budget being extended), and only what the file holds is
 * compared (a field added later with a default is the same run). A folder without the file passes.
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
  const wanted = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  for (const field of Object.keys(saved).filter((f) => !free.includes(f))) {
    if (departs(saved[field], wanted[field])) {
      throw new BadInputError({
        file,
        field,
        expected: `the value of the run being resumed (${shown(wanted[field])})`,
        got: saved[field],
        hint: "This folder holds another run: resume it with its own settings, or start afresh in a new folder",
      });
    }
  }
}
