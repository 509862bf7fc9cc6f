import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BadInputError, Random, type SampleSource, type SourceKind } from "@ssl4rl/core";
import { splitCsvLine } from "./csv-line.js";
import { decodeFailureReason } from "./decode-failure.js";
import { decodeImage } from "./decode-image.js";
import { fileSourceParams } from "./folder-source.js";
import type { ImageSample } from "./image-sample.js";
import { readAhead } from "./read-ahead.js";
import { sourceLocation } from "./source-location.js";

const PATH_COLUMNS = ["path", "file", "filename", "image", "image_path"];
const LABEL_COLUMNS = ["label", "target", "class_index"];
const NAME_COLUMNS = ["class_name", "class", "classname", "label_name"];

interface Row {
  readonly line: number;
  readonly file: string;
  readonly label?: number;
  readonly className?: string;
}

/**
 * `csv:FILE`: a CSV with a header row naming a path column (`path`, `file`, `filename` or
 * `image`) and optionally an integer `label` and a `class_name`. Paths are relative to the
 * CSV's folder, or to `?root=DIR`. Rows that are malformed or name a missing or undecodable
 * file are skipped and counted (with `FILE:LINE` or the file name). When there is only a
 * class-name column, classes are numbered in sorted order.
 */
export const csvSource: SourceKind<ImageSample> = {
  kind: "csv",
  modality: "vision",
  description: "images listed in a CSV (path column, optional label / class_name), paths relative to the CSV or ?root=DIR",
  async open(spec, context): Promise<SampleSource<ImageSample>> {
    const { path: csvPath } = sourceLocation(spec, "file", "csv:labels.csv?root=images");
    const params = fileSourceParams(spec);
    const root = spec.params.root !== undefined ? resolve(spec.params.root) : dirname(resolve(csvPath));
    const lines = readFileSync(csvPath, "utf8").split(/\r?\n/);
    const header = splitCsvLine(lines[0] ?? "")?.map((h) => h.trim().toLowerCase()) ?? [];
    const pathAt = header.findIndex((h) => PATH_COLUMNS.includes(h));
    if (pathAt === -1) {
      throw new BadInputError({
        file: csvPath,
        line: 1,
        field: "header",
        expected: `a header row with a path column (${PATH_COLUMNS.join(", ")})`,
        got: lines[0] ?? "",
        hint: "Add a header line such as path,label",
      });
    }
    const labelAt = header.findIndex((h) => LABEL_COLUMNS.includes(h));
    const nameAt = header.findIndex((h) => NAME_COLUMNS.includes(h));
    const rows: Row[] = [];
    for (let i = 1; i < lines.length; i++) {
      const text = lines[i]!;
      if (text.trim() === "") continue;
      const where = `${csvPath}:${i + 1}`;
      const fields = splitCsvLine(text);
      if (fields === undefined || fields.length !== header.length) {
        context.skips.add(`malformed CSV row (expected ${header.length} fields)`, where);
        continue;
      }
      const file = fields[pathAt]!.trim();
      if (file === "") {
        context.skips.add("CSV row with an empty path", where);
        continue;
      }
      let label: number | undefined;
      if (labelAt !== -1) {
        const raw = fields[labelAt]!.trim();
        if (!/^\d+$/.test(raw)) {
          context.skips.add("CSV label is not a non-negative integer", where);
          continue;
        }
        label = Number(raw);
      }
      const className = nameAt !== -1 ? fields[nameAt]!.trim() : undefined;
      rows.push({ line: i + 1, file, ...(label !== undefined ? { label } : {}), ...(className ? { className } : {}) });
    }
    if (labelAt === -1 && nameAt !== -1) {
      // Only names: number them in sorted order, as a folder source numbers its subfolders.
      const names = [...new Set(rows.flatMap((r) => (r.className ? [r.className] : [])))].sort();
      const index = new Map(names.map((n, i) => [n, i]));
      rows.forEach((r, i) => {
        if (r.className !== undefined) rows[i] = { ...r, label: index.get(r.className)! };
      });
    }
    if (params.shuffle) Random.fromSeed(context.seed).fork("csv-order").shuffle(rows);
    const chosen = rows.slice(0, params.limit);
    return {
      description: `csv:${csvPath} (${chosen.length} rows, root ${root})`,
      async *samples() {
        for await (const r of readAhead(chosen, (row) => decodeImage(resolve(root, row.file), params.maxPixels, params.maxSide), params.depth)) {
          if (!r.ok) {
            context.skips.add(decodeFailureReason(r.error), r.item.file);
            continue;
          }
          const { file, label, className } = r.item;
          yield { id: file, image: r.value, ...(label !== undefined ? { label } : {}), ...(className !== undefined ? { className } : {}) };
        }
      },
    };
  },
};
