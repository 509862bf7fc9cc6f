import { existsSync } from "node:fs";
import sharp from "sharp";
import { rgbImage, type RgbImage } from "./image-sample.js";

/**
 * Default cap on decoded pixels (about 8 000 × 8 000). A file that declares more is treated as
 * a decompression bomb: sharp refuses it from the header, before allocating.
 */
export const DEFAULT_MAX_PIXELS = 64_000_000;

/**
 * Decodes an image file or buffer (JPEG, PNG, WebP, TIFF, GIF first frame, AVIF) to 8-bit
 * RGB. EXIF orientation is applied, so "up" is what a viewer shows; transparency is
 * flattened onto white. Throws on corrupt, truncated or oversized input (sources catch that,
 * skip the file and count it). `maxSide` scales the image down while decoding so that its
 * longest side is at most that (aspect ratio kept, never enlarged).
 *
 * @example
 * ```ts
 * const image = await decodeImage("photos/kodim01.png");
 * ```
 */
export async function decodeImage(input: string | Uint8Array, maxPixels = DEFAULT_MAX_PIXELS, maxSide?: number): Promise<RgbImage> {
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    let pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: "error" }).autoOrient();
    // Shrinking while decoding lets libjpeg and libwebp skip detail (DCT scaling): for
    // tensor-only training on large photos this is most of the decode time saved.
    if (maxSide !== undefined) pipeline = pipeline.resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true });
    decoded = await pipeline
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    // Under load libvips sometimes words a missing file as an unknown format; say what it is.
    if (typeof input === "string" && !existsSync(input)) throw new Error(`ENOENT: no such file ${input}`, { cause: error });
    throw error;
  }
  const { data, info } = decoded;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (info.channels === 3) return rgbImage(bytes, info.width, info.height);
  return rgbImage(toRgb(bytes, info.width * info.height, info.channels), info.width, info.height);
}

/** Grey (1 channel) to RGB by copying; extra channels (alpha) dropped. */
function toRgb(src: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const s = i * channels;
    if (channels < 3) {
      out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = src[s]!;
    } else {
      out[i * 3] = src[s]!;
      out[i * 3 + 1] = src[s + 1]!;
      out[i * 3 + 2] = src[s + 2]!;
    }
  }
  return out;
}
