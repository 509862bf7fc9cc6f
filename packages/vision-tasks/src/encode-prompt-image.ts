import type { EncodedImage } from "@ssl4rl/core";
import sharp from "sharp";
import type { RgbImage } from "./image-sample.js";
import { fitInside } from "./resize-raw.js";
import type { VisionSettings } from "./vision-settings.js";

/**
 * Encodes an image for a text prompt (PNG or JPEG per the settings), scaled down first when
 * its longest side exceeds `maxImageSide`.
 *
 * @example
 * ```ts
 * const png = await encodePromptImage(image, { imageFormat: "png", jpegQuality: 90, maxImageSide: 512 });
 * ```
 */
export async function encodePromptImage(
  image: RgbImage,
  settings: Pick<VisionSettings, "imageFormat" | "jpegQuality" | "maxImageSide">,
): Promise<EncodedImage> {
  const size = fitInside(image.width, image.height, settings.maxImageSide);
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (size.width !== image.width || size.height !== image.height) pipeline = pipeline.resize(size.width, size.height, { fit: "fill" });
  // Fixed encoder settings and no metadata, so the same episode gives the same bytes.
  const buffer =
    settings.imageFormat === "png"
      ? await pipeline.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer()
      : await pipeline.jpeg({ quality: settings.jpegQuality, chromaSubsampling: "4:2:0" }).toBuffer();
  return {
    mimeType: settings.imageFormat === "png" ? "image/png" : "image/jpeg",
    bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    width: size.width,
    height: size.height,
  };
}
