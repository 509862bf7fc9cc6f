import type * as tf from "@tensorflow/tfjs";
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
