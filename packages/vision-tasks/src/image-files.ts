import { readdir } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";

/** File extensions the folder source reads (what sharp decodes). */
export const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif", ".avif"]);

/** One image file found under a root, with its class folder when it has one. */
export interface ImageFile {
  /** Path relative to the root, with `/` separators (the sample id). */
  readonly id: string;
  readonly path: string;
  /** Name of the first-level subfolder the file lies in, if any (its class, as in ImageFolder). */
  readonly classFolder?: string;
}

/**
 * Lists the image files under `root`, recursively, sorted by path so the order is the same on
 * every machine. Hidden files and folders (dot names) are left out.
 */
export async function listImageFiles(root: string): Promise<ImageFile[]> {
  const out: ImageFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        const id = relative(root, path).split(sep).join("/");
        const slash = id.indexOf("/");
        out.push(slash === -1 ? { id, path } : { id, path, classFolder: id.slice(0, slash) });
      }
    }
  };
  await walk(root);
  return out;
}
