import type { RawImage } from "@ssl4rl/core";

/**
 * One image from a vision source, already decoded: 8-bit RGB, HWC, 3 channels. Sources decode
 * one file at a time while they stream, so a corrupt file is skipped (and counted with its
 * name) before any task sees it.
 *
 * @example
 * ```ts
 * const sample: ImageSample = {
 *   id: "photos/cat.jpg",
 *   image: { data: new Uint8Array(32 * 32 * 3), width: 32, height: 32, channels: 3 },
 *   label: 0, className: "cat",
 * };
 * ```
 */
export interface ImageSample {
  /** Where the image came from: a relative file path, `t10k#17`, `synthetic#3`. */
  readonly id: string;
  /** Decoded pixels: `data` is a Uint8Array, `channels` is 3. */
  readonly image: RgbImage;
  /** Class index, when the source knows one (subfolder, CSV column, dataset label). */
  readonly label?: number;
  /** Class name, when the source knows one. */
  readonly className?: string;
}

/** A decoded 8-bit RGB image (the only pixel format tasks work on). */
export interface RgbImage extends RawImage {
  readonly data: Uint8Array;
  readonly channels: 3;
}

/** Wraps a buffer as an {@link RgbImage}, checking that its length matches the size. */
export function rgbImage(data: Uint8Array, width: number, height: number): RgbImage {
  if (data.length !== width * height * 3) {
    throw new RangeError(`RGB buffer of ${width}×${height} needs ${width * height * 3} bytes, got ${data.length}`);
  }
  return { data, width, height, channels: 3 };
}
