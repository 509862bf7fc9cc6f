import * as tf from "@tensorflow/tfjs";
import type { GraphObservation } from "@ssl4rl/core";
import type { PolicyNetwork } from "./policy-network.js";

/**
 * Every GCN layer's node embeddings of a view, first layer first (`[numNodes, width of layer
 * i]` each), from the network's own GCN (made on first use). A linear probe on their
 * concatenation is the usual way to read a multi-layer graph encoder (DGI, GraphMAE and most of
 * their successors probe more than the last layer); the last entry equals
 * {@link PolicyNetwork.embedGraph}.
 *
 * @example
 * ```ts
 * const layers = tf.tidy(() => graphLayerEmbeddings(network, view).map((h) => h.dataSync()));
 * ```
 */
export function graphLayerEmbeddings(network: PolicyNetwork, view: GraphObservation["view"]): tf.Tensor2D[] {
  return network.embedGraphLayers(view);
}

/** Which graph layers a probe reads: the last one (the encoder's output) or all, concatenated. */
export type GraphProbeLayers = "last" | "all";

/**
 * The network's embedding of every node of `view` as one row-major matrix for a linear probe,
 * and its width: the last GCN layer's output, or every layer's concatenated (`layers: "all"`).
 */
export function graphEmbeddingRows(network: PolicyNetwork, view: GraphObservation["view"], layers: GraphProbeLayers = "last"): { embeddings: Float32Array; dim: number } {
  return tf.tidy(() => {
    const out = layers === "all" ? tf.concat(graphLayerEmbeddings(network, view), 1) : network.embedGraph(view);
    return { embeddings: out.dataSync() as Float32Array, dim: out.shape[1] };
  });
}
