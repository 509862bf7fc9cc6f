import { cropRaw } from "./crop-raw.js";
import { rgbImage, type RgbImage } from "./image-sample.js";

/**
 * Cuts an image into an n×n grid of equal tiles, in reading order (row by row). The tile size
 * is `floor(width / n)` × `floor(height / n)`; the few pixels left over at the right and
 * bottom edges are dropped, so every tile has the same size.
 *
 * @example
 * ```ts
 * const tiles = cutTiles(image, 2); // [top-left, top-right, bottom-left, bottom-right]
 * ```
 */
export function cutTiles(image: RgbImage, n: number): RgbImage[] {
  const tw = Math.floor(image.width / n);
  const th = Math.floor(image.height / n);
  const tiles: RgbImage[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) tiles.push(cropRaw(image, { left: c * tw, top: r * th, width: tw, height: th }));
  }
  return tiles;
}

/**
 * Puts n×n equal tiles (reading order) back together: the inverse of {@link cutTiles} on the
 * part of the image that the tiles cover.
 */
export function assembleTiles(tiles: readonly RgbImage[], n: number): RgbImage {
  const first = tiles[0];
  if (first === undefined || tiles.length !== n * n) throw new RangeError(`assembleTiles needs ${n * n} tiles, got ${tiles.length}`);
  const tw = first.width;
  const th = first.height;
  const width = tw * n;
  const out = new Uint8Array(width * th * n * 3);
  tiles.forEach((tile, i) => {
    if (tile.width !== tw || tile.height !== th) throw new RangeError(`tile ${i} is ${tile.width}×${tile.height}, expected ${tw}×${th}`);
    const left = (i % n) * tw;
    const top = Math.floor(i / n) * th;
    for (let y = 0; y < th; y++) {
      out.set(tile.data.subarray(y * tw * 3, (y + 1) * tw * 3), ((top + y) * width + left) * 3);
    }
  });
  return rgbImage(out, width, th * n);
}
