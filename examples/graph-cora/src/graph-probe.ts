import { type GraphTensorView, linearProbe } from "@ssl4rl/core";
import { compactGraph, directedEdgeArrays, type GraphDataset } from "@ssl4rl/graph-tasks";
import { type PolicyNetwork, tf } from "@ssl4rl/trainers";

/** The whole graph, nothing masked or held out: what the frozen encoder embeds for the probe. */
export function fullView(dataset: GraphDataset): GraphTensorView {
  const graph = compactGraph(dataset);
  const { sources, targets } = directedEdgeArrays(graph.adjacency);
  return { id: `probe:${graph.name}`, numNodes: graph.numNodes, numFeatures: graph.numFeatures, features: graph.features, edgeSources: sources, edgeTargets: targets, masked: new Uint8Array(graph.numNodes) };
}

/**
 * Linear-probe test accuracy (percent) of the network's frozen GCN on the dataset's Planetoid
 * public split (train 20 per class, 500 validation choose the L2 strength, 1000 test).
 */
export function graphProbeAccuracy(network: PolicyNetwork, dataset: GraphDataset): number {
  if (!dataset.split) throw new Error(`${dataset.origin} has no Planetoid split file (NAME_planetoid_split.tsv)`);
  const view = fullView(dataset);
  const embeddings = tf.tidy(() => network.embedGraph(view).dataSync() as Float32Array);
  const labels = compactGraph(dataset).labels;
  const { train, val, test } = dataset.split;
  const result = linearProbe({ embeddings, dim: network.config.graphHidden.at(-1)!, labels, train, val, test });
  return 100 * result.testAccuracy;
}
