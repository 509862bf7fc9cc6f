/** One line of a reward-curve chart: the mean reward at each step. */
export interface CurveSeries {
  readonly label: string;
  readonly values: readonly number[];
  /** The step of each value (default 1, 2, 3, …): probes are taken every few steps. */
  readonly steps?: readonly number[];
  /** Expected reward of a uniformly random answer (or any reference level), drawn dashed in the series' colour. */
  readonly chance?: number;
}

/** The y axis and legend wording of a chart; the defaults draw reward from 0 to 1. */
export interface CurveChartOptions {
  readonly yMin?: number;
  readonly yMax?: number;
  readonly yLabel?: string;
  /** What the dashed lines are, said under the legend. */
  readonly dashed?: string;
  readonly width?: number;
  readonly height?: number;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

/** Rolling mean over `window` steps (shorter at the start), so noisy GRPO batches read as a trend. */
export function smooth(values: readonly number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

/**
 * Mean of each block of `size` consecutive steps, placed at the block's last step (a last,
 * shorter block keeps its own mean), so a run of thousands of steps draws as a few hundred points.
 */
export function blockMeans(values: readonly number[], size: number): { values: number[]; steps: number[] } {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`blockMeans: size must be a positive integer, got ${size}`);
  const out: number[] = [];
  const steps: number[] = [];
  for (let start = 0; start < values.length; start += size) {
    const end = Math.min(start + size, values.length);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    out.push(sum / (end - start));
    steps.push(end);
  }
  return { values: out, steps };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A self-contained SVG line chart of a value against step (by default reward, y from 0 to 1),
 * one line per series, chance or reference levels dashed, a legend on the right. No
 * dependencies, so the README's pictures are made by the same run that made the numbers.
 *
 * @example
 * ```ts
 * const svg = rewardCurveSvg("rotation on CIFAR-10", [{ label: "seed 1", values: [0.25, 0.4, 0.6], chance: 0.25 }]);
 * svg.startsWith("<svg"); // true
 * ```
 */
export function rewardCurveSvg(title: string, series: readonly CurveSeries[], options: CurveChartOptions = {}): string {
  const { yMin = 0, yMax = 1, yLabel = "reward", dashed = "chance", width = 640, height = 320 } = options;
  if (!(yMax > yMin)) throw new RangeError(`rewardCurveSvg: yMax (${yMax}) must be above yMin (${yMin})`);
  const left = 44;
  const right = 210;
  const top = 28;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const stepOf = (s: CurveSeries, i: number) => s.steps?.[i] ?? i + 1;
  const steps = Math.max(2, ...series.map((s) => (s.values.length === 0 ? 0 : stepOf(s, s.values.length - 1))));
  const x = (step: number) => left + (plotW * (step - 1)) / (steps - 1);
  const y = (v: number) => top + plotH * (1 - Math.min(1, Math.max(0, (v - yMin) / (yMax - yMin))));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${left}" y="16" font-size="13">${escapeXml(title)}</text>`);
  for (const tick of [0, 0.25, 0.5, 0.75, 1].map((t) => yMin + t * (yMax - yMin))) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${Number(tick.toFixed(2))}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">step (1 … ${steps})</text>`);
  parts.push(`<text x="12" y="${top + plotH / 2}" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    if (s.values.length > 0) {
      const points = s.values.map((v, i) => `${x(stepOf(s, i)).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.6" points="${points}"/>`);
    }
    if (s.chance !== undefined) {
      parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(s.chance)}" y2="${y(s.chance)}" stroke="${colour}" stroke-dasharray="4 3" stroke-width="1"/>`);
    }
    const ly = top + 8 + k * 16;
    parts.push(`<line x1="${left + plotW + 12}" x2="${left + plotW + 30}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${left + plotW + 34}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  parts.push(`<text x="${left + plotW + 12}" y="${top + 8 + series.length * 16 + 4}" fill="#666">dashed: ${escapeXml(dashed)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
