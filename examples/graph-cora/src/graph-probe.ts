import { linearProbe } from "@ssl4rl/core";
import { type CompactGraph, compactGraph, fullGraphView, type GraphDataset } from "@ssl4rl/graph-tasks";
import { graphEmbeddingRows, type GraphProbeLayers, type PolicyNetwork } from "@ssl4rl/trainers";

/** Probe accuracies (percent) on the validation and test nodes of the Planetoid split. */
export interface GraphProbeScores {
  readonly valAccuracy: number;
  readonly testAccuracy: number;
}

/**
 * Linear probe of the network's frozen GCN on the dataset's Planetoid public split (train 20
 * per class, 500 validation choose the L2 strength, 1000 test), reading the last layer or
 * every layer concatenated: validation and test accuracy, percent. `graph` is what the encoder
 * reads (the dataset's own graph unless its features were preprocessed, as they were in training).
 */
export function graphProbeScores(network: PolicyNetwork, dataset: GraphDataset, layers: GraphProbeLayers = "last", graph: CompactGraph = compactGraph(dataset)): GraphProbeScores {
  if (!dataset.split) throw new Error(`${dataset.origin} has no Planetoid split file (NAME_planetoid_split.tsv)`);
  const { embeddings, dim } = graphEmbeddingRows(network, fullGraphView(graph), layers);
  const labels = graph.labels;
  const { train, val, test } = dataset.split;
  const result = linearProbe({ embeddings, dim, labels, train, val, test });
  return { valAccuracy: 100 * result.valAccuracy, testAccuracy: 100 * result.testAccuracy };
}

/** Linear-probe test accuracy (percent) on the public split; see {@link graphProbeScores}. */
export function graphProbeAccuracy(network: PolicyNetwork, dataset: GraphDataset, layers: GraphProbeLayers = "last", graph: CompactGraph = compactGraph(dataset)): number {
  return graphProbeScores(network, dataset, layers, graph).testAccuracy;
}
