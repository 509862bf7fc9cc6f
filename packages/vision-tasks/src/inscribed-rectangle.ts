/**
 * Size of the largest axis-aligned rectangle that fits inside a `width`×`height` rectangle
 * rotated by `degrees` (the crop the released rotation builder takes after rotating with
 * canvas expansion, so no empty corners show).
 *
 * Two regimes: when the short side is small relative to the long one, the best rectangle
 * touches the long sides at two points (a "half-constrained" solution); otherwise all four
 * of its corners touch the rotated edges ("fully constrained").
 *
 * @example
 * ```ts
 * inscribedRectangle(100, 50, 90); // { width: 50, height: 100 }
 * inscribedRectangle(100, 100, 45); // about { width: 70.7, height: 70.7 }
 * ```
 */
export function inscribedRectangle(width: number, height: number, degrees: number): { width: number; height: number } {
  const theta = (degrees * Math.PI) / 180;
  const sin = Math.abs(Math.sin(theta));
  const cos = Math.abs(Math.cos(theta));
  if (sin < 1e-12) return { width, height };
  if (cos < 1e-12) return { width: height, height: width };
  const longIsWidth = width >= height;
  const long = longIsWidth ? width : height;
  const short = longIsWidth ? height : width;
  if (short <= 2 * sin * cos * long || Math.abs(sin - cos) < 1e-10) {
    const half = short / 2;
    return longIsWidth ? { width: half / sin, height: half / cos } : { width: half / cos, height: half / sin };
  }
  const cos2 = cos * cos - sin * sin;
  return { width: (width * cos - height * sin) / cos2, height: (height * cos - width * sin) / cos2 };
}
