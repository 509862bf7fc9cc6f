import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { BadInputError, intParam, type SampleSource, type SourceKind } from "@ssl4rl/core";
import { rgbImage, type ImageSample } from "./image-sample.js";
import { sourceLocation } from "./source-location.js";

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;

/** Reads an IDX file, gunzipping when it starts with the gzip magic bytes. */
function readIdx(path: string): Uint8Array {
  const raw = readFileSync(path);
  try {
    return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw, { finishFlush: 2 }) : raw;
  } catch (error) {
    throw new BadInputError({ file: path, expected: "a gzip-compressed IDX file", hint: `Decompression failed (${(error as Error).message}); download the file again`, cause: error });
  }
}

/** The first existing `<split>-<kind>-idx?-ubyte[.gz]` file in `dir` (also the `.` variant of some mirrors). */
function findIdx(dir: string, split: string, kind: "images" | "labels"): string | undefined {
  const dims = kind === "images" ? "idx3" : "idx1";
  for (const name of [`${split}-${kind}-${dims}-ubyte`, `${split}-${kind}.${dims}-ubyte`]) {
    for (const ext of [".gz", ""]) if (existsSync(join(dir, name + ext))) return join(dir, name + ext);
  }
  return undefined;
}

/**
 * `mnist:DIR`: MNIST-style IDX files (gzip or raw), e.g. `t10k-images-idx3-ubyte.gz` with
 * `t10k-labels-idx1-ubyte.gz`. `?split=train` or `?split=t10k` (default: train when its
 * images are present, else t10k); `?limit=N`. Digits become 28×28 grey RGB images, labelled
 * when a labels file is present. Fashion-MNIST files have the same names and also work.
 * A truncated file yields its whole images and counts the missing ones.
 */
export const mnistSource: SourceKind<ImageSample> = {
  kind: "mnist",
  modality: "vision",
  description: "MNIST-format IDX files in a directory (?split=train|t10k)",
  open(spec, context): SampleSource<ImageSample> {
    const { path: dir } = sourceLocation(spec, "directory", "mnist:../shared/datasets/mnist");
    const split = spec.params.split ?? (findIdx(dir, "train", "images") ? "train" : "t10k");
    const limit = intParam(spec, "limit", Number.MAX_SAFE_INTEGER, 1);
    const imagesPath = findIdx(dir, split, "images");
    if (imagesPath === undefined) {
      throw new BadInputError({ file: dir, field: "split", expected: `a ${split}-images-idx3-ubyte[.gz] file in the directory`, got: split, hint: "Pass ?split=t10k or ?split=train to pick the files present" });
    }
    const labelsPath = findIdx(dir, split, "labels");
    return {
      description: `mnist:${dir} (${split}${labelsPath ? ", labelled" : ", no labels file"})`,
      async *samples() {
        const bytes = readIdx(imagesPath);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (bytes.length < 16 || view.getUint32(0) !== IMAGES_MAGIC) {
          throw new BadInputError({ file: imagesPath, field: "magic", expected: `an IDX image file (magic ${IMAGES_MAGIC})`, got: bytes.length >= 4 ? view.getUint32(0) : "too short", hint: "Point mnist: at the folder of the original IDX files" });
        }
        const count = view.getUint32(4);
        const rows = view.getUint32(8);
        const cols = view.getUint32(12);
        let labels: Uint8Array | undefined;
        if (labelsPath) {
          const lb = readIdx(labelsPath);
          const lv = new DataView(lb.buffer, lb.byteOffset, lb.byteLength);
          if (lb.length < 8 || lv.getUint32(0) !== LABELS_MAGIC) {
            throw new BadInputError({ file: labelsPath, field: "magic", expected: `an IDX label file (magic ${LABELS_MAGIC})`, got: lb.length >= 4 ? lv.getUint32(0) : "too short" });
          }
          labels = lb.subarray(8);
        }
        const size = rows * cols;
        const whole = Math.min(count, Math.floor((bytes.length - 16) / size));
        if (whole < count) context.skips.add("image missing from a truncated IDX file", `${imagesPath} (${count - whole} of ${count})`);
        for (let i = 0; i < Math.min(whole, limit); i++) {
          const grey = bytes.subarray(16 + i * size, 16 + (i + 1) * size);
          const rgb = new Uint8Array(size * 3);
          for (let p = 0; p < size; p++) rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = grey[p]!;
          const label = labels !== undefined && i < labels.length ? labels[i] : undefined;
          yield { id: `${split}#${i}`, image: rgbImage(rgb, cols, rows), ...(label !== undefined ? { label, className: String(label) } : {}) };
        }
      },
    };
  },
};
