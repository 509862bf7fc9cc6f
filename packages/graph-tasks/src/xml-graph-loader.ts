import { basename } from "node:path";
import { BadInputError } from "@ssl4rl/core";
import { DOMParser } from "@xmldom/xmldom";
import { GraphClass } from "./graph-constructor.js";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import type { FeatureGraph, GraphDataset } from "./graph-dataset.js";
import { adoptNodeAttributes } from "./node-attribute-features.js";
import { readTextFile } from "./read-text-file.js";

/** The XML graph formats graphology parses. */
export type XmlGraphFormat = "gexf" | "graphml";

const ROOT: Record<XmlGraphFormat, string> = { gexf: "gexf", graphml: "graphml" };

/**
 * Loads a GEXF or GraphML file through graphology's parsers. XML faults throw with the file
 * and line; node attributes become features and labels as {@link adoptNodeAttributes} says
 * (a `features` attribute, or the numeric attributes; `class` is the label).
 *
 * @example
 * ```ts
 * const g = loadXmlGraph("karate.gexf", "gexf");
 * ```
 */
export function loadXmlGraph(path: string, format: XmlGraphFormat, options: { name?: string; classKey?: string } = {}): GraphDataset {
  const text = readTextFile(path, `${format.toUpperCase()} file`);
  const problems: string[] = [];
  let doc: ReturnType<DOMParser["parseFromString"]> | undefined;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== "warning") problems.push(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (error) {
    // xmldom throws on fatal errors, with the position in `locator`.
    const line = (error as { locator?: { lineNumber?: number } }).locator?.lineNumber;
    problems.unshift(`${(error as Error).message}${line !== undefined ? ` @line:${line}` : ""}`);
  }
  if (problems.length > 0 || doc === undefined) {
    const first = problems[0] ?? "unreadable XML";
    const line = /line:(\d+)/.exec(first)?.[1];
    const what = first.replace(/\s*@.*$/s, "");
    throw new BadInputError({ file: path, ...(line !== undefined ? { line: Number(line) } : {}), expected: `well-formed ${format.toUpperCase()} XML`, got: what.replace(/\s+/g, " ").slice(0, 120) });
  }
  const root = doc.documentElement;
  if (root === null || root.localName !== ROOT[format]) {
    throw new BadInputError({ file: path, expected: `a <${ROOT[format]}> root element`, got: root?.nodeName ?? "(empty document)" });
  }
  let graph: FeatureGraph;
  try {
    const parse = format === "gexf" ? parseGexf : parseGraphml;
    // The text, not our document: the parsers check documents against their own xmldom copy.
    graph = parse(GraphClass, text) as unknown as FeatureGraph;
  } catch (error) {
    throw new BadInputError({ file: path, expected: `a valid ${format.toUpperCase()} graph`, hint: (error as Error).message, cause: error });
  }
  const name = options.name ?? basename(path).replace(/\.(gexf|graphml|xml)$/i, "");
  adoptNodeAttributes(graph, path, options.classKey);
  graph.setAttribute("name", name);
  return { name, graph, duplicateEdges: 0, origin: `${format}:${path}` };
}
