import { type GraphTensorView, linearProbe } from "@ssl4rl/core";
import { type CompactGraph, compactGraph, directedEdgeArrays, type GraphDataset } from "@ssl4rl/graph-tasks";
import { graphLayerEmbeddings, type PolicyNetwork, tf } from "@ssl4rl/trainers";

/** What the probe reads: the last GCN layer, or every layer's output concatenated. */
export type ProbeLayers = "last" | "all";

/** The whole graph, nothing masked or held out: what the frozen encoder embeds for the probe. */
export function fullView(graph: CompactGraph): GraphTensorView {
  const { sources, targets } = directedEdgeArrays(graph.adjacency);
  return { id: `probe:${graph.name}`, numNodes: graph.numNodes, numFeatures: graph.numFeatures, features: graph.features, edgeSources: sources, edgeTargets: targets, masked: new Uint8Array(graph.numNodes) };
}

/** The frozen GCN's embedding of the full graph, row-major, and its width. */
export function probeEmbeddings(network: PolicyNetwork, graph: CompactGraph, layers: ProbeLayers): { embeddings: Float32Array; dim: number } {
  const view = fullView(graph);
  if (layers === "last") {
    const embeddings = tf.tidy(() => network.embedGraph(view).dataSync() as Float32Array);
    return { embeddings, dim: network.config.graphHidden.at(-1)! };
  }
  const dim = network.config.graphHidden.reduce((a, b) => a + b, 0);
  const embeddings = tf.tidy(() => tf.concat(graphLayerEmbeddings(network, view), 1).dataSync() as Float32Array);
  return { embeddings, dim };
}

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
export function graphProbeScores(network: PolicyNetwork, dataset: GraphDataset, layers: ProbeLayers = "last", graph: CompactGraph = compactGraph(dataset)): GraphProbeScores {
  if (!dataset.split) throw new Error(`${dataset.origin} has no Planetoid split file (NAME_planetoid_split.tsv)`);
  const { embeddings, dim } = probeEmbeddings(network, graph, layers);
  const labels = graph.labels;
  const { train, val, test } = dataset.split;
  const result = linearProbe({ embeddings, dim, labels, train, val, test });
  return { valAccuracy: 100 * result.valAccuracy, testAccuracy: 100 * result.testAccuracy };
}

/** Linear-probe test accuracy (percent) on the public split; see {@link graphProbeScores}. */
export function graphProbeAccuracy(network: PolicyNetwork, dataset: GraphDataset, layers: ProbeLayers = "last", graph: CompactGraph = compactGraph(dataset)): number {
  return graphProbeScores(network, dataset, layers, graph).testAccuracy;
}
