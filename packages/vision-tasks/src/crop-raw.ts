import { rgbImage, type RgbImage } from "./image-sample.js";

/** An axis-aligned rectangle in pixels (integers). */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Copies a rectangle out of an RGB image (row copies on the raw buffer). Throws a RangeError
 * when the rectangle is not inside the image.
 *
 * @example
 * ```ts
 * const corner = cropRaw(image, { left: 0, top: 0, width: 16, height: 16 });
 * ```
 */
export function cropRaw(image: RgbImage, rect: PixelRect): RgbImage {
  const { left, top, width, height } = rect;
  if (!(left >= 0 && top >= 0 && width > 0 && height > 0 && left + width <= image.width && top + height <= image.height)) {
    throw new RangeError(`crop ${width}×${height}+${left}+${top} is outside the ${image.width}×${image.height} image`);
  }
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  const out = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const start = ((top + y) * image.width + left) * 3;
    out.set(image.data.subarray(start, start + rowBytes), y * rowBytes);
  }
  return rgbImage(out, width, height);
}
