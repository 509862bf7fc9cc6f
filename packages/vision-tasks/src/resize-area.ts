import type { PixelRect } from "./crop-raw.js";
import type { RgbImage } from "./image-sample.js";
import { resizeAreaExact } from "./resize-area-exact.js";
import { resizeAreaFloat } from "./resize-area-float.js";

/**
 * Resizes (part of) an RGB image to `width`×`height` on the raw buffer: area averaging when
 * shrinking, bilinear when enlarging, aspect ratio not kept. Used for tensor-size outputs
 * (32-64 px), where one libvips call costs more in fixed overhead (about 0.2-0.7 ms) than
 * this whole resize. Shrinking runs an integer WebAssembly SIMD kernel that gives the same
 * bytes as the float loops ({@link resizeAreaFloat}), which handle every other case.
 *
 * @example
 * ```ts
 * const small = resizeArea(image, 32, 32);
 * ```
 */
export function resizeArea(image: RgbImage, width: number, height: number, rect?: PixelRect): RgbImage {
  const r = rect ?? { left: 0, top: 0, width: image.width, height: image.height };
  if (r.left === 0 && r.top === 0 && r.width === image.width && r.height === image.height && width === image.width && height === image.height) return image;
  return resizeAreaExact(image, width, height, r) ?? resizeAreaFloat(image, width, height, r);
}
