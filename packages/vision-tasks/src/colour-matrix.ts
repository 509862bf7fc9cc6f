import { rgbImage, type RgbImage } from "./image-sample.js";
import { roundHalfUp } from "./round-half-up.js";

/**
 * Brightness, saturation and hue in one 3×3 colour matrix applied per pixel on the raw
 * buffer (for tensor-size views; display-size views use sharp's modulate). Hue turns the
 * chroma plane of YIQ by `hueDegrees`; saturation scales chroma; brightness scales all.
 */
export function colourMatrix(image: RgbImage, brightness: number, saturation: number, hueDegrees: number): RgbImage {
  // RGB -> YIQ, scale and turn the I/Q plane, YIQ -> RGB, times brightness.
  const t = (hueDegrees * Math.PI) / 180;
  const c = Math.cos(t) * saturation;
  const s = Math.sin(t) * saturation;
  const toYiq = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
  const toRgb = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];
  const turn = [1, 0, 0, 0, c, -s, 0, s, c];
  const m = multiply(toRgb, multiply(turn, toYiq)).map((v) => v * brightness);
  const src = image.data;
  const out = new Uint8Array(src.length);
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = m as [number, number, number, number, number, number, number, number, number];
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i]!;
    const g = src[i + 1]!;
    const b = src[i + 2]!;
    out[i] = clamp(m0 * r + m1 * g + m2 * b);
    out[i + 1] = clamp(m3 * r + m4 * g + m5 * b);
    out[i + 2] = clamp(m6 * r + m7 * g + m8 * b);
  }
  return rgbImage(out, image.width, image.height);
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : roundHalfUp(v);
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return out;
}
