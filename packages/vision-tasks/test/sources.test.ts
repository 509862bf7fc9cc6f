import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, gzipSync } from "node:zlib";
import { BadInputError, createRegistry, type SampleSource, SkipCounter } from "@ssl4rl/core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { type ImageSample, renderSyntheticScene, visionTasks } from "../src/index.js";

const registry = createRegistry([visionTasks()]);

async function collect(spec: string, seed: number | string = 1): Promise<{ samples: ImageSample[]; skips: SkipCounter; source: SampleSource }> {
  const skips = new SkipCounter(10);
  const source = await registry.openSource(spec, "vision", { seed, skips });
  const samples: ImageSample[] = [];
  for await (const s of source.samples()) samples.push(s as ImageSample);
  return { samples, skips, source };
}

/** A PNG whose header declares width×height but carries no pixels: a decompression bomb's calling card. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk("IEND", Buffer.alloc(0))]);
}

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vision-sources-"));
  const scene = (await renderSyntheticScene(1, 0, 64)).image;
  const raw = { raw: { width: 64, height: 64, channels: 3 as const } };
  mkdirSync(join(dir, "images/cats/deep"), { recursive: true });
  mkdirSync(join(dir, "images/dogs"), { recursive: true });
  mkdirSync(join(dir, "images/.cache"), { recursive: true });
  const jpeg = await sharp(scene.data, raw).jpeg().toBuffer();
  await sharp(scene.data, raw).png().toFile(join(dir, "images/cats/a.png"));
  writeFileSync(join(dir, "images/cats/deep/b.jpg"), jpeg);
  await sharp(scene.data, raw).webp().toFile(join(dir, "images/dogs/c.webp"));
  await sharp(scene.data, raw).tiff().toFile(join(dir, "images/dogs/d.tiff"));
  await sharp(scene.data, raw).greyscale().png().toFile(join(dir, "images/dogs/grey.png"));
  await sharp(scene.data, raw).ensureAlpha(0.5).png().toFile(join(dir, "images/top.png"));
  writeFileSync(join(dir, "images/cats/corrupt.jpg"), Buffer.from("\xff\xd8\xff\xe0 this is not really a jpeg at all".repeat(20), "latin1"));
  writeFileSync(join(dir, "images/cats/truncated.jpg"), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(join(dir, "images/dogs/notes.png"), "just some text, not an image\n");
  writeFileSync(join(dir, "images/dogs/bomb.png"), pngHeaderOnly(60000, 60000));
  writeFileSync(join(dir, "images/dogs/readme.txt"), "ignored: not an image extension");
  writeFileSync(join(dir, "images/.cache/hidden.png"), "ignored: hidden folder");
});

describe("folder source", () => {
  it("reads every image format, labels from first-level folders, skips and counts bad files by name", async () => {
    const { samples, skips, source } = await collect(`folder:${join(dir, "images")}`);
    expect(samples.map((s) => s.id)).toEqual(["cats/a.png", "cats/deep/b.jpg", "dogs/c.webp", "dogs/d.tiff", "dogs/grey.png", "top.png"]);
    expect(samples.map((s) => s.label)).toEqual([0, 0, 1, 1, 1, undefined]);
    expect(samples.map((s) => s.className)).toEqual(["cats", "cats", "dogs", "dogs", "dogs", undefined]);
    for (const s of samples) {
      expect([s.image.width, s.image.height, s.image.channels, s.image.data.length]).toEqual([64, 64, 3, 64 * 64 * 3]);
    }
    expect(skips.byReason()).toEqual({
      "corrupt or truncated image": 2,
      "not an image file": 1,
      "image over the pixel limit (possible decompression bomb)": 1,
    });
    expect(skips.examples()["corrupt or truncated image"]).toEqual(["cats/corrupt.jpg", "cats/truncated.jpg"]);
    expect(skips.examples()["image over the pixel limit (possible decompression bomb)"]).toEqual(["dogs/bomb.png"]);
    expect(source.description).toMatch(/10 image files, 2 classes/);
  });

  it("a bare directory path means folder:, and ?maxPixels lowers the bomb guard", async () => {
    const bare = await collect(join(dir, "images"));
    expect(bare.samples).toHaveLength(6);
    const tight = await collect(`folder:${join(dir, "images")}?maxPixels=1000`);
    expect(tight.samples).toHaveLength(0);
    expect(tight.skips.byReason()["image over the pixel limit (possible decompression bomb)"]).toBe(8);
  });

  it("decodes GIF and AVIF too, and applies EXIF orientation so up is what a viewer shows", async () => {
    const extra = join(dir, "extra");
    mkdirSync(extra, { recursive: true });
    const scene = (await renderSyntheticScene(2, 0, 48)).image;
    const raw = { raw: { width: 48, height: 48, channels: 3 as const } };
    await sharp(scene.data, raw).gif().toFile(join(extra, "a.gif"));
    await sharp(scene.data, raw).avif().toFile(join(extra, "b.avif"));
    // A 48×24 image stored sideways with orientation 6 (turn 90° clockwise to view): 24×48 upright.
    await sharp(scene.data, raw).extract({ left: 0, top: 0, width: 48, height: 24 }).jpeg().withMetadata({ orientation: 6 }).toFile(join(extra, "c.jpg"));
    const { samples, skips } = await collect(`folder:${extra}`);
    expect(skips.total).toBe(0);
    expect(samples.map((s) => [s.id, s.image.width, s.image.height])).toEqual([
      ["a.gif", 48, 48],
      ["b.avif", 48, 48],
      ["c.jpg", 24, 48],
    ]);
  });

  it("?maxSide shrinks while decoding, keeping the aspect ratio", async () => {
    const { samples } = await collect(`folder:${join(dir, "images")}?maxSide=16`);
    expect(samples.every((s) => s.image.width === 16 && s.image.height === 16 && s.image.data.length === 16 * 16 * 3)).toBe(true);
  });

  it("?shuffle=1 gives a seeded order and ?limit caps it", async () => {
    const a = await collect(`folder:${join(dir, "images")}?shuffle=1&limit=4`, 5);
    const b = await collect(`folder:${join(dir, "images")}?shuffle=1&limit=4`, 5);
    expect(a.samples.map((s) => s.id)).toEqual(b.samples.map((s) => s.id));
    expect(a.samples.length + a.skips.total).toBe(4);
  });

  it("a missing directory is a BadInputError naming the path", async () => {
    await expect(registry.openSource("folder:/no/such/dir", "vision", { seed: 1, skips: new SkipCounter() })).rejects.toThrow(BadInputError);
    await expect(registry.openSource("folder:/no/such/dir", "vision", { seed: 1, skips: new SkipCounter() })).rejects.toThrow(/\/no\/such\/dir/);
  });
});

describe("csv source", () => {
  it("reads path,label,class_name rows relative to the CSV; bad rows and missing files are counted with line or name", async () => {
    const csv = join(dir, "labels.csv");
    writeFileSync(
      csv,
      [
        "path,label,class_name",
        "images/cats/a.png,3,cat",
        '"images/dogs/c.webp",5,"dog, big"',
        "images/missing.png,1,none",
        "images/dogs/d.tiff,x,dog",
        "images/dogs/d.tiff,2",
        ",1,empty",
        "images/dogs/notes.png,4,dog",
        "",
      ].join("\n"),
    );
    const { samples, skips } = await collect(`csv:${csv}`);
    expect(samples.map((s) => [s.id, s.label, s.className])).toEqual([
      ["images/cats/a.png", 3, "cat"],
      ["images/dogs/c.webp", 5, "dog, big"],
    ]);
    expect(skips.byReason()).toEqual({
      "file not found": 1,
      "CSV label is not a non-negative integer": 1,
      "malformed CSV row (expected 3 fields)": 1,
      "CSV row with an empty path": 1,
      "not an image file": 1,
    });
    expect(skips.examples()["CSV label is not a non-negative integer"]).toEqual([`${csv}:5`]);
  });

  it("numbers class names in sorted order when there is no label column, and honours ?root", async () => {
    const csv = join(dir, "names.csv");
    writeFileSync(csv, "file,class\ncats/a.png,zebra\ndogs/c.webp,ant\n");
    const { samples } = await collect(`csv:${csv}?root=${join(dir, "images")}`);
    expect(samples.map((s) => [s.className, s.label])).toEqual([
      ["zebra", 1],
      ["ant", 0],
    ]);
  });

  it("a CSV without a path column is a BadInputError at line 1", async () => {
    const csv = join(dir, "bad.csv");
    writeFileSync(csv, "name,label\na,1\n");
    await expect(collect(`csv:${csv}`)).rejects.toThrow(/bad\.csv:1.*path column/);
  });
});

describe("mnist source", () => {
  function idx(magic: number, dims: number[], body: Uint8Array): Buffer {
    const head = Buffer.alloc(4 + 4 * dims.length);
    head.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([head, body]);
  }

  it("reads gzip or raw IDX images with labels as grey RGB", async () => {
    const m = join(dir, "mnist");
    mkdirSync(m, { recursive: true });
    const pixels = new Uint8Array(3 * 28 * 28).map((_, i) => i % 251);
    writeFileSync(join(m, "t10k-images-idx3-ubyte.gz"), gzipSync(idx(2051, [3, 28, 28], pixels)));
    writeFileSync(join(m, "t10k-labels-idx1-ubyte"), idx(2049, [3], Uint8Array.from([7, 2, 1])));
    const { samples } = await collect(`mnist:${m}`);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ["t10k#0", 7],
      ["t10k#1", 2],
      ["t10k#2", 1],
    ]);
    const second = samples[1]!.image;
    expect([second.width, second.height]).toEqual([28, 28]);
    expect([second.data[0], second.data[1], second.data[2]]).toEqual([pixels[784], pixels[784], pixels[784]]);
  });

  it("counts the images missing from a truncated file and yields the whole ones", async () => {
    const m = join(dir, "mnist-cut");
    mkdirSync(m, { recursive: true });
    writeFileSync(join(m, "train-images-idx3-ubyte"), idx(2051, [5, 28, 28], new Uint8Array(2 * 784 + 100)));
    const { samples, skips } = await collect(`mnist:${m}`);
    expect(samples).toHaveLength(2);
    expect(skips.byReason()).toEqual({ "image missing from a truncated IDX file": 1 });
  });

  it("a wrong magic number is a BadInputError naming the file", async () => {
    const m = join(dir, "mnist-bad");
    mkdirSync(m, { recursive: true });
    writeFileSync(join(m, "t10k-images-idx3-ubyte"), idx(1234, [1, 28, 28], new Uint8Array(784)));
    await expect(collect(`mnist:${m}`)).rejects.toThrow(/t10k-images-idx3-ubyte.*magic/);
  });
});

describe("cifar sources", () => {
  function record(labelBytes: number[], seed: number): Uint8Array {
    const r = new Uint8Array(labelBytes.length + 3072);
    r.set(labelBytes, 0);
    for (let i = 0; i < 3072; i++) r[labelBytes.length + i] = (i * 7 + seed) % 256;
    return r;
  }

  it("cifar10: planes become HWC pixels, labels and names from batches.meta.txt; a partial record is counted", async () => {
    const c = join(dir, "cifar10");
    mkdirSync(c, { recursive: true });
    writeFileSync(join(c, "test_batch.bin"), Buffer.concat([record([3], 1), record([9], 2), record([1], 3).subarray(0, 100)]));
    writeFileSync(join(c, "batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
    const { samples, skips } = await collect(`cifar10:${c}`);
    expect(samples.map((s) => [s.id, s.label, s.className])).toEqual([
      ["test_batch.bin#0", 3, "cat"],
      ["test_batch.bin#1", 9, "truck"],
    ]);
    const img = samples[0]!.image;
    const src = record([3], 1);
    // Pixel 5: R from plane 0, G from plane 1, B from plane 2.
    expect([img.data[15], img.data[16], img.data[17]]).toEqual([src[1 + 5], src[1 + 1024 + 5], src[1 + 2048 + 5]]);
    expect(skips.byReason()).toEqual({ "truncated cifar10 record": 1 });
  });

  it("cifar100: the fine label (second byte) is the label", async () => {
    const c = join(dir, "cifar100");
    mkdirSync(c, { recursive: true });
    writeFileSync(join(c, "train.bin"), Buffer.concat([record([4, 77], 1), record([0, 12], 2)]));
    const { samples } = await collect(`cifar100:${c}?limit=1`);
    expect(samples.map((s) => s.label)).toEqual([77]);
    expect(readFileSync(join(c, "train.bin")).length).toBe(2 * 3074);
  });
});

describe("synthetic source", () => {
  it("is deterministic per seed, labelled with five classes, sized by ?size", async () => {
    const a = await collect("synthetic?count=20&size=48", 3);
    const b = await collect("synthetic?count=20&size=48", 3);
    expect(a.samples).toHaveLength(20);
    a.samples.forEach((s, i) => expect(Buffer.from(s.image.data).equals(Buffer.from(b.samples[i]!.image.data))).toBe(true));
    expect(new Set(a.samples.map((s) => s.className)).size).toBeGreaterThanOrEqual(4);
    expect(a.samples.every((s) => s.image.width === 48 && s.label !== undefined && s.label < 5)).toBe(true);
    const c = await collect("synthetic?count=2&size=48", 4);
    expect(Buffer.from(c.samples[0]!.image.data).equals(Buffer.from(a.samples[0]!.image.data))).toBe(false);
  });

  it("has an up direction: the top rows are sky (bluer) and the bottom rows ground", async () => {
    const { samples } = await collect("synthetic?count=30&size=64", 8);
    for (const s of samples) {
      const row = (y: number) => {
        let blue = 0;
        for (let x = 0; x < 64; x++) blue += s.image.data[(y * 64 + x) * 3 + 2]! - s.image.data[(y * 64 + x) * 3]!;
        return blue / 64;
      };
      expect(row(1)).toBeGreaterThan(row(62));
    }
  });
});
