import type { Random } from "@ssl4rl/core";
import sharp from "sharp";
import { colourMatrix } from "./colour-matrix.js";
import type { PixelRect } from "./crop-raw.js";
import { flipHorizontal } from "./flip-horizontal.js";
import { gaussianBlur } from "./gaussian-blur.js";
import type { ViewTarget } from "./image-episode.js";
import { rgbImage, type RgbImage } from "./image-sample.js";
import { adjustContrast, equalize, grayscaleRgb, solarize } from "./pixel-lut.js";
import { resizeArea } from "./resize-area.js";

/** Which augmentations a view gets, with their probabilities (SimCLR-style pipeline). */
export interface AugmentationRecipe {
  /** Random resized crop area fraction; undefined: no crop (the whole input is used). */
  readonly cropScale?: readonly [number, number];
  readonly flipP: number;
  readonly jitterP: number;
  readonly grayscaleP: number;
  readonly blurP: number;
  readonly solarizeP: number;
  readonly equalizeP: number;
}

/** Default contrastive views (the paper): crop 0.08-1, jitter 0.8, grey 0.2, blur 0.5, flip 0.5. */
export const DEFAULT_VIEW_RECIPE: AugmentationRecipe = {
  cropScale: [0.08, 1],
  flipP: 0.5,
  jitterP: 0.8,
  grayscaleP: 0.2,
  blurP: 0.5,
  solarizeP: 0,
  equalizeP: 0,
};

/** The paper's "strong" setting: crop 0.08-0.3; grey, blur, solarize, equalize and flip each at 0.8. */
export const STRONG_VIEW_RECIPE: AugmentationRecipe = {
  cropScale: [0.08, 0.3],
  flipP: 0.8,
  jitterP: 0.8,
  grayscaleP: 0.8,
  blurP: 0.8,
  solarizeP: 0.8,
  equalizeP: 0.8,
};

/** Position's optional crop augmentation: colour only (no crop, no flip, which would change the answer). */
export const POSITION_CROP_RECIPE: AugmentationRecipe = {
  flipP: 0,
  jitterP: 0.8,
  grayscaleP: 0.2,
  blurP: 0.5,
  solarizeP: 0.2,
  equalizeP: 0.2,
};

/** The drawn parameters of one view (JSON, so episodes can record them). */
export interface AugmentationParams {
  readonly crop: PixelRect;
  readonly flip: boolean;
  /** Factors around 1 (brightness, contrast, saturation) and a hue shift in degrees; absent: no jitter. */
  readonly jitter?: { readonly brightness: number; readonly contrast: number; readonly saturation: number; readonly hue: number };
  readonly grayscale: boolean;
  /** Gaussian sigma in pixels of a 224-px view (scaled to the output size); absent: no blur. */
  readonly blurSigma?: number;
  readonly solarize: boolean;
  readonly equalize: boolean;
}

/**
 * A random resized crop as in torchvision: area fraction in `scale`, aspect ratio log-uniform
 * in [3/4, 4/3], up to ten tries, then a centre crop with the ratio clamped.
 */
export function randomResizedCrop(rng: Random, width: number, height: number, scale: readonly [number, number]): PixelRect {
  const area = width * height;
  const logLo = Math.log(3 / 4);
  const logHi = Math.log(4 / 3);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const ratio = Math.exp(rng.uniform(logLo, logHi));
    const w = Math.round(Math.sqrt(target * ratio));
    const h = Math.round(Math.sqrt(target / ratio));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      return { left: rng.int(width - w + 1), top: rng.int(height - h + 1), width: w, height: h };
    }
  }
  const ratio = width / height;
  let w = width;
  let h = height;
  if (ratio < 3 / 4) h = Math.round(w / (3 / 4));
  else if (ratio > 4 / 3) w = Math.round(h * (4 / 3));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h };
}

/**
 * Draws one view's augmentation parameters for an image of `width`×`height`. Strengths follow
 * the paper: brightness, contrast and saturation factors in [0.2, 1.8], hue ±0.2 of the colour
 * circle (±72°), blur sigma 0.1-2.
 */
export function drawAugmentation(rng: Random, width: number, height: number, recipe: AugmentationRecipe): AugmentationParams {
  const crop = recipe.cropScale ? randomResizedCrop(rng, width, height, recipe.cropScale) : { left: 0, top: 0, width, height };
  const flip = rng.bool(recipe.flipP);
  const jitter = rng.bool(recipe.jitterP)
    ? { brightness: rng.uniform(0.2, 1.8), contrast: rng.uniform(0.2, 1.8), saturation: rng.uniform(0.2, 1.8), hue: rng.uniform(-72, 72) }
    : undefined;
  const grayscale = rng.bool(recipe.grayscaleP);
  const blurSigma = rng.bool(recipe.blurP) ? rng.uniform(0.1, 2) : undefined;
  const sol = rng.bool(recipe.solarizeP);
  const eq = rng.bool(recipe.equalizeP);
  return {
    crop,
    flip,
    ...(jitter ? { jitter } : {}),
    grayscale,
    ...(blurSigma !== undefined ? { blurSigma } : {}),
    solarize: sol,
    equalize: eq,
  };
}

/**
 * Applies drawn parameters. Display-size views (`prompt`): crop, resize, flip, brightness,
 * saturation, hue and blur in one sharp call. Tensor-size views (`tensor`): the same steps
 * on the raw buffer, since at 32 px libvips' fixed cost per call outweighs the work. Then,
 * for both, contrast (which needs the mean grey), greyscale, solarize and equalize on the
 * raw result.
 */
export async function applyAugmentation(image: RgbImage, params: AugmentationParams, width: number, height: number, target: ViewTarget = "prompt"): Promise<RgbImage> {
  // Sigma is given for a 224-px view; scale it so a 32-px tensor is not smeared flat.
  const sigma = params.blurSigma !== undefined ? (params.blurSigma * Math.min(width, height)) / 224 : 0;
  let out: RgbImage;
  if (target === "tensor") {
    out = resizeArea(image, width, height, params.crop);
    if (params.flip) out = flipHorizontal(out);
    if (params.jitter) out = colourMatrix(out, params.jitter.brightness, params.jitter.saturation, params.jitter.hue);
    if (sigma >= 0.3) out = gaussianBlur(out, sigma);
  } else {
    let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
    const c = params.crop;
    if (c.left !== 0 || c.top !== 0 || c.width !== image.width || c.height !== image.height) pipeline = pipeline.extract(c);
    if (width !== c.width || height !== c.height) pipeline = pipeline.resize(width, height, { fit: "fill" });
    if (params.flip) pipeline = pipeline.flop();
    if (params.jitter) {
      pipeline = pipeline.modulate({ brightness: params.jitter.brightness, saturation: params.jitter.saturation, hue: Math.round(params.jitter.hue) });
    }
    if (sigma >= 0.3) pipeline = pipeline.blur(sigma);
    const data = await pipeline.raw().toBuffer();
    out = rgbImage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height);
  }
  if (params.jitter) out = adjustContrast(out, params.jitter.contrast);
  if (params.grayscale) out = grayscaleRgb(out);
  if (params.solarize) out = solarize(out);
  if (params.equalize) out = equalize(out);
  return out;
}
