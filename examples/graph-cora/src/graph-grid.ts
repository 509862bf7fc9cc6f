import type { TrainingSetting } from "@ssl4rl/example-results";

/** A named training setting of the graph table: one task, or an explicit mix. */
export type GraphSetting = TrainingSetting;

// GraphMAE's mask rate on Cora; pick the hidden node's features among 4 candidates.
const nodeMasking: GraphSetting = { name: "node-masking", tasks: [{ id: "graph/node-masking", options: { maskRate: 0.5 } }], chance: 0.25 };
// GAE-style: 10% of edges held out of the view, as many verified non-edges; balanced yes/no.
const edgePrediction: GraphSetting = { name: "edge-prediction", tasks: [{ id: "graph/edge-prediction", options: { holdoutRate: 0.1 } }], chance: 0.5 };
// The same holdout, asked as a choice: which of 8 lettered nodes is linked to the query node
// (one held-out neighbour, 7 verified non-neighbours).
const edgeChoice: GraphSetting = { name: "edge-choice", tasks: [{ id: "graph/edge-prediction", options: { holdoutRate: 0.1, form: "choice", candidates: 8 } }], chance: 1 / 8 };
// GRACE-style views: each of two copies drops 30% of the edges and 30% of the feature columns;
// find the query node of the first copy among 8 nodes of the second.
const nodeContrast: GraphSetting = { name: "node-contrast", tasks: [{ id: "graph/node-contrast", options: {} }], chance: 1 / 8 };
// DGI's corruption as a question: which of 4 nodes is from the intact graph, the other 3 from a
// copy whose feature rows were shuffled among the nodes.
const corruption: GraphSetting = { name: "corruption", tasks: [{ id: "graph/corruption-detection", options: {} }], chance: 1 / 4 };
// Masked-feature reconstruction as a question: which of 4 offered words a masked node has (the 3
// others it lacks, drawn by word frequency); the same mask rate as node masking.
const attributeMasking: GraphSetting = { name: "attribute-masking", tasks: [{ id: "graph/attribute-masking", options: { maskRate: 0.5 } }], chance: 1 / 4 };
const mix: GraphSetting = {
  name: "mix",
  tasks: [...nodeMasking.tasks, ...edgePrediction.tasks].map((t) => ({ ...t, weight: 1 })),
  chance: (nodeMasking.chance + edgePrediction.chance) / 2,
};

// Node masking and node contrast, one half each.
const maskContrast: GraphSetting = {
  name: "mask-contrast",
  tasks: [...nodeMasking.tasks, ...nodeContrast.tasks].map((t) => ({ ...t, weight: 1 })),
  chance: (nodeMasking.chance + nodeContrast.chance) / 2,
};

/** Every graph setting by name. */
export const GRAPH_SETTINGS: ReadonlyMap<string, GraphSetting> = new Map([nodeMasking, edgePrediction, edgeChoice, nodeContrast, corruption, attributeMasking, mix, maskContrast].map((s) => [s.name, s]));

/** Task options the runner's flags may change (the defaults are the settings above). */
export interface TaskVariant {
  /** K of node masking: lettered feature vectors to choose among. */
  readonly candidates: number;
  /** Fraction of nodes whose features node masking hides. */
  readonly maskRate: number;
  /** How edge prediction draws its non-edges. */
  readonly negatives: "uniform" | "degree";
  /** K of node contrast: nodes of the second copy to choose among. */
  readonly contrastCandidates: number;
  /** Fraction of edges each node-contrast copy drops. */
  readonly dropEdges: number;
  /** Fraction of feature columns each node-contrast copy hides. */
  readonly dropFeatures: number;
}

/** The default variant: every setting exactly as defined above. */
export const DEFAULT_VARIANT: TaskVariant = { candidates: 4, maskRate: 0.5, negatives: "uniform", contrastCandidates: 8, dropEdges: 0.3, dropFeatures: 0.3 };

/**
 * The non-default parts of a variant, as short labels for table rows (`K=16`, `mask 0.7`); given
 * a setting, only the parts that change one of its tasks.
 */
export function taskVariantParts(v: TaskVariant, setting?: GraphSetting): string[] {
  const uses = (id: string) => setting === undefined || setting.tasks.some((t) => t.id === id);
  const masking = uses("graph/node-masking");
  const edges = uses("graph/edge-prediction");
  const contrast = uses("graph/node-contrast");
  return [
    ...(!masking || v.candidates === DEFAULT_VARIANT.candidates ? [] : [`K=${v.candidates}`]),
    ...(!masking || v.maskRate === DEFAULT_VARIANT.maskRate ? [] : [`mask ${v.maskRate}`]),
    ...(!edges || v.negatives === DEFAULT_VARIANT.negatives ? [] : [`${v.negatives} negatives`]),
    ...(!contrast || v.contrastCandidates === DEFAULT_VARIANT.contrastCandidates ? [] : [`contrast K=${v.contrastCandidates}`]),
    ...(!contrast || v.dropEdges === DEFAULT_VARIANT.dropEdges ? [] : [`drop edges ${v.dropEdges}`]),
    ...(!contrast || v.dropFeatures === DEFAULT_VARIANT.dropFeatures ? [] : [`drop features ${v.dropFeatures}`]),
  ];
}

/** Each lettered task's K when its options do not say (the tasks' own defaults). */
const DEFAULT_CANDIDATES: Readonly<Record<string, number>> = {
  "graph/node-masking": DEFAULT_VARIANT.candidates,
  "graph/node-contrast": DEFAULT_VARIANT.contrastCandidates,
  "graph/corruption-detection": 4,
  "graph/attribute-masking": 4,
  "graph/edge-prediction": 4,
};

/**
 * A setting with the variant's options applied to its tasks. Chance follows K: a lettered
 * task's random answer is right 1/K of the time (edge prediction's yes/no stays at 1/2).
 */
export function withTaskVariant(setting: GraphSetting, v: TaskVariant): GraphSetting {
  const tasks = setting.tasks.map((t) => {
    if (t.id === "graph/node-masking") return { ...t, options: { ...t.options, maskRate: v.maskRate, ...(v.candidates === DEFAULT_VARIANT.candidates ? {} : { candidates: v.candidates }) } };
    if (t.id === "graph/edge-prediction" && v.negatives !== DEFAULT_VARIANT.negatives) return { ...t, options: { ...t.options, negatives: v.negatives } };
    if (t.id === "graph/node-contrast") {
      const changed = {
        ...(v.contrastCandidates === DEFAULT_VARIANT.contrastCandidates ? {} : { candidates: v.contrastCandidates }),
        ...(v.dropEdges === DEFAULT_VARIANT.dropEdges ? {} : { edgeDropRate: v.dropEdges }),
        ...(v.dropFeatures === DEFAULT_VARIANT.dropFeatures ? {} : { featureDropRate: v.dropFeatures }),
      };
      return { ...t, options: { ...t.options, ...changed } };
    }
    return t;
  });
  // A lettered task's random answer is right 1/K of the time; edge prediction's yes/no, half the time.
  const chances = tasks.map((t) =>
    t.id === "graph/edge-prediction" && t.options.form !== "choice" ? 0.5 : 1 / ((t.options.candidates as number | undefined) ?? DEFAULT_CANDIDATES[t.id] ?? 4),
  );
  return { ...setting, tasks, chance: chances.reduce((a, b) => a + b, 0) / chances.length };
}

/** Published linear-probe accuracies on the Planetoid public split (percent), quoted as references. */
export const PUBLISHED_PROBES = [
  { method: "DGI", cora: 82.3, citeseer: 71.8, source: "Veličković et al., Deep Graph Infomax, ICLR 2019 (as quoted by GraphMAE)" },
  { method: "GraphMAE", cora: 84.2, citeseer: 73.4, source: "Hou et al., GraphMAE, KDD 2022" },
] as const;
