import * as tf from "@tensorflow/tfjs";
import { loadableBackends, selectBackend } from "@ssl4rl/trainers";

/**
 * Every tfjs backend that loads in this process (wasm and cpu here; tensorflow where
 * tfjs-node installed). Each suite runs on all of them, as tfjs's own tests do.
 */
export const BACKENDS = await loadableBackends();

/** Backends fast enough for multi-step CNN training in a test (the cpu backend is ~100× slower). */
export const FAST_BACKENDS = BACKENDS.filter((b) => b !== "cpu");

/** Activates a backend by name (tests call this in beforeAll). */
export async function useBackend(name: string): Promise<void> {
  await selectBackend(name as "wasm");
  if (tf.getBackend() !== name) throw new Error(`backend ${name} did not activate`);
}
