import { rgbImage, type RgbImage } from "./image-sample.js";
import { roundHalfUp } from "./round-half-up.js";

/**
 * Per-pixel colour operations that need the image's own statistics (histograms, mean grey) or
 * are plain lookup tables, done on the raw buffer in one pass each.
 */

/** ITU-R 601 luma, as PIL's "L" conversion computes it (weights 299, 587, 114 per 1000). */
function luma(r: number, g: number, b: number): number {
  return (r * 299 + g * 587 + b * 114) / 1000;
}

/** Grey copy of an RGB image, still 3 channels (the tensor contract stays RGB). */
export function grayscaleRgb(image: RgbImage): RgbImage {
  const src = image.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    const y = roundHalfUp(luma(src[i]!, src[i + 1]!, src[i + 2]!));
    out[i] = out[i + 1] = out[i + 2] = y;
  }
  return rgbImage(out, image.width, image.height);
}

/** Contrast as torchvision's ColorJitter does it: blend with the mean grey level by `factor`. */
export function adjustContrast(image: RgbImage, factor: number): RgbImage {
  const src = image.data;
  let sum = 0;
  for (let i = 0; i < src.length; i += 3) sum += luma(src[i]!, src[i + 1]!, src[i + 2]!);
  const mean = sum / (src.length / 3);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.max(0, Math.round(factor * v + (1 - factor) * mean)));
  return applyLut(image, lut);
}

/** Inverts every channel value at or above `threshold` (PIL's solarize, threshold 128). */
export function solarize(image: RgbImage, threshold = 128): RgbImage {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v < threshold ? v : 255 - v;
  return applyLut(image, lut);
}

/** Histogram equalisation of each channel separately (as PIL's ImageOps.equalize). */
export function equalize(image: RgbImage): RgbImage {
  const src = image.data;
  const pixels = src.length / 3;
  const out = new Uint8Array(src.length);
  for (let c = 0; c < 3; c++) {
    const hist = new Uint32Array(256);
    for (let i = c; i < src.length; i += 3) hist[src[i]!]!++;
    let first = 0;
    while (first < 256 && hist[first] === 0) first++;
    const lut = new Uint8Array(256);
    const base = hist[first] ?? 0;
    const span = pixels - base;
    let cdf = 0;
    for (let v = 0; v < 256; v++) {
      cdf += hist[v]!;
      // A one-colour channel has nothing to spread; keep it as it is.
      lut[v] = span <= 0 ? v : Math.round((Math.max(0, cdf - base) / span) * 255);
    }
    for (let i = c; i < src.length; i += 3) out[i] = lut[src[i]!]!;
  }
  return rgbImage(out, image.width, image.height);
}

function applyLut(image: RgbImage, lut: Uint8Array): RgbImage {
  const src = image.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = lut[src[i]!]!;
  return rgbImage(out, image.width, image.height);
}
