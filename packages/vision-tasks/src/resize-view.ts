import type { PixelRect } from "./crop-raw.js";
import type { ViewTarget } from "./image-episode.js";
import type { RgbImage } from "./image-sample.js";
import { resizeArea } from "./resize-area.js";
import { resizeRaw } from "./resize-raw.js";

/**
 * Resizes for a view target: tensor views (small squares) in plain JS by area averaging,
 * where libvips' per-call overhead would dominate; prompt views (display size) through sharp.
 */
export async function resizeView(target: ViewTarget, image: RgbImage, width: number, height: number, rect?: PixelRect): Promise<RgbImage> {
  return target === "tensor" ? resizeArea(image, width, height, rect) : resizeRaw(image, width, height, rect);
}
