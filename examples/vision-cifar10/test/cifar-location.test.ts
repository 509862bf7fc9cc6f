import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moveIntoPlace } from "../src/cifar-location.js";

function folderWith(root: string, name: string, content: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "airplane"), { recursive: true });
  writeFileSync(join(dir, "airplane", "0001.jpg"), content);
  return dir;
}

describe("moveIntoPlace (unpacking the CIFAR-10 cache)", () => {
  it("renames the unpacked folder into place", () => {
    const root = mkdtempSync(join(tmpdir(), "cifar-move-"));
    const from = folderWith(root, ".unpack-train-1/train", "ours");
    moveIntoPlace(from, join(root, "train"));
    expect(readFileSync(join(root, "train", "airplane", "0001.jpg"), "utf8")).toBe("ours");
    expect(existsSync(from)).toBe(false);
  });

  it("keeps the folder another run put in place first, instead of failing", () => {
    const root = mkdtempSync(join(tmpdir(), "cifar-move-"));
    folderWith(root, "train", "theirs");
    const from = folderWith(root, ".unpack-train-2/train", "ours");
    expect(() => moveIntoPlace(from, join(root, "train"))).not.toThrow();
    expect(readFileSync(join(root, "train", "airplane", "0001.jpg"), "utf8")).toBe("theirs");
  });

  it("throws other errors (the unpacked folder is missing)", () => {
    const root = mkdtempSync(join(tmpdir(), "cifar-move-"));
    expect(() => moveIntoPlace(join(root, "nothing"), join(root, "train"))).toThrow(/ENOENT/);
  });
});
