import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";

/** A parquet schema element as hyparquet-writer takes it. */
export type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/**
 * hyparquet-writer's byte sink, flushed to a file after every row group, so a file of any
 * length needs memory for one row group only.
 */
class FileByteSink extends ByteWriter {
  constructor(readonly handle: FileHandle) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    return this.#drain();
  }

  override finish(): Promise<void> {
    return this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.index === 0) return;
    // ParquetWriter awaits this before it encodes more, so the buffer is not touched meanwhile.
    await this.handle.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }
}

/** A parquet column: its name and one value per row (nested values as arrays and objects). */
export interface ParquetColumn {
  readonly name: string;
  readonly data: unknown[];
}

/**
 * Writes one parquet file row group by row group. The file appears under its name only when
 * {@link ParquetFileWriter.close} succeeds (temp file, then rename), so readers never see a
 * half-written file.
 *
 * @example
 * ```ts
 * const file = await ParquetFileWriter.create("out/train.parquet", schema);
 * await file.writeRowGroup([{ name: "answer", data: ["90", "180"] }]);
 * await file.close();
 * ```
 */
export class ParquetFileWriter {
  #rows = 0;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly tempPath: string,
    readonly handle: FileHandle,
    readonly parquet: ParquetWriter,
  ) {}

  /**
   * Opens a writer for `schema` (hyparquet's flattened schema list, root first).
   * `metadata` lands in the file's key-value metadata.
   */
  static async create(path: string, schema: SchemaElement[], metadata: Record<string, string> = {}): Promise<ParquetFileWriter> {
    const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.partial`);
    const handle = await open(tempPath, "w");
    const sink = new FileByteSink(handle);
    const parquet = new ParquetWriter({
      writer: sink,
      schema,
      kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      createdBy: "ssl4rl-ts (hyparquet-writer)",
    });
    return new ParquetFileWriter(path, tempPath, handle, parquet);
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Writes the columns (all of one length) as one row group and flushes it to disk. */
  async writeRowGroup(columns: readonly ParquetColumn[]): Promise<void> {
    const n = columns[0]?.data.length ?? 0;
    if (n === 0) return;
    await this.parquet.write({ columnData: columns.map((c) => ({ name: c.name, data: c.data as never })), rowGroupSize: n });
    this.#rows += n;
  }

  /** Writes the footer, closes the file and moves it to its final name. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.parquet.finish();
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tempPath, this.path);
  }

  /** Drops the partial file (after an error). */
  async abort(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}
