import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { RunRecord } from "./run-record.js";

/**
 * What makes two records the same run: a run repeated with the same example, dataset, task
 * (whose name carries every variant label), method, seed, step budget and batch replaces the
 * earlier one.
 */
export function runIdentity(r: RunRecord): string {
  return JSON.stringify([r.example, r.dataset, r.task, r.method, r.seed, r.steps, r.batchSize]);
}

/** How a merge went: records kept from git, records from this machine's runs, and how many of those replaced a kept one. */
export interface MergeCounts {
  readonly committed: number;
  readonly local: number;
  readonly replaced: number;
}

/**
 * The committed records (`examples/run-records.jsonl`) with this machine's records laid over
 * them: a local record replaces the committed one of the same run, any other is added. Order:
 * committed records in their order (replaced in place), then the new ones. A fresh clone has
 * no local records, so summarising there rewrites the same tables instead of emptying them.
 *
 * @example
 * ```ts
 * const { records, counts } = mergeRunRecords(fromGit, fromRuns);
 * console.log(`${counts.local} local records, ${counts.replaced} of them replacing committed ones`);
 * ```
 */
export function mergeRunRecords(committed: readonly RunRecord[], local: readonly RunRecord[]): { records: RunRecord[]; counts: MergeCounts } {
  const localById = new Map(local.map((r) => [runIdentity(r), r] as const));
  const used = new Set<string>();
  const records = committed.map((r) => {
    const id = runIdentity(r);
    const fresh = localById.get(id);
    if (fresh === undefined) return r;
    used.add(id);
    return fresh;
  });
  for (const [id, r] of localById) if (!used.has(id)) records.push(r);
  return { records, counts: { committed: committed.length, local: localById.size, replaced: used.size } };
}

/**
 * Records from a JSON-lines file (one record per line, blank lines ignored); an absent file
 * gives none. A line that is not a record is an error naming the file and the line.
 */
export async function readRecordLines(path: string): Promise<RunRecord[]> {
  if (!existsSync(path)) return [];
  const out: RunRecord[] = [];
  const lines = (await readFile(path, "utf8")).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${i + 1}: not JSON (${(error as Error).message}); expected one run record per line`);
    }
    const r = value as Partial<RunRecord> | null;
    for (const field of ["example", "dataset", "task", "method"] as const) {
      if (typeof r?.[field] !== "string") throw new Error(`${path}:${i + 1}: field "${field}" must be a string in a run record`);
    }
    for (const field of ["seed", "steps", "batchSize", "probeAccuracy"] as const) {
      if (typeof r?.[field] !== "number") throw new Error(`${path}:${i + 1}: field "${field}" must be a number in a run record`);
    }
    out.push(value as RunRecord);
  }
  return out;
}
