import { BadInputError } from "@ssl4rl/core";
import type { Attributes } from "graphology-types";
import type { FeatureGraph } from "./graph-dataset.js";

/** Attributes that layout tools write and that are never features. */
const NOT_FEATURES = new Set(["label", "x", "y", "z", "size", "color", "id", "features", "viz"]);

/**
 * Turns free-form node attributes (from GEXF, GraphML or a node CSV) into the feature graph
 * convention: a `features` attribute holding numbers separated by spaces or commas is the
 * vector; otherwise every numeric attribute (other than layout ones and the class) is one
 * feature column, columns sorted by name and named after the attribute. The `classKey`
 * attribute becomes the label. Modifies `graph` in place.
 */
export function adoptNodeAttributes(graph: FeatureGraph, file: string, classKey = "class"): void {
  const numericKeys = new Set<string>();
  let vectorWidth = -1;
  graph.forEachNode((node, attrs: Attributes) => {
    if (typeof attrs.features === "string") {
      const width = parseVector(attrs.features, file, node).length;
      if (vectorWidth !== -1 && width !== vectorWidth) {
        throw new BadInputError({ file, field: `node ${node} features`, expected: `${vectorWidth} numbers, as the other nodes`, got: `${width} numbers` });
      }
      vectorWidth = width;
    }
    for (const [key, value] of Object.entries(attrs)) {
      if (NOT_FEATURES.has(key) || key === classKey) continue;
      if (typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))) numericKeys.add(key);
    }
  });
  if (vectorWidth !== -1) {
    graph.updateEachNodeAttributes((node, attrs: Attributes) => {
      const label = attrs[classKey];
      // A GEXF/GraphML `label` is a display name, not a class: only `classKey` gives the class.
      const { label: _display, ...rest } = attrs;
      return {
        ...rest,
        features: typeof attrs.features === "string" ? parseVector(attrs.features, file, node) : new Float32Array(vectorWidth),
        ...(label !== undefined && label !== "" ? { label: String(label) } : {}),
      };
    });
    graph.setAttribute("numFeatures", vectorWidth);
    return;
  }
  const columns = [...numericKeys].sort();
  graph.updateEachNodeAttributes((node, attrs: Attributes) => {
    const features = new Float32Array(columns.length);
    columns.forEach((key, j) => {
      const raw = attrs[key];
      if (raw === undefined || raw === "") return;
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new BadInputError({ file, field: `node ${node} attribute ${key}`, expected: "a number (it is numeric on other nodes)", got: raw });
      features[j] = v;
    });
    const label = attrs[classKey];
    const { label: _display, ...rest } = attrs;
    return { ...rest, features, ...(label !== undefined && label !== "" ? { label: String(label) } : {}) };
  });
  graph.mergeAttributes({ numFeatures: columns.length, featureNames: columns });
}

function parseVector(text: string, file: string, node: string): Float32Array {
  const parts = text.trim().split(/[\s,]+/).filter((p) => p !== "");
  const out = new Float32Array(parts.length);
  parts.forEach((p, j) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new BadInputError({ file, field: `node ${node} features[${j}]`, expected: "a number", got: p });
    out[j] = v;
  });
  return out;
}
