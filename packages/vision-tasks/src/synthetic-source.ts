import { intParam, Random, type SampleSource, type SourceKind } from "@ssl4rl/core";
import sharp from "sharp";
import { rgbImage, type ImageSample } from "./image-sample.js";
import { readAhead } from "./read-ahead.js";
import { SYNTHETIC_CLASSES, syntheticSceneSvg } from "./synthetic-scene.js";

/** Default number of synthetic images: finite, so a task that skips every image still ends. */
export const SYNTHETIC_DEFAULT_COUNT = 10_000;

/** Renders synthetic scene `i` of a seed: same seed and index, same pixels. */
export async function renderSyntheticScene(seed: number | string, i: number, size: number): Promise<ImageSample> {
  const rng = Random.fromSeed(seed).fork(`synthetic:${i}`);
  const label = rng.int(SYNTHETIC_CLASSES.length);
  const svg = syntheticSceneSvg(rng, size, label);
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { id: `synthetic#${i}`, image: rgbImage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height), label, className: SYNTHETIC_CLASSES[label]! };
}

/**
 * `synthetic`: procedural outdoor scenes (sky above, ground below, sun, one upright object
 * of five classes: house, tree, car, person, flower) drawn as SVG and rendered by sharp. Every
 * task is meaningful on them (they have an up direction, and a class for downstream checks)
 * with no download. Options: `count` (default 10 000), `size` in px (default 128).
 */
export const syntheticSource: SourceKind<ImageSample> = {
  kind: "synthetic",
  modality: "vision",
  description: `procedural scenes with an up direction and a class label (${SYNTHETIC_CLASSES.join(", ")}); ?count=N&size=PX`,
  open(spec, context): SampleSource<ImageSample> {
    const count = intParam(spec, "count", SYNTHETIC_DEFAULT_COUNT, 1);
    const size = intParam(spec, "size", 128, 8);
    // Images depend on the run seed unless the spec pins its own (?seed=...), e.g. to share one set.
    const seed = spec.params.seed ?? context.seed;
    return {
      description: `synthetic (${count} scenes of ${size}×${size} px, seed ${seed})`,
      async *samples() {
        const indices = (function* () {
          for (let i = 0; i < count; i++) yield i;
        })();
        for await (const r of readAhead(indices, (i) => renderSyntheticScene(seed, i, size), 2)) {
          if (!r.ok) throw r.error;
          yield r.value;
        }
      },
    };
  },
};
