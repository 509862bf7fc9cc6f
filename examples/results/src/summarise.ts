/**
 * Turns the run records of both examples into `examples/results.json`, the tables between
 * the `<!-- table:NAME -->` markers of `examples/README.md`, and the reward-curve pictures in
 * `examples/figures/`. Every number it writes comes from a record; nothing is typed by hand.
 *
 *   npx -y pnpm@12.4.2 --filter @ssl4rl/example-results run summarise
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { meanProbeCurve } from "./probe-curve.js";
import { blockMeans, type CurveChartOptions, rewardCurveSvg, smooth, type CurveSeries } from "./reward-curve-svg.js";
import { readRunRecords, type RunRecord } from "./run-record.js";
import { mergeRunRecords, readRecordLines } from "./record-merge.js";
import { referenceRow, type ResultRow, summaryRows } from "./summary-rows.js";
import { markdownTables } from "./markdown-tables.js";
import { VISION_PROBE_LABELS } from "./vision-probe-labels.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const EXAMPLES = join(REPO_ROOT, "examples");
const FIGURES = join(EXAMPLES, "figures");

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** A figure of another per-step figure than the reward: which one, its axis, and its dashed level for a group. */
interface CurveMetric {
  readonly key: "entropy";
  readonly chart: CurveChartOptions;
  readonly level: (record: RunRecord) => number;
}

/**
 * Mean reward (or `key`) per step over the seeds of a group of GRPO records (steps every seed
 * reached); undefined when any seed's metrics are not on this machine (a record from git whose
 * run folder is elsewhere), so a figure is never drawn from part of its seeds.
 */
function meanCurve(records: readonly RunRecord[], key: "rewardMean" | CurveMetric["key"] = "rewardMean"): number[] | undefined {
  const paths = records.map((r) => (r.runDir ? join(REPO_ROOT, r.runDir, "metrics.jsonl") : ""));
  if (paths.some((p) => p === "" || !existsSync(p))) return undefined;
  const curves = paths.map((p) => readFileSync(p, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => (JSON.parse(l) as Record<typeof key, number>)[key]));
  if (curves.length === 0) return undefined;
  const length = Math.min(...curves.map((c) => c.length));
  return Array.from({ length }, (_, i) => curves.reduce((a, c) => a + c[i]!, 0) / curves.length);
}

/** How a chart draws its curves: another per-step figure than the reward, and block means for long runs. */
interface CurveFigureOptions {
  readonly metric?: CurveMetric;
  /** Draw the mean of each block of this many steps instead of a 5-step rolling mean. */
  readonly block?: number;
}

/**
 * One chart: a line per task (mean over its seeds). `budget` picks which step budget of each
 * task to draw: `min` (the main grid's) or an exact number of steps (the longer runs).
 */
function curveFigure(
  file: string,
  title: string,
  records: readonly RunRecord[],
  tasks: readonly string[],
  budget: "min" | number,
  dataset?: string,
  shortName: (task: string) => string = (t) => t,
  { metric, block }: CurveFigureOptions = {},
): void {
  const series: CurveSeries[] = [];
  for (const task of tasks) {
    for (const d of dataset === undefined ? [undefined] : dataset.split(",")) {
      const all = records.filter((r) => r.method === "grpo" && r.task === task && (d === undefined || r.dataset === d));
      if (all.length === 0) continue;
      const steps = budget === "min" ? Math.min(...all.map((r) => r.steps)) : budget;
      const group = all.filter((r) => r.steps === steps);
      if (group.length === 0) continue;
      const label = `${d !== undefined && dataset!.includes(",") ? `${d} ` : ""}${shortName(task)}, ${steps} steps`;
      const curve = meanCurve(group, metric?.key);
      if (curve === undefined) {
        figuresKept.push(file);
        return;
      }
      const chance = metric ? metric.level(group[0]!) : group[0]!.chance!;
      series.push(block === undefined ? { label, values: smooth(curve, 5), chance } : { label, ...blockMeans(curve, block), chance });
    }
  }
  if (series.length > 0) writeAtomic(join(FIGURES, file), rewardCurveSvg(title, series, metric?.chart));
}

/**
 * One chart of probe accuracy against step for validation-selected graph groups (one dataset):
 * the mean validation and test curves of each group, a reference level dashed. The curves live
 * in the records, so this is drawn from the records in git alone.
 */
function probeFigure(
  file: string,
  title: string,
  records: readonly RunRecord[],
  dataset: string,
  groups: readonly { task: string; steps: number; label: string; method?: RunRecord["method"] }[],
  reference: { label: string; value: number },
): void {
  const series: CurveSeries[] = [];
  for (const g of groups) {
    const curve = meanProbeCurve(records.filter((r) => r.method === (g.method ?? "grpo") && r.dataset === dataset && r.task === g.task && r.steps === g.steps));
    if (curve === undefined) continue;
    const seeds = `${curve.seeds} seed${curve.seeds === 1 ? "" : "s"}`;
    series.push({ label: `${g.label}, val (${seeds})`, values: curve.valAccuracy, steps: curve.steps });
    // The reference is drawn once, with the first test curve.
    series.push({ label: `${g.label}, test (${seeds})`, values: curve.testAccuracy, steps: curve.steps, ...(series.length === 1 ? { chance: reference.value } : {}) });
  }
  if (series.length > 0) writeAtomic(join(FIGURES, file), rewardCurveSvg(title, series, { yMin: 74, yMax: 86, yLabel: "probe accuracy %", dashed: reference.label }));
}

/** Copies the first saliency map of seed 1 of each listed GRPO setting (made at the end of its run). */
function copySaliency(records: readonly RunRecord[], tasks: readonly string[]): void {
  for (const task of tasks) {
    const r = records.find((x) => x.method === "grpo" && x.task === task && x.seed === 1 && x.runDir);
    if (!r) continue;
    const dir = join(REPO_ROOT, r.runDir!, "saliency");
    if (!existsSync(dir)) continue;
    const png = readdirSync(dir).filter((n) => n.endsWith(".png")).sort()[0];
    if (png) copyFileSync(join(dir, png), join(FIGURES, `saliency-${task}.png`));
  }
}

function replaceBetween(text: string, name: string, body: string): string {
  const open = `<!-- table:${name} -->`;
  const close = `<!-- /table:${name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a === -1 || b === -1 || b < a) {
    console.log(`examples/README.md has no ${open} … ${close} markers: table ${name} not written`);
    return text;
  }
  return `${text.slice(0, a + open.length)}\n${body}\n${text.slice(b)}`;
}

/** Figures left as they are because some of their runs' metrics are not on this machine. */
const figuresKept: string[] = [];

// The records in git, with this machine's records (runs/, git-ignored) laid over them.
const RECORD_LINES = join(EXAMPLES, "run-records.jsonl");
const committed = await readRecordLines(RECORD_LINES);
const local = [
  ...(await readRunRecords(join(REPO_ROOT, "runs", "examples", "vision-cifar10", "records"))),
  ...(await readRunRecords(join(REPO_ROOT, "runs", "examples", "graph-cora", "records"))),
];
const { records: all, counts } = mergeRunRecords(committed, local);
console.log(`run records: ${counts.committed} from examples/run-records.jsonl, ${counts.local} from runs/ (${counts.replaced} of them replacing committed ones)`);
const vision = all.filter((r) => r.example === "vision-cifar10");
const graph = all.filter((r) => r.example === "graph-cora");
const full = vision.filter((r) => r.dataset === "cifar10");
const rows: ResultRow[] = [...summaryRows(full), ...summaryRows(graph)];
for (const [dataset, dgi, graphmae] of [
  ["cora", 82.3, 84.2],
  ["citeseer", 71.8, 73.4],
] as const) {
  rows.push(referenceRow("graph-cora", dataset, "DGI", dgi, "published: Veličković et al., Deep Graph Infomax (ICLR 2019), linear probe on the Planetoid split"));
  rows.push(referenceRow("graph-cora", dataset, "GraphMAE", graphmae, "published: Hou et al., GraphMAE (KDD 2022), linear probe on the Planetoid split"));
}
writeAtomic(join(EXAMPLES, "results.json"), `${JSON.stringify(rows, null, 2)}\n`);
// The per-seed records behind every mean, kept in git (runs/ is not).
writeAtomic(RECORD_LINES, [...vision, ...graph].map((r) => `${JSON.stringify(r)}\n`).join(""));
console.log(`examples/results.json: ${rows.length} rows from ${full.length + graph.length} run records`);

mkdirSync(FIGURES, { recursive: true });
curveFigure("reward-vision.svg", "GRPO reward on CIFAR-10 pretext tasks (mean of 3 seeds, 5-step rolling mean)", full, ["rotation", "jigsaw", "contrastive", "position", "masked-patch", "mix"], "min");
curveFigure("reward-sweep.svg", "Difficulty sweep: GRPO reward (mean of 3 seeds, 5-step rolling mean)", full, ["rotation", "rotation-45", "rotation-30", "jigsaw", "jigsaw-3", "jigsaw-4"], "min");
curveFigure("reward-vision-long.svg", "Longer budget on CIFAR-10 (mean of 3 seeds, 5-step rolling mean)", full, ["rotation", "jigsaw", "position", "mix"], 500);
// The policy's entropy with and without GRPO's entropy bonus; dashed: a uniform answer's entropy, −ln(chance) for one choice.
const ENTROPY: CurveMetric = { key: "entropy", chart: { yMax: 2.4, yLabel: "entropy (nats)", dashed: "uniform answer" }, level: (r) => -Math.log(r.chance!) };
curveFigure(
  "entropy-vision-128.svg",
  "Policy entropy, CNN 32-64-128, 3,000 steps (mean of 3 seeds, 5-step rolling mean)",
  full,
  ["rotation-upright [CNN 32-64-128]", "rotation-upright [CNN 32-64-128] [entropy 0.5]", "class-labels [CNN 32-64-128] [entropy 0.5]"].map((t) => `${t} ${VISION_PROBE_LABELS.conv}`),
  3000,
  undefined,
  // Short enough for the legend: "upright, bonus 0.5" is rotation-upright with the entropy bonus.
  (t) => (t.startsWith("class-labels") ? "labels" : t.includes("[entropy") ? "upright" : "rotation-upright") + (t.includes("[entropy 0.5]") ? ", bonus 0.5" : ""),
  { metric: ENTROPY },
);
// The headline vision row: augmented rotation-upright over 12,000 steps of 128, GRPO with groups of 5 and of 16.
const AUGMENTED = ["rotation-upright-augment [CNN 32-64-128] [batch 128] [entropy 0.5]", "rotation-upright-augment [CNN 32-64-128] [batch 128] [group 16] [entropy 0.5]"].map(
  (t) => `${t} ${VISION_PROBE_LABELS.conv}`,
);
const augmentedName = (t: string) => (t.includes("[group 16]") ? "groups of 16" : "groups of 5");
curveFigure("reward-vision-augment.svg", "Augmented rotation-upright, CNN 32-64-128, 128 per step (3 seeds, 100-step means)", full, AUGMENTED, 12000, undefined, augmentedName, { block: 100 });
curveFigure("entropy-vision-augment.svg", "Policy entropy, augmented rotation-upright (3 seeds, 100-step means)", full, AUGMENTED, 12000, undefined, augmentedName, {
  metric: ENTROPY,
  block: 100,
});
// Runs only the conv probe was measured on (their task names carry its mark); rewards do not depend on the probe.
curveFigure("reward-jigsaw-1500.svg", "Jigsaw 2×2 with 1,500 steps (mean of 3 seeds, 5-step rolling mean)", full, [`jigsaw ${VISION_PROBE_LABELS.conv}`], 1500);
// The sweep's harder settings at 500 steps (run for the conv probe only); rotation and jigsaw at 500 are in reward-vision-long.svg.
curveFigure(
  "reward-sweep-500.svg",
  "Difficulty sweep, 500 steps: GRPO reward (mean of 3 seeds, 5-step rolling mean)",
  full,
  ["rotation-45", "rotation-30", "jigsaw-3", "jigsaw-4"].map((t) => `${t} ${VISION_PROBE_LABELS.conv}`),
  500,
  undefined,
  (t) => t.replace(` ${VISION_PROBE_LABELS.conv}`, ""),
);
for (const dataset of ["cora", "citeseer"]) curveFigure(`reward-${dataset}.svg`, `GRPO reward on ${dataset} (mean of 3 seeds, 5-step rolling mean)`, graph, ["node-masking", "edge-prediction", "mix"], "min", dataset);
curveFigure("reward-graph-long.svg", "Node masking, 300 steps (mean of 3 seeds, 5-step rolling mean)", graph, ["node-masking"], 300, "cora,citeseer");
// The wide-GCN, large-batch rows: 40 steps of 256 episodes, with and without a new mask each step.
curveFigure("reward-graph-512.svg", "Node masking, one 512-wide GCN layer, 256 episodes per step (mean of 3 seeds, 5-step rolling mean)", graph, ["node-masking [GCN 512, resample 256, batch 256]", "node-masking [GCN 512, batch 256]"], 40, "cora,citeseer");
// The three graph settings at that set-up (a new mask or holdout each step), so their rewards compare.
curveFigure(
  "reward-graph-512-tasks.svg",
  "Graph tasks, GCN 512, 256 episodes per step, new views (3 seeds, 5-step mean)",
  graph,
  ["node-masking [GCN 512, resample 256, batch 256]", "edge-prediction [GCN 512, resample 256, batch 256]", "edge-prediction [GCN 512, degree negatives, resample 256, batch 256]", "mix [GCN 512, resample 256, batch 256]"],
  40,
  "cora,citeseer",
  // The legend has room for short names only; the set-up is in the title.
  (t) => t.replace(/ \[GCN 512, (degree negatives, )?resample 256, batch 256\]$/, (_, degree?: string) => (degree ? " (deg. neg.)" : "")),
);
// The linear GCN's edge prediction under validation selection: where the probe peaks while the reward still rises.
const LINEAR_EDGES = "edge-prediction [GCN 512-512 linear, all layers, resample 1024, batch 1024, lr 0.001, val-selected every 4]";
probeFigure("probe-cora-linear.svg", "Cora: probe against step, edge prediction, linear GCN 512-512 (lr 1e-3 unless marked)", graph, "cora", [
  { task: LINEAR_EDGES, steps: 80, label: "80 steps" },
  { task: LINEAR_EDGES, steps: 120, label: "120 steps" },
  { task: LINEAR_EDGES.replace("lr 0.001, val-selected every 4", "lr 0.0005, val-selected every 8"), steps: 160, label: "lr 5e-4" },
], { label: "DGI's published 82.3", value: 82.3 });
// The same setting trained by GRPO and by its cross-entropy twin (told every answer): the probe follows the same course.
probeFigure("probe-cora-twin.svg", "Cora, edge prediction, linear GCN 512-512: GRPO and its twin", graph, "cora", [
  { task: LINEAR_EDGES, steps: 80, label: "GRPO" },
  { task: LINEAR_EDGES, steps: 80, label: "twin", method: "cross-entropy" },
], { label: "DGI's published 82.3", value: 82.3 });
// The same setting on a twice wider linear GCN: it starts higher and ends where the narrow one does.
probeFigure("probe-cora-width.svg", "Cora, edge prediction, linear GCN: 512-512 and 1024-1024", graph, "cora", [
  { task: LINEAR_EDGES, steps: 80, label: "512-512" },
  { task: LINEAR_EDGES.replace("GCN 512-512", "GCN 1024-1024"), steps: 80, label: "1024-1024" },
], { label: "DGI's published 82.3", value: 82.3 });
// SGC's encoder (one linear layer, Â²XW) against the two-layer linear GCN on the same setting.
const SGC_EDGES = "edge-prediction [GCN 512 linear, 2 hops, resample 1024, batch 1024, lr 0.001, val-selected every 4]";
probeFigure("probe-cora-sgc.svg", "Cora, edge prediction: linear GCN 512-512 (both layers) and SGC's encoder (Â²XW, 512)", graph, "cora", [
  { task: LINEAR_EDGES, steps: 80, label: "512-512" },
  { task: SGC_EDGES, steps: 80, label: "SGC 512" },
], { label: "DGI's published 82.3", value: 82.3 });
// Their rewards, with the other settings of that set-up whose runs are here, and corruption detection.
const LINEAR_LABELS = new Map([
  [LINEAR_EDGES, "edges, both layers"],
  ["edge-prediction [GCN 512-512 linear, resample 1024, batch 1024, lr 0.001, val-selected every 4]", "edges, last layer"],
  ["edge-prediction [GCN 512-512 linear, all layers, resample 1024, batch 1024, val-selected every 2]", "edges, lr 3e-3"],
  ["mix [GCN 512-512 linear, all layers, resample 1024, batch 1024, lr 0.001, val-selected every 4]", "mix, both layers"],
  ["corruption [GCN 512 PReLU, resample 1024, batch 1024, val-selected every 2]", "corruption, PReLU"],
]);
curveFigure(
  "reward-graph-linear.svg",
  "Cora, 1,024 per step, linear GCN 512-512, lr 1e-3 unless marked",
  graph,
  [...LINEAR_LABELS.keys()],
  "min",
  "cora",
  (t) => LINEAR_LABELS.get(t) ?? t,
);
copySaliency(full, ["rotation", "jigsaw", "position"]);
if (figuresKept.length > 0) console.log(`figures kept as they were (some runs' metrics.jsonl are not under runs/ here): ${[...new Set(figuresKept)].join(", ")}`);

const readmePath = join(EXAMPLES, "README.md");
if (existsSync(readmePath)) {
  let readme = readFileSync(readmePath, "utf8");
  const chance = new Map([...full, ...graph].filter((r) => r.chance !== undefined).map((r) => [`${r.example}/${r.task}`, r.chance!] as const));
  for (const [name, body] of Object.entries(markdownTables(rows, chance))) readme = replaceBetween(readme, name, body);
  writeAtomic(readmePath, readme);
  console.log("examples/README.md: tables rewritten from the records");
}
