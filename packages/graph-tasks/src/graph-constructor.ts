import * as graphology from "graphology";
import type { Attributes, GraphConstructor } from "graphology-types";

/**
 * graphology's `Graph` class. graphology ships CommonJS type declarations with a default
 * export, which TypeScript's NodeNext mode sees as a namespace; its ESM build also exports
 * the class by name, so it is taken from there.
 */
export const GraphClass = (graphology as unknown as { Graph: GraphConstructor<Attributes, Attributes, Attributes> }).Graph;
