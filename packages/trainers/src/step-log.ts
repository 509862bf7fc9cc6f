import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "@ssl4rl/core";

/**
 * The lines of a run's per-step log (`metrics.jsonl`, one JSON object with a `step` per line),
 * parsed. A last line cut short by a kill is dropped, not an error: the run that resumes
 * rewrites the file without it.
 */
export async function readStepLog<T extends { readonly step: number }>(path: string): Promise<T[]> {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of (await readFile(path, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // cut short by kill -9
    }
  }
  return out;
}

/** Keeps the lines up to `step` (the checkpoint a resume starts from), rewriting the file atomically. */
export async function truncateStepLog(path: string, step: number): Promise<void> {
  const kept = (await readStepLog(path)).filter((m) => m.step <= step);
  await writeFileAtomic(path, kept.map((m) => `${JSON.stringify(m)}\n`).join(""));
}

/** Wall seconds a step log records for its steps up to `step` (the sum of their `seconds`). */
export function secondsUpTo(lines: readonly { readonly step: number; readonly seconds: number }[], step: number): number {
  return lines.filter((l) => l.step <= step).reduce((a, l) => a + l.seconds, 0);
}
