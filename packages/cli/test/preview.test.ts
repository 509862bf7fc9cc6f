import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageLabels } from "../src/commands/preview.js";
import { runInProcess } from "./run-cli.js";

describe("ssl4rl preview", () => {
  it.each([
    ["vision/rotation", "{}", "2"],
    ["vision/jigsaw", '{"grid":3}', "9"],
    ["vision/masked-patch", "{}", "5"],
  ])("%s: writes one PNG with the episode's images in a row and the answer beneath", async (task, options, images) => {
    const out = join(mkdtempSync(join(tmpdir(), "preview-")), "sub", "episode.png");
    const { code, out: stdout, err } = await runInProcess(["preview", "--task", task, "--seed", "4", "--options", options, "--height", "64", "--out", out]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`wrote .*episode\\.png: ${task}:4:0, answer `));
    const meta = await sharp(readFileSync(out)).metadata();
    expect(meta.format).toBe("png");
    // Label row + 64-px images + footer; wider than tall once there are several images.
    expect(meta.height).toBeGreaterThan(64);
    expect(meta.width).toBeGreaterThan(Number(images) * 32);
  });

  it("the same seed and index give the same picture; --index picks a later episode", async () => {
    const dir = mkdtempSync(join(tmpdir(), "preview-"));
    const run = (name: string, index: string) => runInProcess(["preview", "--task", "vision/position", "--seed", "9", "--index", index, "--out", join(dir, name)]);
    const a = await run("a.png", "0");
    const b = await run("b.png", "0");
    const c = await run("c.png", "2");
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    expect(readFileSync(join(dir, "a.png")).equals(readFileSync(join(dir, "b.png")))).toBe(true);
    expect(c.out).toMatch(/vision\/position:9:2/);
  });

  it("exits 2 with one line for an unknown task or a bad --index", async () => {
    const unknown = await runInProcess(["preview", "--task", "vision/rotaton", "--out", join(tmpdir(), "x.png")]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Did you mean "vision\/rotation"/);
    const index = await runInProcess(["preview", "--task", "vision/rotation", "--index", "-1", "--out", join(tmpdir(), "x.png")]);
    expect(index.code).toBe(2);
    expect(index.err.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    ["Tile 1: <image>\nTile 2: <image>", 2, ["Tile 1", "Tile 2"]],
    ["Full image: <image>\nCrop: <image>\nWhich?", 2, ["Full image", "Crop"]],
    ["<image><image> compare", 3, ["image 1", "image 2", "image 3"]],
  ])("labels images by the words before their placeholder: %j", (prompt, count, labels) => {
    expect(imageLabels(prompt, count)).toEqual(labels);
  });
});
