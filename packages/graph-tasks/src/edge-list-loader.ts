import { basename, extname } from "node:path";
import { BadInputError } from "@ssl4rl/core";
import { GraphClass } from "./graph-constructor.js";
import type { FeatureGraph, GraphDataset } from "./graph-dataset.js";
import { adoptNodeAttributes } from "./node-attribute-features.js";
import { readTextFile, splitLines } from "./read-text-file.js";

/** Options of {@link loadEdgeList}. */
export interface EdgeListOptions {
  readonly name?: string;
  /** A CSV/TSV of node attributes with a header whose first column is the node id. */
  readonly nodesFile?: string;
  /** Keep edge direction (default false: the graph is undirected). */
  readonly directed?: boolean;
  /** The node CSV column holding the class (default `class`). */
  readonly classKey?: string;
}

function delimiterOf(path: string, firstLine: string): string {
  if (extname(path.replace(/\.gz$/, "")).toLowerCase() === ".tsv" || firstLine.includes("\t")) return "\t";
  if (firstLine.includes(",")) return ",";
  return " ";
}

function splitRow(line: string, delimiter: string): string[] {
  const parts = delimiter === " " ? line.trim().split(/\s+/) : line.split(delimiter);
  return parts.map((p) => p.trim().replace(/^"(.*)"$/, "$1"));
}

const HEADER = /^(source|src|from|node1|u)$/i;

/**
 * Loads an edge list: one edge a line, `source,target` (comma, tab or space separated,
 * found from the extension or the first line; extra columns ignored; `#` comments and an
 * optional `source,target` header allowed), plus an optional node CSV whose header is
 * `id,<attribute>,...` (numeric attributes become features, `class` the label). Nodes only
 * in the node file are kept (isolated). Repeated edges are merged and counted.
 *
 * @example
 * ```ts
 * const g = loadEdgeList("edges.csv", { nodesFile: "nodes.csv" });
 * ```
 */
export function loadEdgeList(path: string, options: EdgeListOptions = {}): GraphDataset {
  const name = options.name ?? basename(path).replace(/\.(csv|tsv|txt|edges?)(\.gz)?$/i, "");
  const graph: FeatureGraph = new GraphClass({ type: options.directed ? "directed" : "undirected", allowSelfLoops: true, multi: false });
  if (options.nodesFile !== undefined) readNodeFile(graph, options.nodesFile);
  const lines = splitLines(readTextFile(path, "edge list"));
  const firstData = lines.find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
  const delimiter = delimiterOf(path, firstData);
  let duplicateEdges = 0;
  let headerSeen = false;
  lines.forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const fields = splitRow(line, delimiter);
    if (!headerSeen) {
      headerSeen = true;
      if (HEADER.test(fields[0] ?? "")) return;
    }
    if (fields.length < 2 || fields[0] === "" || fields[1] === "") {
      throw new BadInputError({ file: path, line: i + 1, expected: `two node ids separated by ${delimiter === "\t" ? "a tab" : delimiter === "," ? "a comma" : "spaces"}`, got: line });
    }
    const [s, t] = fields as [string, string];
    if (options.nodesFile !== undefined && (!graph.hasNode(s) || !graph.hasNode(t))) {
      throw new BadInputError({ file: path, line: i + 1, expected: `node ids listed in ${options.nodesFile}`, got: graph.hasNode(s) ? t : s });
    }
    graph.mergeNode(s);
    graph.mergeNode(t);
    if (graph.hasEdge(s, t)) duplicateEdges++;
    else graph.addEdge(s, t);
  });
  if (options.nodesFile !== undefined) adoptNodeAttributes(graph, options.nodesFile, options.classKey);
  graph.setAttribute("name", name);
  return { name, graph, duplicateEdges, origin: `edgelist:${path}` };
}

function readNodeFile(graph: FeatureGraph, file: string): void {
  const lines = splitLines(readTextFile(file, "node attribute file"));
  const headerLine = lines[0] ?? "";
  const delimiter = delimiterOf(file, headerLine);
  const header = splitRow(headerLine, delimiter);
  if (header.length < 1 || header[0] === "") throw new BadInputError({ file, line: 1, expected: "a header: id,<attribute>,...", got: headerLine });
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = splitRow(line, delimiter);
    if (fields.length !== header.length) {
      throw new BadInputError({ file, line: i + 1, expected: `${header.length} fields, as in the header`, got: `${fields.length} fields` });
    }
    const id = fields[0]!;
    if (id === "") throw new BadInputError({ file, line: i + 1, field: header[0]!, expected: "a node id", got: line });
    if (graph.hasNode(id)) throw new BadInputError({ file, line: i + 1, field: header[0]!, expected: "each node once", got: id });
    const attrs: Record<string, string> = {};
    header.forEach((key, j) => {
      if (j > 0) attrs[key] = fields[j]!;
    });
    graph.addNode(id, attrs);
  }
}
