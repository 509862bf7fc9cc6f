import { type FileHandle, open, readFile, stat, truncate } from "node:fs/promises";
import { BadConfigError, BadInputError, type JsonObject } from "@ssl4rl/core";

/** One scored episode in a results file. */
export interface EvalResultRecord {
  readonly type: "result";
  readonly index: number;
  readonly id: string;
  readonly truth: string;
  readonly response: string;
  /** The answer read from the response, or null when there was none. */
  readonly answer: string | null;
  readonly valid: boolean;
  readonly score: number;
  readonly components: Readonly<Record<string, number>>;
  readonly attempts: number;
  readonly latencyMs: number;
}

/** An episode that failed after every retry; a resumed run tries it again. */
export interface EvalErrorRecord {
  readonly type: "error";
  readonly index: number;
  readonly id: string;
  readonly error: string;
  readonly attempts: number;
}

/** The first line: what the run is, so a resume cannot mix two different runs. */
export interface EvalRunRecord {
  readonly type: "run";
  readonly identity: JsonObject;
}

export type EvalRecord = EvalResultRecord | EvalErrorRecord | EvalRunRecord;

/**
 * The resumable results file of an evaluation: JSON lines, the run's identity first, then one
 * line per finished episode. Each line goes down in one append-mode write followed by a data
 * sync, so a crash loses at most the line being written; on reopening, a torn last line is cut
 * off and the episodes already scored are skipped.
 *
 * @example
 * ```ts
 * const file = await ResultsFile.open("results.jsonl", { task: "vision/rotation", model: "qwen", seed: 0 });
 * if (!file.done.has(episode.id)) await file.append({ type: "result", ... });
 * await file.close();
 * ```
 */
export class ResultsFile {
  /** Latest record per episode id, from the file as it was opened. */
  readonly previous: ReadonlyMap<string, EvalResultRecord | EvalErrorRecord>;
  #chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly handle: FileHandle,
    previous: Map<string, EvalResultRecord | EvalErrorRecord>,
  ) {
    this.previous = previous;
  }

  /** Ids of episodes already scored (errors are not done: they are tried again). */
  get done(): Set<string> {
    return new Set([...this.previous.values()].filter((r) => r.type === "result").map((r) => r.id));
  }

  /**
   * Opens (or creates) a results file for a run. An existing file must describe the same run
   * (`identity` compared key by key); otherwise a {@link BadConfigError} says which key differs.
   */
  static async open(path: string, identity: JsonObject): Promise<ResultsFile> {
    const previous = new Map<string, EvalResultRecord | EvalErrorRecord>();
    let text = "";
    const exists = await stat(path).then(() => true, () => false);
    if (exists) text = await readFile(path, "utf8");
    const end = text.lastIndexOf("\n") + 1;
    if (end < text.length) {
      // A crash in the middle of an append left a partial line: drop it, its episode runs again.
      await truncate(path, Buffer.byteLength(text.slice(0, end)));
      text = text.slice(0, end);
    }
    const lines = text.split("\n").filter((l) => l !== "");
    if (lines.length > 0) {
      let header: EvalRecord;
      try {
        header = JSON.parse(lines[0]!) as EvalRecord;
      } catch {
        throw new BadInputError({ file: path, line: 1, expected: "a results file written by ssl4rl eval", hint: "Pass another --results file" });
      }
      if (header.type !== "run") throw new BadInputError({ file: path, line: 1, field: "type", expected: '"run"', got: header.type });
      for (const [key, value] of Object.entries(identity)) {
        if (JSON.stringify(header.identity[key]) !== JSON.stringify(value)) {
          throw new BadConfigError({
            file: path,
            field: key,
            expected: `the value of the run that wrote this file (${JSON.stringify(header.identity[key])})`,
            got: value,
            hint: "Resume with the same task, model, seed, source and options, or pass a new --results file",
          });
        }
      }
      for (const [i, line] of lines.slice(1).entries()) {
        let record: EvalRecord;
        try {
          record = JSON.parse(line) as EvalRecord;
        } catch {
          throw new BadInputError({ file: path, line: i + 2, expected: "one JSON object per line" });
        }
        if (record.type === "result" || record.type === "error") previous.set(record.id, record);
      }
    }
    const handle = await open(path, "a");
    const file = new ResultsFile(path, handle, previous);
    if (lines.length === 0) await file.append({ type: "run", identity });
    return file;
  }

  /** Appends one record durably. Calls are serialised, so concurrent workers never interleave lines. */
  append(record: EvalRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.#chain.then(async () => {
      await this.handle.write(line);
      await this.handle.datasync();
    });
    this.#chain = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.handle.close();
  }
}
