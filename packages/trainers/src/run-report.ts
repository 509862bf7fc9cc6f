import { join } from "node:path";
import type { GrpoStepReport } from "./grpo-trainer.js";
import type { SaliencyMap } from "./saliency.js";
import type { TrainConfig } from "./train-config.js";
import { writeFileAtomic } from "@ssl4rl/core";

/** What `report.html` shows. */
export interface RunReportInput {
  readonly config: TrainConfig;
  readonly metrics: readonly GrpoStepReport[];
  readonly saliency: readonly SaliencyMap[];
  readonly backend: string;
  readonly skipped: readonly string[];
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** One line of a chart; `faint` lines (raw values under a moving average) share the colour of `colour`. */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
  /** Index into the palette (default: the series' position). */
  readonly colour?: number;
  readonly faint?: boolean;
}

/** An SVG line chart of series over steps, y from 0 to the max (at least 1), legend below the plot. */
export function lineChart(title: string, steps: readonly number[], series: readonly ChartSeries[]): string {
  const w = 640;
  const named = series.filter((s) => !s.faint);
  const legendRows = Math.ceil(named.length / 2);
  const plotH = 220;
  const m = { l: 48, r: 12, t: 28, b: 36 };
  const h = plotH + legendRows * 16 + 8;
  const xs = steps.length > 1 ? steps : [0, ...steps];
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMax = Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const px = (s: number) => m.l + ((s - x0) / Math.max(1, x1 - x0)) * (w - m.l - m.r);
  const py = (v: number) => plotH - m.b - (v / yMax) * (plotH - m.t - m.b);
  const colourOf = (s: ChartSeries, k: number) => COLOURS[(s.colour ?? k) % COLOURS.length]!;
  const lines = series.map((s, k) => {
    const points = s.values
      .map((v, i) => (Number.isFinite(v) ? `${px(steps[i]!).toFixed(1)},${py(v).toFixed(1)}` : ""))
      .filter((p) => p !== "")
      .join(" ");
    return `<polyline fill="none" stroke="${colourOf(s, k)}" stroke-width="${s.faint ? 1 : 2.5}" stroke-opacity="${s.faint ? 0.35 : 1}" points="${points}"/>`;
  });
  const legend = named.map((s, k) => {
    const x = m.l + (k % 2) * ((w - m.l) / 2);
    const y = plotH + 4 + Math.floor(k / 2) * 16;
    return `<rect x="${x}" y="${y}" width="14" height="4" fill="${colourOf(s, series.indexOf(s))}"/><text x="${x + 20}" y="${y + 6}" font-size="12">${escapeHtml(s.name)}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = f * yMax;
    return `<line x1="${m.l}" x2="${w - m.r}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/><text x="${m.l - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(2)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="${m.l}" y="18" font-size="14" font-weight="bold">${escapeHtml(title)}</text>${ticks.join("")}` +
    `<line x1="${m.l}" x2="${w - m.r}" y1="${plotH - m.b}" y2="${plotH - m.b}" stroke="#333"/>` +
    `<text x="${m.l}" y="${plotH - 18}" font-size="11">step ${x0}</text><text x="${w - m.r}" y="${plotH - 18}" text-anchor="end" font-size="11">step ${x1}</text>` +
    `${lines.join("")}${legend.join("")}</svg>`;
}

/** Moving average over `window` steps, so a noisy reward curve shows its trend (steps where a task drew no episode are left out). */
function smoothFinite(values: readonly number[], window: number): number[] {
  return values.map((v, i) => {
    if (!Number.isFinite(v)) return NaN;
    const part = values.slice(Math.max(0, i - window + 1), i + 1).filter(Number.isFinite);
    return part.reduce((a, b) => a + b, 0) / part.length;
  });
}

/**
 * Writes `report.html`: reward and accuracy curves per task (raw and smoothed), KL, clip
 * fraction and entropy, the final numbers, and saliency maps inlined as PNG, so the file is
 * self-contained.
 */
export async function writeRunReport(runDir: string, input: RunReportInput): Promise<string> {
  const { metrics, config } = input;
  const steps = metrics.map((m) => m.step);
  const taskIds = config.tasks.map((t) => t.id);
  const window = Math.max(1, Math.round(metrics.length / 12));
  // Raw per-step rewards faint, their moving average bold in the same colour.
  const rewardSeries: ChartSeries[] = taskIds.flatMap((id, k) => {
    const values = metrics.map((m) => m.tasks[id]?.rewardMean ?? NaN);
    return [
      { name: `${id} (per step)`, values, colour: k, faint: true },
      { name: `${id}, moving average of ${window}`, values: smoothFinite(values, window), colour: k },
    ];
  });
  const accuracySeries = taskIds.map((id) => ({ name: `${id} accuracy`, values: smoothFinite(metrics.map((m) => m.tasks[id]?.accuracy ?? NaN), window) }));
  const diagnostics = [
    { name: "KL (to reference)", values: metrics.map((m) => m.kl) },
    { name: "clip fraction", values: metrics.map((m) => m.clipFraction) },
    { name: "degenerate-group fraction", values: metrics.map((m) => m.degenerateFraction) },
  ];
  const entropy = [{ name: "entropy (nats per choice)", values: metrics.map((m) => m.entropy) }];
  const first = metrics.slice(0, window);
  const last = metrics.slice(-window);
  const avg = (list: readonly GrpoStepReport[], id: string) => list.reduce((a, m) => a + (m.tasks[id]?.rewardMean ?? 0), 0) / Math.max(1, list.length);
  const rows = taskIds
    .map((id) => `<tr><td>${escapeHtml(id)}</td><td>${avg(first, id).toFixed(3)}</td><td>${avg(last, id).toFixed(3)}</td><td>${(metrics.at(-1)?.tasks[id]?.accuracy ?? 0).toFixed(3)}</td></tr>`)
    .join("");
  const pictures = input.saliency
    .map(
      (s) =>
        `<figure><img alt="saliency of ${escapeHtml(s.episodeId)}" src="data:image/png;base64,${Buffer.from(s.png).toString("base64")}"/>` +
        `<figcaption>${escapeHtml(s.episodeId)}: answered <b>${escapeHtml(s.answer)}</b>, truth <b>${escapeHtml(s.truth)}</b> (<a href="${escapeHtml(s.file)}">${escapeHtml(s.file)}</a>)</figcaption></figure>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SSL4RL run report</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}figure{display:inline-block;margin:8px}figcaption{font-size:12px;max-width:520px}pre{background:#f6f6f6;padding:8px;overflow:auto}</style>
</head><body>
<h1>SSL4RL GRPO run</h1>
<p>${metrics.length} steps of ${config.steps}; tasks ${taskIds.map(escapeHtml).join(", ")}; ${escapeHtml(input.backend)}.</p>
<table><tr><th>task</th><th>reward, first ${window} steps</th><th>reward, last ${window} steps</th><th>accuracy, last step</th></tr>${rows}</table>
<h2>Reward</h2>${lineChart("Mean reward per step", steps, rewardSeries)}
${lineChart("Accuracy (fraction of samples scoring 1), smoothed", steps, accuracySeries)}
<h2>Optimisation</h2>${lineChart("KL, clip fraction, degenerate groups", steps, diagnostics)}
${lineChart("Policy entropy", steps, entropy)}
<h2>Saliency</h2><p>Each picture: the episode's images (top) and |∂ log π(chosen answer) / ∂ pixel| in red (bottom).</p>
${pictures || "<p>(no image tasks in this run)</p>"}
${input.skipped.length > 0 ? `<h2>Skipped samples</h2><ul>${input.skipped.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>` : ""}
<h2>Configuration</h2><pre>${escapeHtml(JSON.stringify(config, null, 2))}</pre>
</body></html>
`;
  const path = join(runDir, "report.html");
  await writeFileAtomic(path, html);
  return path;
}
