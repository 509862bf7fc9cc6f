/**
 * The graph reproduction: GRPO on node masking, edge prediction and their mix over Cora and
 * CiteSeer (no labels used in training), then a linear probe on the Planetoid public split,
 * against the random-initialised GCN; DGI and GraphMAE are quoted as published references.
 * One record per (dataset, setting, method, seed) is written atomically; a record already on
 * disk is not run again, so a stopped grid resumes where it stopped.
 *
 *   npx -y pnpm@12.4.2 --filter @ssl4rl/example-graph-cora run experiment -- --quick
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRegistry, type SampleSource } from "@ssl4rl/core";
import { fail, int, list, pick, recordSummary, runExperiment, runGrpo, type RunRecord, runTwin, writeRunRecord } from "@ssl4rl/example-results";
import { compactGraph, graphTasks, loadNamedDataset } from "@ssl4rl/graph-tasks";
import { type BackendChoice, describeBackend, type NetworkConfig, PolicyNetwork, selectBackend } from "@ssl4rl/trainers";
import { graphProbeAccuracy, graphProbeScores } from "./graph-probe.js";
import { GRAPH_SETTINGS, type GraphSetting, type TaskVariant, taskVariantParts, withTaskVariant } from "./graph-grid.js";
import { TrainingWatch } from "./training-watch.js";
import { chooseByValidation } from "./validation-selection.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const METHODS = ["grpo", "random-init", "cross-entropy"] as const;
const DATASETS = ["cora", "citeseer"] as const;

// pnpm passes the `--` that separates its own flags from the script's.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    quick: { type: "boolean", default: false },
    datasets: { type: "string", default: "cora,citeseer" },
    settings: { type: "string", default: "node-masking,edge-prediction,mix" },
    methods: { type: "string", default: "random-init,grpo" },
    seeds: { type: "string", default: "1,2,3" },
    steps: { type: "string", default: "100" },
    batch: { type: "string", default: "32" },
    lr: { type: "string", default: "0.003" },
    "data-root": { type: "string", default: join(REPO_ROOT, "..", "shared", "datasets") },
    out: { type: "string", default: join(REPO_ROOT, "runs", "examples", "graph-cora") },
    hidden: { type: "string", default: "64,64" },
    activation: { type: "string", default: "relu" },
    heads: { type: "string", default: "0" },
    hops: { type: "string", default: "1" },
    "pair-head": { type: "string", default: "mlp" },
    probe: { type: "string", default: "last" },
    candidates: { type: "string", default: "4" },
    "mask-rate": { type: "string", default: "0.5" },
    negatives: { type: "string", default: "uniform" },
    "contrast-candidates": { type: "string", default: "8" },
    "drop-edges": { type: "string", default: "0.3" },
    "drop-features": { type: "string", default: "0.3" },
    resample: { type: "string", default: "0" },
    "select-every": { type: "string", default: "0" },
    average: { type: "string", default: "0" },
    "group-size": { type: "string", default: "5" },
    backend: { type: "string", default: "wasm" },
    "checkpoint-every": { type: "string", default: "20" },
    rerun: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const quick = flags.quick;
const datasets = pick(quick ? ["cora"] : list(flags.datasets), DATASETS, "dataset");
const candidates = int(flags.candidates, "candidates");
const maskRate = Number(flags["mask-rate"]);
if (!(maskRate > 0 && maskRate <= 1)) fail(`--mask-rate must be in (0, 1], got ${flags["mask-rate"]}`);
const [negatives] = pick([flags.negatives], ["uniform", "degree"] as const, "negatives");
const [probeLayers] = pick([flags.probe], ["last", "all"] as const, "probe");
const [activation] = pick([flags.activation], ["relu", "prelu", "linear"] as const, "activation");
// 0: GCN layers; N: GAT layers with N attention heads (each layer's width split over them).
const heads = int(flags.heads, "heads");
// Multiplications by Â per GCN layer: 2 with one linear layer is SGC's encoder, Â²XW.
const hops = int(flags.hops, "hops");
if (hops < 1) fail(`--hops must be at least 1, got ${flags.hops}`);
if (hops > 1 && heads > 0) fail(`--hops applies to GCN layers only; drop it or --heads ${heads}`);
// How yes/no edge questions are answered: an MLP on the pair, or the pair's inner product alone (GAE).
const [pairHead] = pick([flags["pair-head"]], ["mlp", "inner-product"] as const, "pair-head");
// Episodes per pass over the graph source; each pass draws a new mask (node masking) or holdout
// (edge prediction), since the tasks make one view per pass seed. 0: one view for the whole run.
const resample = int(flags.resample, "resample");
// Probe every N steps and keep the step with the best validation accuracy (0: the last step).
const selectEvery = int(flags["select-every"], "select-every");
// Decay of an exponential moving average of the encoder's weights, which the probe reads instead
// of the last step's weights (0: no average, the probe reads the live encoder).
const averageDecay = Number(flags.average);
if (!(averageDecay >= 0 && averageDecay < 1)) fail(`--average must be a decay in [0, 1), got ${flags.average}`);
const groupSize = int(flags["group-size"], "group-size");
if (groupSize < 2) fail(`--group-size must be at least 2 (GRPO compares the samples of a group), got ${groupSize}`);
const contrastCandidates = int(flags["contrast-candidates"], "contrast-candidates");
if (contrastCandidates < 2 || contrastCandidates > 26) fail(`--contrast-candidates must be in 2..26 (one letter each), got ${contrastCandidates}`);
const dropRate = (flag: "drop-edges" | "drop-features"): number => {
  const value = Number(flags[flag]);
  if (!(value >= 0 && value <= 0.9)) fail(`--${flag} must be in [0, 0.9], got ${flags[flag]}`);
  return value;
};
const taskOptions: TaskVariant = { candidates, maskRate, negatives: negatives!, contrastCandidates, dropEdges: dropRate("drop-edges"), dropFeatures: dropRate("drop-features") };
const settings: GraphSetting[] = (quick ? ["node-masking"] : list(flags.settings)).map((name) => {
  const s = GRAPH_SETTINGS.get(name);
  if (!s) fail(`unknown setting ${name}; one of ${[...GRAPH_SETTINGS.keys()].join(", ")}`);
  return withTaskVariant(s, taskOptions);
});
const methods = pick(list(flags.methods), METHODS, "method");
const seeds = (quick ? ["1"] : list(flags.seeds)).map((s) => int(s, "seeds"));
const steps = quick ? 40 : int(flags.steps, "steps");
// How many steps a crash can cost: a stopped training run continues from its newest checkpoint (not with --rerun).
const checkpointEvery = quick ? 10 : int(flags["checkpoint-every"], "checkpoint-every");
if (checkpointEvery < 1) fail(`--checkpoint-every must be at least 1, got ${checkpointEvery}`);
const batchSize = int(flags.batch, "batch");
const learningRate = Number(flags.lr);
const graphHidden = list(flags.hidden).map((s) => int(s, "hidden"));
if (heads > 0) for (const width of graphHidden) if (width % heads !== 0) fail(`--hidden widths must split evenly over --heads ${heads}; ${width} does not`);
const network: NetworkConfig = {
  imageSize: 32,
  channels: [16, 32, 32],
  embedding: 64,
  headHidden: 64,
  graphHidden,
  vectorHidden: 64,
  ...(activation === "relu" ? {} : { graphActivation: activation }),
  ...(heads === 0 ? {} : { graphAttentionHeads: heads }),
  ...(hops === 1 ? {} : { graphHops: hops }),
  ...(pairHead === "mlp" ? {} : { pairHead }),
};
// A non-default encoder, probe, task or training setting is a different experiment: its rows
// carry the difference in the task name (the random-init rows only the encoder's and probe's),
// so records of different set-ups never share a table row.
const encoderParts = [
  ...(flags.hidden === "64,64" && activation === "relu" && heads === 0
    ? []
    : [`${heads === 0 ? "GCN" : "GAT"} ${graphHidden.join("-")}${activation === "prelu" ? " PReLU" : activation === "linear" ? " linear" : ""}`]),
  ...(heads === 0 ? [] : [`${heads} heads`]),
  ...(hops === 1 ? [] : [`${hops} hops`]),
  ...(probeLayers === "all" ? ["all layers"] : []),
];
const trainingParts = (setting: GraphSetting, method: string) => [
  ...taskVariantParts(taskOptions, setting),
  ...(pairHead === "mlp" || !setting.tasks.some((t) => t.id === "graph/edge-prediction" && t.options.form !== "choice") ? [] : [`${pairHead} head`]),
  ...(resample === 0 ? [] : [`resample ${resample}`]),
  ...(batchSize === 32 ? [] : [`batch ${batchSize}`]),
  ...(flags.lr === "0.003" ? [] : [`lr ${flags.lr}`]),
  ...(groupSize === 5 || method !== "grpo" ? [] : [`group ${groupSize}`]),
  ...(averageDecay === 0 ? [] : [`average ${flags.average}`]),
  ...(selectEvery === 0 ? [] : [`val-selected every ${selectEvery}`]),
];
const bracket = (parts: readonly string[]) => (parts.length === 0 ? "" : ` [${parts.join(", ")}]`);
const slug = (parts: readonly string[]) => parts.map((p) => `-${p.toLowerCase().replace(/^all layers$/, "all").replace(/[^a-z0-9.-]/g, "")}`).join("");
const registry = createRegistry([graphTasks()]);

function commandFor(dataset: string, setting: string, method: string): string {
  const base = "npx -y pnpm@12.4.2 --filter @ssl4rl/example-graph-cora run experiment --";
  const extra = [
    ...(flags.hidden === "64,64" ? [] : [`--hidden ${flags.hidden}`]),
    ...(activation === "relu" ? [] : [`--activation ${activation}`]),
    ...(heads === 0 ? [] : [`--heads ${heads}`]),
    ...(hops === 1 ? [] : [`--hops ${hops}`]),
    ...(pairHead === "mlp" ? [] : [`--pair-head ${pairHead}`]),
    ...(probeLayers === "last" ? [] : [`--probe ${probeLayers}`]),
    ...(candidates === 4 ? [] : [`--candidates ${candidates}`]),
    ...(maskRate === 0.5 ? [] : [`--mask-rate ${maskRate}`]),
    ...(negatives === "uniform" ? [] : [`--negatives ${negatives}`]),
    ...(contrastCandidates === 8 ? [] : [`--contrast-candidates ${contrastCandidates}`]),
    ...(taskOptions.dropEdges === 0.3 ? [] : [`--drop-edges ${taskOptions.dropEdges}`]),
    ...(taskOptions.dropFeatures === 0.3 ? [] : [`--drop-features ${taskOptions.dropFeatures}`]),
    ...(resample === 0 ? [] : [`--resample ${resample}`]),
    ...(groupSize === 5 || method !== "grpo" ? [] : [`--group-size ${groupSize}`]),
    ...(selectEvery === 0 || method === "random-init" ? [] : [`--select-every ${selectEvery}`]),
    ...(averageDecay === 0 || method === "random-init" ? [] : [`--average ${flags.average}`]),
    // The backend changes the floating-point results, so a run on another than the default names it.
    ...(flags.backend === "wasm" ? [] : [`--backend ${flags.backend}`]),
  ];
  const flagsText = extra.map((e) => ` ${e}`).join("");
  if (quick) return `${base} --quick --methods ${method}${flagsText}`;
  return `${base} --datasets ${dataset} --settings ${setting} --methods ${method} --seeds ${seeds.join(",")} --steps ${steps} --batch ${batchSize} --lr ${flags.lr}${flagsText}`;
}

async function main(): Promise<void> {
  const missing = datasets.map((d) => join(flags["data-root"], d)).filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    console.log(`skipped: dataset folder ${missing.join(", ")} not found (see ../shared/datasets/README.md)`);
    return;
  }
  const selection = await selectBackend(flags.backend as BackendChoice);
  const backend = `${selection.name} (${selection.provider})`;
  console.log(describeBackend(selection));
  const recordsDir = join(flags.out, "records");

  for (const name of datasets) {
    const dataset = loadNamedDataset(name, join(flags["data-root"], name));
    const graph = compactGraph(dataset);
    // One loaded graph serves every pass: each pass of a graph task draws from the same graph,
    // forever, or `resample` episodes long so that the next pass (a new seed) corrupts it anew.
    const source: SampleSource = {
      description: dataset.origin,
      async *samples() {
        for (let i = 0; resample === 0 || i < resample; i++) yield dataset;
      },
    };
    for (const setting of settings) {
      for (const method of methods) {
        if (method === "random-init" && setting !== settings[0]) continue; // one baseline per dataset
        for (const seed of seeds) {
          const runSteps = method === "random-init" ? 0 : steps;
          const parts = method === "random-init" ? encoderParts : [...encoderParts, ...trainingParts(setting, method)];
          const task = `${method === "random-init" ? "random-init" : setting.name}${bracket(parts)}`;
          const runName = `${name}-${method === "random-init" ? "random-init" : setting.name}${slug(parts)}-${method}-s${seed}-n${runSteps}`;
          if (!flags.rerun && existsSync(join(recordsDir, `${runName}.json`))) {
            console.log(`${runName}: record exists, not run again (--rerun to force)`);
            continue;
          }
          const t0 = performance.now();
          const runDir = join(flags.out, runName);
          let trained: PolicyNetwork;
          let finalReward: number | undefined;
          let firstReward: number | undefined;
          // The probe curve (model selection), the weight average and the wall time: saved in every
          // checkpoint, so a stopped run continues with them (not with --rerun).
          const watch = new TrainingWatch({
            averageDecay,
            selectEvery,
            steps,
            probe: (net) => graphProbeScores(net, dataset, probeLayers, graph),
            onProbe: (point) => {
              if (flags.verbose) console.log(`${runName} step ${point.step}: probe ${point.valAccuracy.toFixed(1)}% val, ${point.testAccuracy.toFixed(1)}% test`);
            },
          });
          let resumedAfter = 0;
          if (method === "grpo") {
            const outcome = await runGrpo({
              trainer: { registry, runDir, resume: !flags.rerun, companion: watch, openSource: async () => source },
              checkpointEvery,
              setting,
              steps,
              batchSize,
              seed,
              backend: flags.backend,
              network,
              learningRate,
              ...(groupSize === 5 ? {} : { groupSize }),
              saliencyEpisodes: 0,
              label: runName,
            });
            ({ finalReward, firstReward, resumedAfter } = outcome);
            trained = outcome.network;
          } else if (method === "cross-entropy") {
            // The supervised twin: same network and seed, same episode streams, batch, steps,
            // learning rate and gradient clip, told every answer.
            const twin = await runTwin({
              registry,
              setting,
              steps,
              batchSize,
              learningRate,
              seed,
              network,
              openSource: async () => source,
              runDir,
              checkpointEvery,
              resume: !flags.rerun,
              companion: watch,
              label: runName,
            });
            trained = twin.network;
            resumedAfter = twin.resumedAfter;
          } else {
            trained = new PolicyNetwork(network, seed);
          }
          if (resumedAfter > 0) console.log(`${runName}: continued a stopped run from its step-${resumedAfter} checkpoint`);
          const curve = watch.curve;
          const chosen = curve.length > 0 ? chooseByValidation(curve) : undefined;
          const accuracy = chosen ? chosen.testAccuracy : watch.read(trained, () => graphProbeAccuracy(trained, dataset, probeLayers, graph));
          watch.dispose();
          if (chosen) console.log(`${runName}: step ${chosen.step} chosen by validation (${chosen.valAccuracy.toFixed(1)}% val) of ${curve.map((p) => `${p.step}:${p.valAccuracy.toFixed(1)}`).join(" ")}`);
          trained.dispose();
          const wallSeconds = method === "random-init" ? (performance.now() - t0) / 1000 : watch.seconds;
          const record: RunRecord = {
            example: "graph-cora",
            dataset: name,
            task,
            method,
            seed,
            steps: runSteps,
            batchSize: method === "random-init" ? 0 : batchSize,
            episodesSeen: method === "random-init" ? 0 : steps * batchSize,
            probeAccuracy: accuracy,
            ...(finalReward !== undefined ? { finalReward, firstReward: firstReward!, chance: setting.chance } : {}),
            wallSeconds,
            backend,
            command: commandFor(name, method === "random-init" ? settings[0]!.name : setting.name, method),
            ...(chosen ? { selection: { every: selectEvery, step: chosen.step, valAccuracy: chosen.valAccuracy, curve: [...curve] } } : {}),
            ...(method === "grpo" ? { runDir: runDir.startsWith(REPO_ROOT) ? runDir.slice(REPO_ROOT.length + 1) : runDir } : {}),
            notes: `Planetoid public split ${dataset.split?.train.length}/${dataset.split?.val.length}/${dataset.split?.test.length}; probe reads ${probeLayers === "all" ? "every GCN layer, concatenated" : "the last GCN layer"}${averageDecay === 0 ? "" : ` of the encoder's weight average (decay ${averageDecay})`}${chosen ? `; test accuracy at step ${chosen.step} of ${steps}, chosen by validation accuracy among steps probed every ${selectEvery}` : ""}`,
          };
          await writeRunRecord(recordsDir, runName, record);
          console.log(recordSummary(runName, record));
        }
      }
    }
  }
}

await runExperiment(main);
