import type { RawImage } from "@ssl4rl/core";
import type { ImageSample, RgbImage } from "./image-sample.js";
import { align16, pixelKernel } from "./pixel-kernel.js";
import { resizeArea } from "./resize-area.js";

/**
 * Scales 8-bit RGB pixels to float32 in [0, 1] (`v / 255` rounded to float32), keeping the HWC
 * layout: the tensor observation format every vision task shares. Runs in the WebAssembly SIMD
 * kernel (a third of the JS loop's time per 32-px view); the JS loop, used where the kernel
 * cannot run, gives the same floats.
 */
export function toFloatImage(image: RgbImage): RawImage {
  const src = image.data;
  const n = src.length;
  const k = pixelKernel();
  let out: Float32Array;
  // Tensor-size images only: the kernel's memory never shrinks after growing for a large one.
  if (k !== null && n > 0 && n <= 2 ** 20) {
    const dst = align16(n + 16);
    const heap = k.heap(dst + n * 4 + 64);
    heap.u8.set(src, 0);
    k.tofloat(0, n, dst);
    // slice copies into an array of its own, so the tensor owns its whole buffer.
    out = heap.f32.slice(dst / 4, dst / 4 + n);
  } else {
    out = new Float32Array(n);
    const scale = 1 / 255;
    for (let i = 0; i < n; i++) out[i] = src[i]! * scale;
  }
  return { data: out, width: image.width, height: image.height, channels: 3 };
}

/**
 * The tensor form of an image: resized (area averaging, aspect ratio not kept, exactly as the
 * tasks resize tensor views) to
 * `size`×`size`, float32 in [0, 1], HWC, 3 channels.
 *
 * @example
 * ```ts
 * const t = await tensorImage(sample.image, 32); // t.data.length === 32 * 32 * 3
 * ```
 */
export async function tensorImage(image: RgbImage, size: number): Promise<RawImage> {
  return toFloatImage(resizeArea(image, size, size));
}

/**
 * The tensor form of a source sample, exactly as tasks put images in `observation.images`
 * (for probes and downstream checks that feed the same CNN).
 *
 * @example
 * ```ts
 * for await (const sample of source.samples()) features.push(await sampleToTensor(sample, 32));
 * ```
 */
export async function sampleToTensor(sample: ImageSample, size = 32): Promise<RawImage> {
  return tensorImage(sample.image, size);
}
