import { rgbImage, type RgbImage } from "./image-sample.js";

/** Mirrors an RGB image left to right on the raw buffer. */
export function flipHorizontal(image: RgbImage): RgbImage {
  const { width: w, height: h, data: src } = image;
  const out = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w * 3;
    for (let x = 0; x < w; x++) {
      const s = row + x * 3;
      const d = row + (w - 1 - x) * 3;
      out[d] = src[s]!;
      out[d + 1] = src[s + 1]!;
      out[d + 2] = src[s + 2]!;
    }
  }
  return rgbImage(out, w, h);
}
