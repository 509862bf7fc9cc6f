import { rgbImage, type RgbImage } from "./image-sample.js";
import { roundHalfUp } from "./round-half-up.js";

/**
 * Separable Gaussian blur on the raw buffer, edges clamped, kernel radius ceil(3σ). For
 * tensor-size views; display-size views are blurred by sharp.
 */
export function gaussianBlur(image: RgbImage, sigma: number): RgbImage {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const { width: w, height: h, data: src } = image;
  const tmp = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k;
        const p = (y * w + xx) * 3;
        const wt = kernel[k + radius]!;
        a += src[p]! * wt;
        b += src[p + 1]! * wt;
        c += src[p + 2]! * wt;
      }
      const d = (y * w + x) * 3;
      tmp[d] = a;
      tmp[d + 1] = b;
      tmp[d + 2] = c;
    }
  }
  const out = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k;
        const p = (yy * w + x) * 3;
        const wt = kernel[k + radius]!;
        a += tmp[p]! * wt;
        b += tmp[p + 1]! * wt;
        c += tmp[p + 2]! * wt;
      }
      const d = (y * w + x) * 3;
      out[d] = roundHalfUp(a);
      out[d + 1] = roundHalfUp(b);
      out[d + 2] = roundHalfUp(c);
    }
  }
  return rgbImage(out, w, h);
}
