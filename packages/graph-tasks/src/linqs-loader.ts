import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { BadInputError, type SkipCounter } from "@ssl4rl/core";
import { GraphClass } from "./graph-constructor.js";
import type { FeatureGraph, GraphDataset } from "./graph-dataset.js";
import { readTextFile, splitLines } from "./read-text-file.js";

/** The `.content` and `.cites` files of a LINQS dataset folder (gzip or not). */
export function findLinqsFiles(dir: string): { content: string; cites: string } {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new BadInputError({ file: dir, expected: "a readable folder with NAME.content and NAME.cites", hint: (error as Error).message, cause: error });
  }
  const content = names.find((n) => /\.content(\.gz)?$/.test(n));
  const cites = names.find((n) => /\.cites(\.gz)?$/.test(n));
  if (content === undefined || cites === undefined) {
    throw new BadInputError({ file: dir, expected: "a LINQS folder holding NAME.content (or .content.gz) and NAME.cites", got: names.slice(0, 8).join(", ") });
  }
  return { content: join(dir, content), cites: join(dir, cites) };
}

/**
 * Loads a LINQS dataset: `.content` lines are `<id>\t<feature values...>\t<class label>` (all
 * lines the same width), `.cites` lines are `<cited id>\t<citing id>`, a link from the
 * citing paper to the cited one. Structural faults (a short line, a non-number) throw with
 * the file and line; links to papers missing from `.content` (LINQS CiteSeer has some) are
 * skipped and counted in `skips`. Repeated links are merged and counted.
 *
 * @example
 * ```ts
 * const cora = loadLinqs("data/cora/cora.content", "data/cora/cora.cites");
 * cora.graph.order; // 2708
 * ```
 */
export function loadLinqs(contentPath: string, citesPath: string, options: { name?: string; skips?: SkipCounter } = {}): GraphDataset {
  const name = options.name ?? basename(contentPath).replace(/\.content(\.gz)?$/, "");
  const graph: FeatureGraph = new GraphClass({ type: "directed", allowSelfLoops: true, multi: false });
  let width = -1;
  const lines = splitLines(readTextFile(contentPath, "LINQS .content file"));
  let binary = true;
  const rows: { id: string; values: Float32Array; label: string }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const fields = line.split(/\t| +/);
    if (fields.length < 3) {
      throw new BadInputError({ file: contentPath, line: i + 1, expected: "<paper id>, feature values and a class label, tab-separated", got: line });
    }
    if (width === -1) width = fields.length;
    if (fields.length !== width) {
      throw new BadInputError({ file: contentPath, line: i + 1, expected: `${width} tab-separated fields, as on the first line`, got: `${fields.length} fields` });
    }
    const values = new Float32Array(width - 2);
    for (let j = 1; j < width - 1; j++) {
      const v = Number(fields[j]);
      if (fields[j] === "" || !Number.isFinite(v)) {
        throw new BadInputError({ file: contentPath, line: i + 1, field: `feature ${j - 1}`, expected: "a number", got: fields[j] });
      }
      if (v !== 0 && v !== 1) binary = false;
      values[j - 1] = v;
    }
    const id = fields[0]!;
    if (graph.hasNode(id)) throw new BadInputError({ file: contentPath, line: i + 1, field: "paper id", expected: "each paper once", got: id });
    graph.addNode(id);
    rows.push({ id, values, label: fields[width - 1]! });
  });
  if (rows.length === 0) throw new BadInputError({ file: contentPath, expected: "at least one paper line" });
  for (const row of rows) {
    if (binary) {
      const ones: number[] = [];
      for (let j = 0; j < row.values.length; j++) if (row.values[j] === 1) ones.push(j);
      graph.mergeNodeAttributes(row.id, { featureIndices: ones, label: row.label });
    } else {
      graph.mergeNodeAttributes(row.id, { features: row.values, label: row.label });
    }
  }
  graph.mergeAttributes({ name, numFeatures: width - 2 });

  let duplicateEdges = 0;
  splitLines(readTextFile(citesPath, "LINQS .cites file")).forEach((line, i) => {
    if (line.trim() === "") return;
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 2) {
      throw new BadInputError({ file: citesPath, line: i + 1, expected: "<cited paper id> <citing paper id>", got: line });
    }
    const [cited, citing] = fields as [string, string];
    if (!graph.hasNode(cited) || !graph.hasNode(citing)) {
      options.skips?.add("link to a paper missing from .content", `${basename(citesPath)}:${i + 1}`);
      return;
    }
    if (graph.hasEdge(citing, cited)) duplicateEdges++;
    else graph.addEdge(citing, cited);
  });
  return { name, graph, duplicateEdges, origin: `linqs:${contentPath}` };
}
