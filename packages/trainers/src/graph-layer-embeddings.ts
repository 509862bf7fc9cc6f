import * as tf from "@tensorflow/tfjs";
import type { GraphObservation } from "@ssl4rl/core";
import { gcnActivation, gcnParameterName, prepareGraph } from "./graph-encoder.js";
import type { PolicyNetwork } from "./policy-network.js";

/**
 * Every GCN layer's node embeddings of a view, first layer first (`[numNodes, width of layer
 * i]` each), from the network's own GCN weights. A linear probe on their concatenation is the
 * usual way to read a multi-layer graph encoder (DGI, GraphMAE and most of their successors
 * probe more than the last layer); the last entry equals {@link PolicyNetwork.embedGraph}.
 *
 * The layers are recomputed from the weights the policy's GCN owns (made on first use, as
 * `embedGraph` does), with the same message passing: ReLU(Â H W + b), or PReLU.
 *
 * @example
 * ```ts
 * const layers = tf.tidy(() => graphLayerEmbeddings(network, view).map((h) => h.dataSync()));
 * ```
 */
export function graphLayerEmbeddings(network: PolicyNetwork, view: GraphObservation["view"]): tf.Tensor2D[] {
  // Makes the GCN (and so its weights) if no task has yet; the result itself is not needed.
  tf.dispose(network.embedGraph(view));
  const graph = prepareGraph(view);
  try {
    const out: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = graph.features;
    network.config.graphHidden.forEach((_, i) => {
      const w = network.store.get(gcnParameterName(view.numFeatures, i + 1, "w")) as tf.Tensor2D;
      const b = network.store.get(gcnParameterName(view.numFeatures, i + 1, "b"));
      const slope = network.config.graphActivation === "prelu" ? network.store.get(gcnParameterName(view.numFeatures, i + 1, "slope")) : undefined;
      const messages = tf.mul(tf.gather(tf.matMul(h, w), graph.sources), graph.weights);
      h = gcnActivation(tf.add(tf.unsortedSegmentSum(messages, graph.targets, graph.numNodes), b), slope);
      out.push(h);
    });
    return out;
  } finally {
    graph.dispose();
  }
}
