import type { ResultRow } from "./summary-rows.js";
import { VISION_PROBE_LABELS } from "./vision-probe-labels.js";

const VISION_TASKS = ["rotation", "jigsaw", "contrastive", "position", "masked-patch", "mix"];
/**
 * Listed where they were run: the shortcut-free forms of position and contrastive, rotation with
 * its original hidden (alone, with all four turns of an image in one batch, and mixed with
 * jigsaw), and the supervised class-label reference.
 */
const VISION_VARIANTS = ["position-augment", "contrastive-strong", "rotation-upright", "rotation-upright-augment", "rotation-upright-all-turns", "upright-jigsaw", "class-labels"];
const SWEEP_TASKS = ["rotation", "rotation-45", "rotation-30", "jigsaw", "jigsaw-3", "jigsaw-4"];
const GRAPH_TASKS = ["node-masking", "edge-prediction", "mix"];

/** The encoder part of a graph variant's task name (`node-masking [GCN 512, batch 256]` → `GCN 512`). */
const encoderOf = (task: string) =>
  (task.match(/\[(.*)\]/)?.[1] ?? "")
    .split(", ")
    .filter((p) => p.startsWith("GCN ") || p === "all layers" || / hops$/.test(p))
    .join(", ");

/** Training parts of a vision task's name that the tables list as variants (see the vision example's run names). */
const TRAINING_PART = /^(lr [\d.e-]+|(cosine|linear) lr|batch \d+|match head|group \d+|entropy [\d.e-]+)$/;
/** Of those, the ones that name GRPO runs only (the twin does not sample): a GRPO row with them is set against the twin without them. */
const GRPO_ONLY = /^(group \d+|entropy [\d.e-]+)$/;

/**
 * A vision task name without its probe label split into its CNN and its training parts
 * (`rotation-upright [CNN 32-64-128] [group 16]` → CNN `32-64-128`, training `["group 16"]`);
 * undefined for a name with another part (another probe set, other training images), which
 * the tables do not list.
 */
function visionVariant(task: string): { cnn: string; training: string[] } | undefined {
  const parts = [...task.matchAll(/ \[([^\]]+)\]/g)].map((m) => m[1]!);
  const cnn = parts.find((p) => p.startsWith("CNN "))?.slice(4) ?? "";
  const training = parts.filter((p) => !p.startsWith("CNN "));
  return training.every((p) => TRAINING_PART.test(p)) ? { cnn, training } : undefined;
}

/** A GRPO variant's parts its twin shares (`group 16] [lr 0.002` → `["lr 0.002"]`): the twin does not sample. */
const twinParts = (variant: string) => (variant === "" ? [] : variant.split("] [").filter((p) => !GRPO_ONLY.test(p)));

/** The batch a vision run's name gives (`[batch 128]`), else the example's default of 32. */
const batchOf = (task: string) => Number(task.match(/\[batch (\d+)\]/)?.[1] ?? 32);

type Find = (filter: Partial<Pick<ResultRow, "example" | "dataset" | "task" | "method" | "metric" | "steps">>) => ResultRow | undefined;

/** The step budgets a task was trained with (one table row each), smallest first. */
function budgets(rows: readonly ResultRow[], example: string, task: string): number[] {
  return [...new Set(rows.filter((r) => r.example === example && r.task === task && r.method !== "random-init").map((r) => r.steps))].sort((a, b) => a - b);
}

function finder(rows: readonly ResultRow[]): Find {
  return (filter) => rows.find((r) => Object.entries(filter).every(([k, v]) => r[k as keyof ResultRow] === v));
}

// Groups with other than 3 seeds say how many, so a partial grid is never read as a full one.
const pm = (row: ResultRow | undefined, digits: number) =>
  row ? `${row.mean.toFixed(digits)} ± ${row.std.toFixed(digits)}${row.seeds.length === 3 ? "" : ` (n=${row.seeds.length})`}` : "not run";
const delta = (a: ResultRow | undefined, b: ResultRow | undefined) => (a && b ? `${a.mean - b.mean >= 0 ? "+" : ""}${(a.mean - b.mean).toFixed(1)}` : "–");
const wall = (row: ResultRow | undefined) => (row ? (row.wall_s < 10 ? row.wall_s.toFixed(1) : `${Math.round(row.wall_s)}`) : "–");
const chanceText = (chance: number | undefined) => (chance === undefined ? "" : ` (chance ${chance.toFixed(3)})`);

/**
 * The README's tables, by marker name (`vision` and `sweep` on the conv probe, `vision-embedding`
 * on the 64-d embedding probe, `graph`), built only from result
 * rows; `chance` gives each task's random-answer reward for the reward columns.
 */
export function markdownTables(rows: readonly ResultRow[], chance: ReadonlyMap<string, number>): Record<string, string> {
  const find = finder(rows);
  const probe = "linear-probe-accuracy";
  const reward = "final-reward";

  // One vision table per probe (see VISION_PROBE_LABELS): rows of one probe only, its own random init.
  const withProbe = (task: string, label: string) => (label === "" ? task : `${task} ${label}`);
  const withCnn = (task: string, cnn: string) => (cnn === "" ? task : `${task} [CNN ${cnn}]`);
  // Another CNN than the default (`jigsaw [CNN 32-64-64] [conv probe]`, or with its normalisation
  // `[CNN 32-64-128, group norm]`) is its own block with its own random init.
  const cnnVariants = (label: string) => [
    ...new Set(
      rows
        .filter((r) => r.example === "vision-cifar10" && (label === "" ? /\[CNN [^\]]+\]$/.test(r.task) : r.task.endsWith(` ${label}`)))
        .map((r) => r.task.match(/\[CNN ([^\]]+)\]/)?.[1])
        .filter((c): c is string => c !== undefined),
    ),
  ];
  // Training variants that leave the encoder's initial weights alone (`jigsaw [lr 0.003] [conv probe]`,
  // `[batch 64]`, `[match head]`, `[group 16]`, `[entropy 0.2]`, or several: `[group 16] [entropy 0.2]`):
  // listed after their CNN's block, against that CNN's random init.
  // A variant run by the twin alone whose GRPO runs add GRPO-only parts (`[lr 0.002] [batch 128]`
  // beside `[lr 0.002] [batch 128] [entropy 0.5]`) is shown as their twin, not as a block of its own.
  const trainingVariants = (label: string, cnn: string) => {
    const ofMethod = (grpo: boolean) =>
      new Set(
        rows
          .filter((r) => r.example === "vision-cifar10" && r.method !== "random-init" && (r.method === "grpo") === grpo && (label === "" ? !r.task.includes("probe]") : r.task.endsWith(` ${label}`)))
          .map((r) => visionVariant(label === "" ? r.task : r.task.slice(0, -label.length - 1)))
          .filter((v) => v !== undefined && v.cnn === cnn && v.training.length > 0)
          .map((v) => v!.training.join("] [")),
      );
    const grpo = ofMethod(true);
    const twinsOfGrpo = new Set([...grpo].map((v) => twinParts(v).join("] [")));
    const twinOnly = [...ofMethod(false)].filter((v) => !grpo.has(v) && !twinsOfGrpo.has(v));
    return [...grpo, ...twinOnly].sort();
  };
  const visionBlock = (label: string, cnn: string, variant = "", onlyRun = false) => {
    const vRandom = find({ example: "vision-cifar10", task: withProbe(withCnn("random-init", cnn), label), method: "random-init", metric: probe });
    const suffix = `${cnn === "" ? "" : ` [CNN ${cnn}]`}${variant === "" ? "" : ` [${variant}]`}`;
    return [
      ...(variant === "" ? [`| random-init encoder${suffix} | ${pm(vRandom, 1)} | – | – | – | – | – | 0 | ${wall(vRandom)} |`] : []),
      ...[...VISION_TASKS, ...VISION_VARIANTS].flatMap((base) => {
        const task = withProbe(`${withCnn(base, cnn)}${variant === "" ? "" : ` [${variant}]`}`, label);
        const found = budgets(rows, "vision-cifar10", task);
        // The default CNN lists every task (a task not run says so); a CNN or task variant lists what it ran.
        return (found.length > 0 ? found : !onlyRun && cnn === "" && variant === "" && VISION_TASKS.includes(base) ? [undefined] : []).map((steps) => {
          const g = find({ example: "vision-cifar10", task, method: "grpo", metric: probe, ...(steps !== undefined ? { steps } : {}) });
          // GRPO's group size and entropy bonus name GRPO runs only: such a row's twin is the one trained without them.
          const twinTraining = twinParts(variant);
          const twinTask = withProbe(`${withCnn(base, cnn)}${twinTraining.map((p) => ` [${p}]`).join("")}`, label);
          const c = find({ example: "vision-cifar10", task: twinTask, method: "cross-entropy", metric: probe, ...(steps !== undefined ? { steps } : {}) });
          const r = find({ example: "vision-cifar10", task, method: "grpo", metric: reward, ...(steps !== undefined ? { steps } : {}) });
          return `| ${base}${suffix} | ${pm(g, 1)} | ${delta(g, vRandom)} | ${pm(c, 1)} | ${delta(g, c)} | ${delta(c, vRandom)} | ${pm(r, 3)}${chanceText(chance.get(`vision-cifar10/${task}`))} | ${steps !== undefined ? `${steps} × ${batchOf(task)}` : "–"} | ${wall(g)}, ${wall(c)} |`;
        });
      }),
    ];
  };
  // onlyRun: a table of what was run only (another probe set), without the default CNN's unrun tasks.
  const visionTable = (label: string, onlyRun = false) =>
    [
      "| setting | GRPO probe acc. % | GRPO − random init | cross-entropy twin probe acc. % | GRPO − twin | twin − random init | GRPO final reward | steps × batch | wall s / run (GRPO, twin) |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...["", ...cnnVariants(label)]
        .filter((cnn) => !onlyRun || cnn !== "" || rows.some((r) => r.example === "vision-cifar10" && r.task.endsWith(` ${label}`) && !r.task.includes("[CNN ")))
        .flatMap((cnn) => [visionBlock(label, cnn, "", onlyRun), ...trainingVariants(label, cnn).map((variant) => visionBlock(label, cnn, variant, onlyRun))].flat()),
    ].join("\n");
  const vision = visionTable(VISION_PROBE_LABELS.conv);
  const visionEmbedding = visionTable(VISION_PROBE_LABELS.embedding);
  // Other probe sets (`[probe 10000/1000/5000] [tensor fit] [conv probe]`): one table each, named by its probe set.
  const probeSets = [
    ...new Set(
      rows
        .filter((r) => r.example === "vision-cifar10")
        .map((r) => r.task.match(/ (\[probe \d+\/\d+\/\d+\](?: \[tensor fit\])?(?: \[conv probe\])?)$/)?.[1])
        .filter((l): l is string => l !== undefined),
    ),
  ].sort();
  const visionProbeSets = probeSets
    .map((label) => {
      const [train, val, test] = label.match(/probe (\d+)\/(\d+)\/(\d+)/)!.slice(1).map(Number) as [number, number, number];
      const what = `${label.includes("[conv probe]") ? "conv probe" : "embedding probe"} on ${train.toLocaleString("en-US")} / ${val.toLocaleString("en-US")} / ${test.toLocaleString("en-US")} images (train / val / test)${label.includes("[tensor fit]") ? ", fitted with the tensor objective" : ""}`;
      return `**${what}** (rows \`${label}\`):\n\n${visionTable(label, true)}`;
    })
    .join("\n\n");

  // The sweep shows both probes side by side, each against its own random init (never averaged together).
  const sweepProbes = [VISION_PROBE_LABELS.conv, VISION_PROBE_LABELS.embedding].map((label) => ({
    label,
    random: find({ example: "vision-cifar10", task: withProbe("random-init", label), method: "random-init", metric: probe }),
  }));
  // The sweep's budgets are those its harder settings were run with (rotation and jigsaw have longer runs of their own,
  // listed in the vision table); with none of those, the smallest budget of any sweep setting.
  const sweepBudgetsOf = (tasks: readonly string[]) =>
    [...new Set(tasks.flatMap((base) => sweepProbes.flatMap(({ label }) => budgets(rows, "vision-cifar10", withProbe(base, label)))))].sort((a, b) => a - b);
  const harderBudgets = sweepBudgetsOf(SWEEP_TASKS.filter((base) => base !== "rotation" && base !== "jigsaw"));
  const sweepBudgets = harderBudgets.length > 0 ? harderBudgets : sweepBudgetsOf(SWEEP_TASKS).slice(0, 1);
  const sweep = [
    "| setting | chance | GRPO final reward | conv probe acc. % | − random init | embedding probe acc. % | − random init | steps × batch | wall s / run |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    // One block per budget the sweep was run with (the harder settings set them): equal budgets side by side.
    ...sweepBudgets.flatMap((steps) =>
      SWEEP_TASKS.filter((base) => sweepProbes.some(({ label }) => budgets(rows, "vision-cifar10", withProbe(base, label)).includes(steps))).map((base) => {
        const cells = sweepProbes.map(({ label, random }) => {
          const g = find({ example: "vision-cifar10", task: withProbe(base, label), method: "grpo", metric: probe, steps });
          return { g, text: `${pm(g, 1)} | ${delta(g, random)}` };
        });
        const r = find({ example: "vision-cifar10", task: base, method: "grpo", metric: reward, steps }) ?? find({ example: "vision-cifar10", task: withProbe(base, VISION_PROBE_LABELS.conv), method: "grpo", metric: reward, steps });
        const c = chance.get(`vision-cifar10/${base}`) ?? chance.get(`vision-cifar10/${withProbe(base, VISION_PROBE_LABELS.conv)}`);
        const g = cells[1]!.g ?? cells[0]!.g;
        return `| ${base} | ${c === undefined ? "–" : c.toFixed(3)} | ${pm(r, 3)} | ${cells[0]!.text} | ${cells[1]!.text} | ${steps} × 32 | ${wall(g)} |`;
      }),
    ),
  ].join("\n");

  const graphRow = (label: string, filter: Partial<ResultRow>, withReward: boolean) => {
    const cells = ["cora", "citeseer"].map((dataset) => find({ example: "graph-cora", dataset, metric: probe, ...filter }));
    const rewards = ["cora", "citeseer"].map((dataset) => (withReward ? find({ example: "graph-cora", dataset, metric: reward, ...filter }) : undefined));
    const task = filter.task ?? "";
    const rewardCell = (i: number) => (withReward ? `${pm(rewards[i], 3)}${chanceText(chance.get(`graph-cora/${task}`))}` : "–");
    const ref = filter.method === "reference";
    const accuracy = (row: ResultRow | undefined) => (ref ? (row ? row.mean.toFixed(1) : "–") : pm(row, 1));
    return `| ${label} | ${accuracy(cells[0])} | ${accuracy(cells[1])} | ${rewardCell(0)} | ${rewardCell(1)} | ${cells[0] && !ref ? cells[0].steps : "–"} | ${ref ? "–" : `${wall(cells[0])}, ${wall(cells[1])}`} |`;
  };
  const graph = [
    "| method | Cora probe acc. % | CiteSeer probe acc. % | Cora final reward | CiteSeer final reward | steps | wall s / run (Cora, CiteSeer) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    graphRow("random-init GCN", { method: "random-init", task: "random-init" }, false),
    ...GRAPH_TASKS.flatMap((task) => {
      const found = budgets(rows, "graph-cora", task);
      return found.length > 0 ? found.map((steps) => graphRow(`GRPO ${task}${found.length > 1 ? `, ${steps} steps` : ""}`, { method: "grpo", task, steps }, true)) : [graphRow(`GRPO ${task}`, { method: "grpo", task }, true)];
    }),
    // Variants (another GCN width, say) carry their difference in the task name; listed as found.
    // Each encoder variant (GCN width, probe) is one block: its random-init row, then its GRPO rows.
    ...[...new Set(rows.filter((r) => r.example === "graph-cora" && r.method !== "reference" && !["random-init", ...GRAPH_TASKS].includes(r.task)).map((r) => `${r.method}|${r.task}|${r.steps}`))]
      .map((key, order) => ({ key, order, encoder: encoderOf(key.split("|")[1]!), baseline: key.startsWith("random-init") }))
      .sort((a, b) => a.encoder.localeCompare(b.encoder) || Number(b.baseline) - Number(a.baseline) || a.order - b.order)
      .map(({ key }) => {
      const [method, task, steps] = key.split("|") as [ResultRow["method"], string, string];
      const label =
        method === "grpo" ? `GRPO ${task}, ${steps} steps`
        : method === "cross-entropy" ? `cross-entropy twin ${task}, ${steps} steps`
        : task.replace("random-init", task.includes("[GAT ") ? "random-init GAT" : "random-init GCN");
      return graphRow(label, { method, task, steps: Number(steps) }, method === "grpo");
    }),
    graphRow("DGI (published)", { method: "reference", task: "DGI" }, false),
    graphRow("GraphMAE (published)", { method: "reference", task: "GraphMAE" }, false),
  ].join("\n");

  return { vision, "vision-embedding": visionEmbedding, "vision-probe-sets": visionProbeSets, sweep, graph };
}
