import { join } from "node:path";
import type { GrpoStepReport } from "./grpo-trainer.js";
import type { SaliencyMap } from "./saliency.js";
import type { TrainConfig } from "./train-config.js";
import { writeFileAtomic } from "./write-file-atomic.js";

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

/** An SVG line chart of series over steps, y from 0 to the max (at least 1). */
export function lineChart(title: string, steps: readonly number[], series: readonly { name: string; values: readonly number[] }[]): string {
  const w = 640;
  const h = 260;
  const m = { l: 48, r: 12, t: 28, b: 36 };
  const xs = steps.length > 1 ? steps : [0, ...steps];
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMax = Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const px = (s: number) => m.l + ((s - x0) / Math.max(1, x1 - x0)) * (w - m.l - m.r);
  const py = (v: number) => h - m.b - (v / yMax) * (h - m.t - m.b);
  const lines = series.map((s, k) => {
    const points = s.values.map((v, i) => `${px(steps[i]!).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
    return `<polyline fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="2" points="${points}"/>` +
      `<text x="${w - m.r - 4}" y="${m.t + 14 * (k + 1)}" text-anchor="end" fill="${COLOURS[k % COLOURS.length]}" font-size="12">${escapeHtml(s.name)}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = f * yMax;
    return `<line x1="${m.l}" x2="${w - m.r}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/><text x="${m.l - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(2)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="${m.l}" y="18" font-size="14" font-weight="bold">${escapeHtml(title)}</text>${ticks.join("")}` +
    `<line x1="${m.l}" x2="${w - m.r}" y1="${h - m.b}" y2="${h - m.b}" stroke="#333"/>` +
    `<text x="${m.l}" y="${h - 10}" font-size="11">step ${x0}</text><text x="${w - m.r}" y="${h - 10}" text-anchor="end" font-size="11">step ${x1}</text>` +
    `${lines.join("")}</svg>`;
}

/** Moving average over `window` steps, so a noisy reward curve shows its trend. */
function smooth(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    const from = Math.max(0, i - window + 1);
    const part = values.slice(from, i + 1);
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
  const rewardSeries = taskIds.flatMap((id) => {
    const values = metrics.map((m) => m.tasks[id]?.rewardMean ?? NaN);
    return [
      { name: `${id} reward`, values },
      { name: `${id} (moving avg ${window})`, values: smooth(values, window) },
    ];
  });
  const accuracySeries = taskIds.map((id) => ({ name: `${id} accuracy`, values: smooth(metrics.map((m) => m.tasks[id]?.accuracy ?? NaN), window) }));
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
