import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes a file so readers never see it half-written: temp file in the same folder, then rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temp, data);
  await rename(temp, path);
}
