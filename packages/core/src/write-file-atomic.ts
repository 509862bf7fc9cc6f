import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that readers, and a run resumed after a crash, never see it half-written:
 * the bytes go to a temp file in the same folder, which is then renamed over the target
 * (rename is atomic within one file system).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temp, data);
  await rename(temp, path);
}
