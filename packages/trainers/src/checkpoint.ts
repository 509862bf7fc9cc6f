import { existsSync, readdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { BadInputError } from "@ssl4rl/core";
import { writeFileAtomic } from "@ssl4rl/core";
import type { CompanionState } from "./run-companion.js";

/** Where one task's episode stream stands: which pass over its source, and episodes used in it. */
export interface FeedPosition {
  readonly epoch: number;
  readonly consumed: number;
}

/** Everything a run needs to continue exactly where it stopped. */
export interface CheckpointData {
  /** Steps completed. */
  readonly step: number;
  readonly optimizerStep: number;
  readonly feeds: Readonly<Record<string, FeedPosition>>;
  readonly params: Readonly<Record<string, Float32Array>>;
  readonly moments: Readonly<Record<string, Float32Array>>;
  /** What the run's companion kept (absent when the run had none). */
  readonly companion?: CompanionState;
}

type TensorGroup = "params" | "moments" | "companion";

const MAGIC = "SSL4RLCK";
const DIR = "checkpoints";

/** The file name of the checkpoint after `step` steps (zero-padded so names sort by step). */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(7, "0")}.ckpt`;
}

/**
 * Writes a checkpoint atomically (temp file, then rename), so a run killed mid-write leaves
 * the previous checkpoint intact. Layout: `SSL4RLCK`, a little-endian u32 header length, a
 * JSON header (padded to 4 bytes) listing the tensors, then their float32 values. A companion's
 * tensors are a third group and its JSON value a header field, so a file without them (written
 * before companions existed) reads the same as before.
 */
export async function writeCheckpoint(runDir: string, data: CheckpointData): Promise<string> {
  const groups: [TensorGroup, Readonly<Record<string, Float32Array>>][] = [
    ["params", data.params],
    ["moments", data.moments],
    ["companion", data.companion?.tensors ?? {}],
  ];
  const entries: { group: TensorGroup; name: string; length: number }[] = [];
  for (const [group, tensors] of groups) for (const [name, v] of Object.entries(tensors)) entries.push({ group, name, length: v.length });
  const header = JSON.stringify({
    version: 1,
    step: data.step,
    optimizerStep: data.optimizerStep,
    feeds: data.feeds,
    tensors: entries,
    ...(data.companion ? { companion: data.companion.json ?? null } : {}),
  });
  let headerBytes = new TextEncoder().encode(header);
  const padded = Math.ceil((headerBytes.length + 12) / 4) * 4 - 12;
  if (padded !== headerBytes.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(headerBytes);
    headerBytes = p;
  }
  const floats = entries.reduce((a, e) => a + e.length, 0);
  const out = new Uint8Array(12 + headerBytes.length + floats * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  const body = new Float32Array(out.buffer, 12 + headerBytes.length, floats);
  const byGroup = new Map(groups);
  let at = 0;
  for (const e of entries) {
    body.set(byGroup.get(e.group)![e.name]!, at);
    at += e.length;
  }
  const { mkdir } = await import("node:fs/promises");
  await mkdir(join(runDir, DIR), { recursive: true });
  const path = join(runDir, DIR, checkpointName(data.step));
  await writeFileAtomic(path, out);
  return path;
}

/** Reads a checkpoint written by {@link writeCheckpoint}; a damaged file is a {@link BadInputError} naming it. */
export async function readCheckpoint(path: string): Promise<CheckpointData> {
  const bytes = await readFile(path);
  const fail = (expected: string): never => {
    throw new BadInputError({ file: path, expected, hint: "Delete this checkpoint to resume from the one before it" });
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail("an SSL4RL checkpoint (SSL4RLCK header)");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  let header: { step: number; optimizerStep: number; feeds: Record<string, FeedPosition>; tensors: { group: string; name: string; length: number }[]; companion?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    return fail("a JSON checkpoint header");
  }
  const floats = header.tensors.reduce((a, e) => a + e.length, 0);
  if (bytes.length !== 12 + headerLength + floats * 4) fail(`${12 + headerLength + floats * 4} bytes`);
  const copy = bytes.slice(12 + headerLength);
  const body = new Float32Array(copy.buffer, copy.byteOffset, floats);
  const read: Record<TensorGroup, Record<string, Float32Array>> = { params: {}, moments: {}, companion: {} };
  let at = 0;
  for (const e of header.tensors) {
    const group = Object.hasOwn(read, e.group) ? read[e.group as TensorGroup] : fail(`tensor groups params, moments or companion, not ${JSON.stringify(e.group)}`);
    group[e.name] = body.slice(at, at + e.length);
    at += e.length;
  }
  const companion = "companion" in header ? { companion: { tensors: read.companion, json: header.companion } } : {};
  return { step: header.step, optimizerStep: header.optimizerStep, feeds: header.feeds, params: read.params, moments: read.moments, ...companion };
}

/** Checkpoint files of a run, oldest first. */
export function listCheckpoints(runDir: string): string[] {
  const dir = join(runDir, DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^step-\d+\.ckpt$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The newest checkpoint of a run, if any. */
export function latestCheckpoint(runDir: string): string | undefined {
  return listCheckpoints(runDir).at(-1);
}

/** Deletes all but the newest `keep` checkpoints. */
export async function pruneCheckpoints(runDir: string, keep: number): Promise<void> {
  const all = listCheckpoints(runDir);
  for (const path of all.slice(0, Math.max(0, all.length - keep))) await rm(path, { force: true });
}
