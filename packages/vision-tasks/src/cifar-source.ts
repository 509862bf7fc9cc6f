import { existsSync, readFileSync } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { BadInputError, intParam, type SampleSource, type SourceKind } from "@ssl4rl/core";
import { rgbImage, type ImageSample } from "./image-sample.js";
import { sourceLocation } from "./source-location.js";

const PIXELS = 32 * 32;

interface CifarLayout {
  readonly kind: "cifar10" | "cifar100";
  /** Label bytes before the pixels: 1 (CIFAR-10) or 2 (CIFAR-100: coarse, then fine). */
  readonly labelBytes: number;
  readonly trainFiles: readonly string[];
  readonly testFiles: readonly string[];
  /** Class-name files that may sit next to the batches. */
  readonly namesFiles: readonly string[];
}

const CIFAR10: CifarLayout = {
  kind: "cifar10",
  labelBytes: 1,
  trainFiles: ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
  testFiles: ["test_batch.bin"],
  namesFiles: ["batches.meta.txt"],
};

const CIFAR100: CifarLayout = {
  kind: "cifar100",
  labelBytes: 2,
  trainFiles: ["train.bin"],
  testFiles: ["test.bin"],
  namesFiles: ["fine_label_names.txt"],
};

function readNames(dir: string, layout: CifarLayout): string[] | undefined {
  for (const name of layout.namesFiles) {
    const path = join(dir, name);
    if (existsSync(path)) return readFileSync(path, "utf8").split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== "");
  }
  return undefined;
}

function cifarSource(layout: CifarLayout): SourceKind<ImageSample> {
  const record = layout.labelBytes + 3 * PIXELS;
  return {
    kind: layout.kind,
    modality: "vision",
    description: `${layout.kind === "cifar10" ? "CIFAR-10" : "CIFAR-100"} binary batches (a directory, ?split=train|test, or one .bin file)`,
    open(spec, context): SampleSource<ImageSample> {
      const where = sourceLocation(spec, "either", `${layout.kind}:cifar-${layout.kind === "cifar10" ? "10" : "100"}-batches-bin`);
      const limit = intParam(spec, "limit", Number.MAX_SAFE_INTEGER, 1);
      let files: string[];
      let dir = where.path;
      if (where.isDirectory) {
        const present = (names: readonly string[]) => names.map((n) => join(where.path, n)).filter((p) => existsSync(p));
        const split = spec.params.split ?? (present(layout.trainFiles).length > 0 ? "train" : "test");
        if (split !== "train" && split !== "test") throw new BadInputError({ file: spec.text, field: "split", expected: "train or test", got: split });
        files = present(split === "train" ? layout.trainFiles : layout.testFiles);
        if (files.length === 0) {
          throw new BadInputError({ file: where.path, expected: `${layout.kind} ${split} batches (${(split === "train" ? layout.trainFiles : layout.testFiles).join(", ")})`, hint: "Point it at the extracted binary version of the dataset" });
        }
      } else {
        files = [where.path];
        dir = join(where.path, "..");
      }
      const names = readNames(dir, layout);
      return {
        description: `${layout.kind}:${where.path} (${files.map((f) => basename(f)).join(", ")})`,
        async *samples() {
          let produced = 0;
          const buffer = Buffer.alloc(record * 256);
          for (const file of files) {
            // Stream records in blocks: the batches are read once, never held whole.
            const handle = await openFile(file, "r");
            try {
              let index = 0;
              let carry = 0;
              for (;;) {
                const { bytesRead } = await handle.read(buffer, carry, buffer.length - carry, null);
                const available = carry + bytesRead;
                const whole = Math.floor(available / record);
                for (let r = 0; r < whole; r++) {
                  if (produced >= limit) return;
                  const at = r * record;
                  const label = buffer[at + layout.labelBytes - 1]!;
                  const rgb = new Uint8Array(PIXELS * 3);
                  // Planes are stored R, G, B (1024 bytes each); interleave to HWC.
                  for (let p = 0; p < PIXELS; p++) {
                    rgb[p * 3] = buffer[at + layout.labelBytes + p]!;
                    rgb[p * 3 + 1] = buffer[at + layout.labelBytes + PIXELS + p]!;
                    rgb[p * 3 + 2] = buffer[at + layout.labelBytes + 2 * PIXELS + p]!;
                  }
                  const className = names?.[label];
                  yield { id: `${basename(file)}#${index++}`, image: rgbImage(rgb, 32, 32), label, ...(className !== undefined ? { className } : {}) };
                  produced++;
                }
                carry = available - whole * record;
                buffer.copy(buffer, 0, whole * record, available);
                if (bytesRead === 0) {
                  if (carry > 0) context.skips.add(`truncated ${layout.kind} record`, `${basename(file)}#${index}`);
                  break;
                }
              }
            } finally {
              await handle.close();
            }
          }
        },
      };
    },
  };
}

/** `cifar10:DIR`: CIFAR-10 binary batches (`data_batch_1..5.bin`, `test_batch.bin`; 1 label byte + 3072 pixel bytes each). */
export const cifar10Source = cifarSource(CIFAR10);

/** `cifar100:DIR`: CIFAR-100 binary batches (`train.bin`, `test.bin`; coarse and fine label bytes, the fine one is used). */
export const cifar100Source = cifarSource(CIFAR100);
