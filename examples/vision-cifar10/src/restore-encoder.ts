import { type NetworkConfig, PolicyNetwork, readCheckpoint, tf } from "@ssl4rl/trainers";

/**
 * A network of `config` and `seed` whose image encoder is the one saved in `checkpoint`
 * (heads stay as initialised: a probe reads the encoder only). Undefined when the
 * checkpoint does not hold every encoder weight of this network.
 */
export async function restoreEncoder(checkpoint: string, config: NetworkConfig, seed: number): Promise<PolicyNetwork | undefined> {
  const network = new PolicyNetwork(config, seed);
  tf.tidy(() => network.embedImages(tf.zeros([1, config.imageSize, config.imageSize, 3])));
  const restored = network.store.restoreMatching((await readCheckpoint(checkpoint)).params, "image/");
  const wanted = [...network.store.variables.keys()].filter((name) => name.startsWith("image/")).length;
  if (restored !== wanted) {
    network.dispose();
    return undefined;
  }
  return network;
}
