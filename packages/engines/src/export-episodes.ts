import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { BadConfigError, BadInputError, type Episode, writeFileAtomic } from "@ssl4rl/core";
import { imageName, type RowContext, type Split } from "./engine-row.js";
import { easyr1Layout, type ExportFormat, jsonlRow, type ParquetLayout, verlLayout } from "./export-format.js";
import { ParquetFileWriter } from "./parquet-file-writer.js";
import { fieldName, parquetSchema } from "./parquet-schema.js";

/** Options of {@link exportEpisodes}. */
export interface ExportOptions {
  readonly format: ExportFormat;
  /** Created if missing; gets `train.<ext>`, `test.<ext>` (when `testCount > 0`) and `manifest.json`. */
  readonly outDir: string;
  /** Episodes in order: the first `trainCount` go to train, the next `testCount` to test. Pulled lazily. */
  readonly episodes: AsyncIterable<Episode<{ readonly kind: string }>>;
  readonly trainCount: number;
  readonly testCount: number;
  /** The run seed, recorded in every row's `extra_info`. */
  readonly seed: number | string;
  /** The task's modality (verl's `ability`). */
  readonly modality: string;
  /** Rows per parquet row group, and so the most rows held in memory per split (default 256). */
  readonly rowGroupSize?: number;
  /** Extra fields for `manifest.json` (task options, source, skips). */
  readonly manifest?: Record<string, unknown>;
  /** Called after each row group reaches the disk. */
  readonly onRowGroup?: (info: { readonly split: Split; readonly rows: number; readonly written: number }) => void;
}

/** One written file. */
export interface ExportedFile {
  readonly split: Split;
  readonly path: string;
  readonly rows: number;
}

/** What {@link exportEpisodes} wrote. */
export interface ExportResult {
  readonly files: readonly ExportedFile[];
  /** Whether the rows carry an image column (the first episode had images). */
  readonly withImages: boolean;
  readonly manifestPath: string;
}

/** The parquet layout of a format (undefined for JSONL). */
export function parquetLayout(format: ExportFormat): ParquetLayout | undefined {
  return format === "verl" ? verlLayout : format === "easyr1" ? easyr1Layout : undefined;
}

/** Where one split's rows go: buffered rows, flushed a group at a time. */
interface SplitSink {
  add(ctx: RowContext): Promise<void>;
  close(): Promise<number>;
  abort(): Promise<void>;
  readonly path: string;
}

async function parquetSink(path: string, layout: ParquetLayout, withImages: boolean, groupSize: number, meta: Record<string, string>, onGroup: (rows: number, written: number) => void): Promise<SplitSink> {
  const fields = layout.fields(withImages);
  const names = fields.map(fieldName);
  const file = await ParquetFileWriter.create(path, parquetSchema(fields), meta);
  let buffer: Record<string, unknown>[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    await file.writeRowGroup(names.map((name) => ({ name, data: rows.map((r) => r[name]) })));
    onGroup(rows.length, file.rows);
  };
  return {
    path,
    async add(ctx) {
      buffer.push(layout.row(ctx, withImages));
      if (buffer.length >= groupSize) await flush();
    },
    async close() {
      await flush();
      await file.close();
      return file.rows;
    },
    abort: () => file.abort(),
  };
}

function jsonlSink(outDir: string, split: Split, groupSize: number, onGroup: (rows: number, written: number) => void): SplitSink {
  const path = join(outDir, `${split}.jsonl`);
  const temp = join(outDir, `.${split}.jsonl.partial`);
  const stream: WriteStream = createWriteStream(temp);
  let rows = 0;
  return {
    path,
    async add(ctx) {
      for (const [k, image] of ctx.episode.prompt.images.entries()) await writeFileAtomic(join(outDir, "images", imageName(ctx, k)), image.bytes);
      if (!stream.write(`${JSON.stringify(jsonlRow(ctx))}\n`)) await once(stream, "drain");
      rows++;
      if (rows % groupSize === 0) onGroup(groupSize, rows);
    },
    async close() {
      stream.end();
      await once(stream, "finish");
      await rename(temp, path);
      if (rows % groupSize !== 0) onGroup(rows % groupSize, rows);
      return rows;
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

/**
 * Streams episodes into train/test files that verl (`--format verl`), EasyR1 (`easyr1`) or
 * any JSONL reader (`jsonl`) takes unchanged. At most one row group per split is in memory,
 * so 100k episodes need no more memory than 256. Files appear only when complete.
 *
 * @example
 * ```ts
 * const episodes = generateEpisodes(task, source, { seed: 0, count: 1100, options, skips });
 * await exportEpisodes({ format: "verl", outDir: "data/rotation", episodes, trainCount: 1000, testCount: 100, seed: 0, modality: task.modality });
 * ```
 */
export async function exportEpisodes(options: ExportOptions): Promise<ExportResult> {
  const groupSize = options.rowGroupSize ?? 256;
  if (!Number.isInteger(groupSize) || groupSize <= 0) throw new BadConfigError({ field: "rowGroupSize", expected: "a positive integer", got: groupSize });
  await mkdir(options.outDir, { recursive: true });
  if (options.format === "jsonl") await mkdir(join(options.outDir, "images"), { recursive: true });
  const layout = parquetLayout(options.format);
  const sinks = new Map<Split, SplitSink>();
  let withImages: boolean | undefined;
  const counts: Record<Split, number> = { train: 0, test: 0 };

  const sinkFor = async (split: Split): Promise<SplitSink> => {
    let sink = sinks.get(split);
    if (sink === undefined) {
      const onGroup = (rows: number, written: number) => options.onRowGroup?.({ split, rows, written });
      sink = layout
        ? await parquetSink(join(options.outDir, `${split}.parquet`), layout, withImages ?? false, groupSize, { "ssl4rl.format": options.format, "ssl4rl.split": split }, onGroup)
        : jsonlSink(options.outDir, split, groupSize, onGroup);
      sinks.set(split, sink);
    }
    return sink;
  };

  const files: ExportedFile[] = [];
  try {
    for await (const episode of options.episodes) {
      const split: Split = counts.train < options.trainCount ? "train" : "test";
      if (split === "test" && counts.test >= options.testCount) break;
      const hasImages = episode.prompt.images.length > 0;
      withImages ??= hasImages;
      if (hasImages && !withImages && layout) {
        throw new BadInputError({
          field: `episode ${episode.id}`,
          expected: "no images, like the first episode of the export (the file has no image column)",
          got: `${episode.prompt.images.length} images`,
          hint: "A task must show images in every episode or in none",
        });
      }
      await (await sinkFor(split)).add({ episode, split, index: counts[split], seed: options.seed, modality: options.modality });
      counts[split]++;
    }
    // Both files exist even when the source ran dry, so engine configs can name them.
    for (const split of ["train", "test"] as const) {
      if (split === "test" && options.testCount === 0) continue;
      const sink = await sinkFor(split);
      files.push({ split, path: sink.path, rows: await sink.close() });
    }
  } catch (error) {
    await Promise.all([...sinks.values()].map((s) => s.abort()));
    throw error;
  }
  const manifestPath = join(options.outDir, "manifest.json");
  const manifest = {
    format: options.format,
    seed: options.seed,
    withImages: withImages ?? false,
    files: Object.fromEntries(files.map((f) => [f.split, { file: f.path.slice(options.outDir.length + 1), rows: f.rows }])),
    ...options.manifest,
  };
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, withImages: withImages ?? false, manifestPath };
}
