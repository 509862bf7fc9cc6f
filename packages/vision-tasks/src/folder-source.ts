import { intParam, Random, type SampleSource, type SourceKind, type SourceSpec } from "@ssl4rl/core";
import { decodeFailureReason } from "./decode-failure.js";
import { decodeImage, DEFAULT_MAX_PIXELS } from "./decode-image.js";
import type { ImageSample } from "./image-sample.js";
import { listImageFiles } from "./image-files.js";
import { readAhead } from "./read-ahead.js";
import { sourceLocation } from "./source-location.js";

/** Reads `limit`, `maxPixels`, `maxSide`, `shuffle` and `readAhead`, shared by the file-based sources. */
export function fileSourceParams(spec: SourceSpec): { limit: number; maxPixels: number; shuffle: boolean; depth: number; maxSide: number | undefined } {
  const maxSide = intParam(spec, "maxSide", 0, 0);
  return {
    maxSide: maxSide > 0 ? maxSide : undefined,
    limit: intParam(spec, "limit", Number.MAX_SAFE_INTEGER, 1),
    maxPixels: intParam(spec, "maxPixels", DEFAULT_MAX_PIXELS, 1),
    shuffle: intParam(spec, "shuffle", 0, 0) > 0,
    depth: intParam(spec, "readAhead", 4, 1),
  };
}

/**
 * `folder:DIR` (also a bare directory path): every jpg, png, webp, tiff, gif and avif file
 * under DIR, in path order (`?shuffle=1` for a seeded order). Files inside a first-level
 * subfolder get that folder as their class, classes numbered in sorted order, as torchvision's
 * ImageFolder does. Files that do not decode are skipped and counted with their name.
 * Options: `limit`, `shuffle`, `maxPixels` (decompression-bomb guard), `maxSide` (shrink while
 * decoding, e.g. `?maxSide=128` for tensor-only training), `readAhead`.
 */
export const folderSource: SourceKind<ImageSample> = {
  kind: "folder",
  modality: "vision",
  description: "images under a directory (jpg, png, webp, tiff, gif, avif); class = first-level subfolder",
  acceptsBarePath: true,
  async open(spec, context): Promise<SampleSource<ImageSample>> {
    const { path: root } = sourceLocation(spec, "directory", "folder:./photos");
    const params = fileSourceParams(spec);
    const files = await listImageFiles(root);
    if (params.shuffle) Random.fromSeed(context.seed).fork("folder-order").shuffle(files);
    const classes = [...new Set(files.flatMap((f) => (f.classFolder !== undefined ? [f.classFolder] : [])))].sort();
    const classIndex = new Map(classes.map((c, i) => [c, i]));
    const chosen = files.slice(0, params.limit);
    return {
      description: `folder:${root} (${chosen.length} image files${classes.length > 0 ? `, ${classes.length} classes` : ""})`,
      async *samples() {
        for await (const r of readAhead(chosen, (f) => decodeImage(f.path, params.maxPixels, params.maxSide), params.depth)) {
          if (!r.ok) {
            context.skips.add(decodeFailureReason(r.error), r.item.id);
            continue;
          }
          const cls = r.item.classFolder;
          yield cls !== undefined ? { id: r.item.id, image: r.value, label: classIndex.get(cls)!, className: cls } : { id: r.item.id, image: r.value };
        }
      },
    };
  },
};
