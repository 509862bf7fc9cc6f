import { BadInputError } from "@ssl4rl/core";
import type { NodeSplit } from "./node-split.js";
import { readTextFile, splitLines } from "./read-text-file.js";

/** Planetoid's public split: 20 labelled nodes per class for training, then 500 for validation. */
export const PLANETOID_TRAIN_PER_CLASS = 20;
export const PLANETOID_VAL_SIZE = 500;

const SPLITS = new Set(["train", "val", "test", "none"]);

/**
 * Reads a Planetoid split written out by paper id: a TSV with header
 * `planetoid_index  paper_id  split  class_label` and `split` one of train/val/test/none.
 * `nodeIndex` maps a paper id to its node index; rows without a paper id (CiteSeer's
 * featureless padding nodes) must be `none`. Unknown ids throw, naming the line.
 *
 * @example
 * ```ts
 * const split = readPlanetoidSplitTsv("cora_planetoid_split.tsv", (id) => ids.indexOf(id));
 * split.train.length; // 140
 * ```
 */
export function readPlanetoidSplitTsv(path: string, nodeIndex: (paperId: string) => number | undefined): NodeSplit {
  const lines = splitLines(readTextFile(path, "Planetoid split TSV"));
  const header = (lines[0] ?? "").split("\t");
  const col = (name: string) => header.indexOf(name);
  if (col("paper_id") === -1 || col("split") === -1) {
    throw new BadInputError({ file: path, line: 1, expected: "a header with columns paper_id and split (planetoid_index, paper_id, split, class_label)", got: lines[0] ?? "" });
  }
  const parts: Record<string, number[]> = { train: [], val: [], test: [] };
  const seen = new Set<number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const fields = line.split("\t");
    const split = fields[col("split")];
    const paper = fields[col("paper_id")] ?? "";
    if (split === undefined || !SPLITS.has(split)) {
      throw new BadInputError({ file: path, line: i + 1, field: "split", expected: "train, val, test or none", got: split ?? line });
    }
    if (split === "none") continue;
    const u = paper === "" ? undefined : nodeIndex(paper);
    if (u === undefined || u < 0) {
      throw new BadInputError({ file: path, line: i + 1, field: "paper_id", expected: "the id of a node in the graph", got: paper, hint: "Is this the split file of the same dataset?" });
    }
    if (seen.has(u)) throw new BadInputError({ file: path, line: i + 1, field: "paper_id", expected: "each paper in at most one split row", got: paper });
    seen.add(u);
    parts[split]!.push(u);
  }
  return { train: Int32Array.from(parts.train!), val: Int32Array.from(parts.val!), test: Int32Array.from(parts.test!) };
}

/**
 * The Planetoid public split from an `ind.NAME.test.index` file (one integer a line), as
 * indices in Planetoid's own node order (the order of its `ind.*` files): train is the first
 * `20 × numClasses` nodes, validation the next 500, test the listed ones.
 *
 * @example
 * ```ts
 * const split = planetoidSplitFromTestIndex("ind.cora.test.index", 7);
 * [split.train.length, split.val.length, split.test.length]; // [140, 500, 1000]
 * ```
 */
export function planetoidSplitFromTestIndex(path: string, numClasses: number): NodeSplit {
  const test: number[] = [];
  const seen = new Set<number>();
  splitLines(readTextFile(path, "Planetoid test.index file")).forEach((line, i) => {
    if (line.trim() === "") return;
    const n = Number(line.trim());
    if (!/^\s*\d+\s*$/.test(line) || !Number.isSafeInteger(n)) throw new BadInputError({ file: path, line: i + 1, expected: "a non-negative integer node index", got: line });
    if (seen.has(n)) throw new BadInputError({ file: path, line: i + 1, expected: "each test index once", got: n });
    seen.add(n);
    test.push(n);
  });
  const trainSize = PLANETOID_TRAIN_PER_CLASS * numClasses;
  const train = Int32Array.from({ length: trainSize }, (_, i) => i);
  const val = Int32Array.from({ length: PLANETOID_VAL_SIZE }, (_, i) => trainSize + i);
  const overlap = test.find((t) => t < trainSize + PLANETOID_VAL_SIZE);
  if (overlap !== undefined) throw new BadInputError({ file: path, expected: `test indices at or above ${trainSize + PLANETOID_VAL_SIZE} (after train and validation)`, got: overlap });
  return { train, val, test: Int32Array.from(test) };
}
