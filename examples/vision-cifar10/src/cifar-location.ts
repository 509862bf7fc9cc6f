import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Where the CIFAR-10 JPEG folders are, once found (and unpacked). */
export interface CifarFolders {
  /** `train/<class>/NNNN.jpg`, 50,000 images (class folders in label order). */
  readonly train: string;
  /** `test/<class>/NNNN.jpg`, 10,000 images. */
  readonly test: string;
}

/** Why the data is not there, in words a test can print when it skips. */
export interface CifarMissing {
  readonly missing: string;
}

const ARCHIVES = { train: "cifar10_train_jpeg.tar.gz", test: "cifar10_test_jpeg.tar.gz" } as const;

/**
 * Finds the CIFAR-10 JPEG archives in `datasetDir` (../shared/datasets/cifar10-jpeg) and
 * unpacks each once into `cacheDir` (git-ignored, outside the dataset folder, which stays
 * read-only). Unpacking goes to a temporary folder renamed into place, so a killed run never
 * leaves a half-unpacked cache that a later run would trust.
 */
export function unpackCifar(datasetDir: string, cacheDir: string): CifarFolders | CifarMissing {
  const out: Record<string, string> = {};
  for (const [split, archive] of Object.entries(ARCHIVES)) {
    const target = join(cacheDir, split);
    if (!existsSync(target)) {
      const file = join(datasetDir, archive);
      if (!existsSync(file)) return { missing: `CIFAR-10 archive ${file} not found (see ../shared/datasets/README.md)` };
      const temp = join(cacheDir, `.unpack-${split}-${process.pid}`);
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp, { recursive: true });
      try {
        execFileSync("tar", ["-xzf", file, "-C", temp]);
        moveIntoPlace(join(temp, split), target);
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
    }
    out[split] = target;
  }
  return { train: out.train!, test: out.test! };
}

/**
 * Renames the unpacked folder `from` to `to`. Two runs started together on a fresh machine both
 * unpack; the second to finish finds `to` already in place (renamed there whole by the first)
 * and keeps it, instead of failing. Any other error is thrown.
 */
export function moveIntoPlace(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === "ENOTEMPTY" || code === "EEXIST") && existsSync(to)) return;
    throw error;
  }
}

/** The 100 unpacked test images (10 per class) that `--quick` trains and probes on. */
export function cifarSample(datasetDir: string): string | CifarMissing {
  const dir = join(datasetDir, "sample", "test");
  return existsSync(dir) ? dir : { missing: `CIFAR-10 sample folder ${dir} not found (see ../shared/datasets/README.md)` };
}
