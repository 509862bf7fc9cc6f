/**
 * The vision reproduction: GRPO on each vision pretext task (and their mix) over CIFAR-10
 * training images without their labels, then a linear probe on CIFAR-10 labels, against the
 * random-initialised encoder and the cross-entropy twin. One record per (setting, method,
 * seed) is written atomically; a record already on disk is not run again, and a training run
 * (GRPO or twin) checkpoints every `--checkpoint-every` steps and continues from its newest
 * checkpoint when the grid is started again, so a stopped grid resumes where it stopped.
 *
 *   npx -y pnpm@12.4.2 --filter @ssl4rl/example-vision-cifar10 run experiment -- --quick
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRegistry, type Modality, repeatSamples, SkipCounter } from "@ssl4rl/core";
import { fail, int, list, pick, recordSummary, runExperiment, runGrpo, type RunRecord, runTwin, writeRunRecord } from "@ssl4rl/example-results";
import { type BackendChoice, describeBackend, type NetworkConfig, PolicyNetwork, selectBackend } from "@ssl4rl/trainers";
import { resolveVisionSettings, visionTasks } from "@ssl4rl/vision-tasks";
import { cifarSample, unpackCifar } from "./cifar-location.js";
import { classLabelPlugin } from "./class-label-task.js";
import { readFinishedGrpoRun } from "./finished-grpo-run.js";
import { readFinishedTwinRun, saveTwinRun, twinSecondsBefore } from "./finished-twin-run.js";
import { cifarProbeImages, PROBE_FEATURES, PROBE_OBJECTIVES, type ProbeImages, probeAccuracy, sampleProbeImages } from "./probe-images.js";
import { type VisionSetup, visionRunNames } from "./run-names.js";
import { VISION_SETTINGS, type VisionSetting } from "./vision-grid.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const METHODS = ["grpo", "cross-entropy", "random-init"] as const;
type ExperimentMethod = (typeof METHODS)[number];

// pnpm passes the `--` that separates its own flags from the script's.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    quick: { type: "boolean", default: false },
    settings: { type: "string", default: "rotation,jigsaw,contrastive,position,masked-patch,mix" },
    methods: { type: "string", default: "grpo,cross-entropy,random-init" },
    seeds: { type: "string", default: "1,2,3" },
    steps: { type: "string", default: "120" },
    batch: { type: "string", default: "32" },
    "group-size": { type: "string", default: "5" },
    entropy: { type: "string", default: "0" },
    lr: { type: "string", default: "0.001" },
    "lr-schedule": { type: "string", default: "constant" },
    probe: { type: "string", default: "2000,500,1000" },
    "probe-objective": { type: "string", default: "loops" },
    features: { type: "string", default: "embedding" },
    channels: { type: "string", default: "16,32,32" },
    "pair-head": { type: "string", default: "concat" },
    "image-norm": { type: "string", default: "none" },
    datasets: { type: "string", default: join(REPO_ROOT, "..", "shared", "datasets") },
    "train-images": { type: "string" },
    out: { type: "string", default: join(REPO_ROOT, "runs", "examples", "vision-cifar10") },
    backend: { type: "string", default: "wasm" },
    "checkpoint-every": { type: "string", default: "500" },
    rerun: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const quick = flags.quick;
const settingNames = quick ? ["rotation"] : list(flags.settings);
const settings: VisionSetting[] = settingNames.map((name) => {
  const s = VISION_SETTINGS.get(name);
  if (!s) fail(`unknown setting ${name}; one of ${[...VISION_SETTINGS.keys()].join(", ")}`);
  return s;
});
const methods: ExperimentMethod[] = pick(list(flags.methods), METHODS, "method");
const seeds = (quick ? ["1"] : list(flags.seeds)).map((s) => int(s, "seeds"));
// --quick: the 100-image sample, one seed, a higher learning rate so 60 steps show learning.
const steps = quick ? 60 : int(flags.steps, "steps");
const batchSize = quick ? 32 : int(flags.batch, "batch");
// How many steps a crash can cost: a stopped training run continues from its newest checkpoint (not with --rerun).
const checkpointEvery = quick ? 20 : int(flags["checkpoint-every"], "checkpoint-every");
if (checkpointEvery < 1) fail(`--checkpoint-every must be at least 1, got ${checkpointEvery}`);
const learningRate = quick ? 0.003 : Number(flags.lr);
// The rate's course over the steps: constant (the tables'), or decaying from --lr to 0 at the last step.
const [lrSchedule] = quick ? (["constant"] as const) : pick([flags["lr-schedule"]], ["constant", "cosine", "linear"] as const, "lr-schedule");
const schedule = lrSchedule === "constant" ? undefined : { kind: lrSchedule!, finalFraction: 0 };
// GRPO's samples per episode (the paper's 5); only GRPO runs are named by it, the twin and random init are the same for any.
const groupSize = quick ? 5 : int(flags["group-size"], "group-size");
if (groupSize < 2) fail(`--group-size must be at least 2 (GRPO compares the samples of a group), got ${groupSize}`);
// The entropy bonus of GRPO's loss (the trainer's default 0); like the group size it names GRPO runs only.
const entropy = quick ? 0 : Number(flags.entropy);
if (!Number.isFinite(entropy) || entropy < 0) fail(`--entropy must be a number of at least 0 (the weight of the entropy bonus), got ${flags.entropy}`);
const [probeTrain, probeVal, probeTest] = list(flags.probe).map((s) => int(s, "probe"));
const features = pick([flags.features], PROBE_FEATURES, "features")[0]!;
const probeObjective = pick([flags["probe-objective"]], PROBE_OBJECTIVES, "probe-objective")[0]!;
const channels = list(flags.channels).map((s) => int(s, "channels"));
if (channels.length === 0) fail("--channels needs at least one width, e.g. 16,32,32");
// How two-image questions are answered: both embeddings side by side, or with their product and difference too.
const [pairHead] = pick([flags["pair-head"]], ["concat", "match"] as const, "pair-head");
// Group normalisation in the CNN's blocks, or none (the tables' CNN).
const [imageNorm] = pick([flags["image-norm"]], ["none", "group"] as const, "image-norm");
const network: NetworkConfig = {
  imageSize: 32,
  channels,
  embedding: 64,
  headHidden: 64,
  graphHidden: [64, 64],
  vectorHidden: 64,
  ...(pairHead === "match" ? { imagePairHead: "match" } : {}),
  ...(imageNorm === "group" ? { imageNorm: "group" } : {}),
};
const defaultChannels = channels.join(",") === "16,32,32";
const trainImages = quick ? undefined : flags["train-images"];
// What sets these runs apart from the tables' set-up: part of every run's names (see run-names.ts).
const setup: VisionSetup = {
  channels,
  ...(imageNorm === "group" ? { imageNorm } : {}),
  pairHead: pairHead!,
  learningRate: flags.lr,
  ...(lrSchedule === "constant" ? {} : { lrSchedule }),
  batchSize,
  groupSize,
  ...(entropy === 0 ? {} : { entropy: flags.entropy }),
  ...(trainImages === undefined ? {} : { trainImages }),
  probe: [probeTrain!, probeVal!, probeTest!],
  ...(probeObjective === "loops" ? {} : { probeObjective }),
  features,
  quick,
};

const cifarDir = join(flags.datasets, "cifar10-jpeg");
const visionOptions = { tensorSize: 32, promptImages: false } as const;
// The class-label task is the supervised reference (setting `class-labels`): it reads the labels every pretext task ignores.
const registry = createRegistry([visionTasks(visionOptions), classLabelPlugin(resolveVisionSettings(visionOptions))]);

/** The command that reproduces one group of records (all its seeds). */
function commandFor(setting: string, method: ExperimentMethod): string {
  const base = "npx -y pnpm@12.4.2 --filter @ssl4rl/example-vision-cifar10 run experiment --";
  const probeFlag =
    (features === "embedding" ? "" : ` --features ${features}`) +
    (defaultChannels ? "" : ` --channels ${channels.join(",")}`) +
    (imageNorm === "none" ? "" : ` --image-norm ${imageNorm}`) +
    (pairHead === "concat" ? "" : ` --pair-head ${pairHead}`) +
    (probeObjective === "loops" ? "" : ` --probe-objective ${probeObjective}`) +
    (trainImages ? ` --train-images ${trainImages}` : "") +
    (lrSchedule === "constant" ? "" : ` --lr-schedule ${lrSchedule}`) +
    (groupSize === 5 || method !== "grpo" ? "" : ` --group-size ${groupSize}`) +
    (entropy === 0 || method !== "grpo" ? "" : ` --entropy ${flags.entropy}`) +
    // The backend changes the floating-point results, so a run on another than the default names it.
    (flags.backend === "wasm" ? "" : ` --backend ${flags.backend}`);
  if (quick) return `${base} --quick --methods ${method}${probeFlag}`;
  return `${base} --settings ${setting} --methods ${method} --seeds ${seeds.join(",")} --steps ${steps} --batch ${batchSize} --lr ${flags.lr} --probe ${flags.probe}${probeFlag}`;
}

async function main(): Promise<void> {
  let trainSpec: string;
  let probeImages: () => Promise<ProbeImages>;
  let dataset: string;
  if (quick) {
    const sample = cifarSample(cifarDir);
    if (typeof sample !== "string") {
      console.log(`skipped: ${sample.missing}`);
      return;
    }
    trainSpec = `folder:${sample}?shuffle=1`;
    probeImages = () => sampleProbeImages(registry, sample, network.imageSize);
    dataset = "cifar10-sample";
  } else {
    const folders = unpackCifar(cifarDir, join(REPO_ROOT, ".cache", "cifar10"));
    if ("missing" in folders) {
      console.log(`skipped: ${folders.missing}`);
      return;
    }
    // Labels are in the folder names but no pretext task reads them: training is label-free
    // (except for the class-labels setting, the supervised reference, which exists to read them).
    trainSpec = `folder:${flags["train-images"] ?? folders.train}?shuffle=1`;
    probeImages = () => cifarProbeImages(registry, folders, { train: probeTrain!, val: probeVal!, test: probeTest! }, network.imageSize);
    dataset = "cifar10";
  }

  const selection = await selectBackend(flags.backend as BackendChoice);
  const backend = `${selection.name} (${selection.provider})`;
  console.log(describeBackend(selection));
  const started = performance.now();
  const probe = await probeImages();
  console.log(`${probe.description} (${((performance.now() - started) / 1000).toFixed(1)} s to decode)`);
  const recordsDir = join(flags.out, "records");
  // One pass over the training images (a new shuffle per pass seed), each image fed `repeat` times in a row when the setting asks.
  const trainingSource = async (setting: VisionSetting, modality: Modality, seed: number | string) => {
    const source = await registry.openSource(trainSpec, modality, { seed, skips: new SkipCounter() });
    return setting.repeat === undefined ? source : repeatSamples(source, setting.repeat);
  };

  for (const setting of settings) {
    for (const method of methods) {
      for (const seed of seeds) {
        const runSteps = method === "random-init" ? 0 : steps;
        const { runDir: base, record: name, task } = visionRunNames(setup, dataset, setting.name, method, seed, runSteps);
        if (method === "random-init" && setting !== settings[0]) continue; // one baseline serves every setting
        if (!flags.rerun && existsSync(join(recordsDir, `${name}.json`))) {
          console.log(`${name}: record exists, not run again (--rerun to force)`);
          continue;
        }
        const t0 = performance.now();
        // One training run (GRPO or twin) serves every probe: the run folder is named without the probe.
        const runDir = join(flags.out, base);
        let trained: PolicyNetwork;
        let finalReward: number | undefined;
        let firstReward: number | undefined;
        let reusedSeconds = 0;
        const finished = method === "grpo" && !flags.rerun ? await readFinishedGrpoRun(runDir, steps, network, seed) : undefined;
        const finishedTwin = method === "cross-entropy" && !flags.rerun ? await readFinishedTwinRun(runDir, steps, network, seed) : undefined;
        if (finished) {
          // Already trained (for the other probe): reuse its encoder and rewards, and count its training time.
          ({ finalReward, firstReward } = finished);
          trained = finished.network;
          reusedSeconds = finished.trainingSeconds;
          console.log(`${name}: reusing the finished run in ${runDir}`);
        } else if (method === "grpo") {
          const outcome = await runGrpo({
            trainer: {
              registry,
              runDir,
              resume: !flags.rerun,
              openSource: (t, _spec, s) => trainingSource(setting, t.modality, s),
            },
            checkpointEvery,
            setting,
            steps,
            batchSize,
            seed,
            backend: flags.backend,
            network,
            learningRate,
            ...(schedule === undefined ? {} : { schedule }),
            ...(groupSize === 5 ? {} : { groupSize }),
            ...(entropy === 0 ? {} : { entropyCoefficient: entropy }),
            saliencyEpisodes: 2,
            label: name,
          });
          ({ finalReward, firstReward } = outcome);
          trained = outcome.network;
          reusedSeconds = outcome.earlierSeconds;
          if (outcome.resumedAfter > 0) console.log(`${name}: continued a stopped run from its step-${outcome.resumedAfter} checkpoint`);
        } else if (finishedTwin) {
          trained = finishedTwin.network;
          reusedSeconds = finishedTwin.trainingSeconds;
          console.log(`${name}: reusing the finished twin in ${runDir}`);
        } else if (method === "cross-entropy") {
          const { network: twin, resumedAfter } = await runTwin({
            registry,
            setting,
            steps,
            batchSize,
            learningRate,
            ...(schedule === undefined ? {} : { schedule }),
            seed,
            network,
            openSource: (t, s) => trainingSource(setting, t.modality, s),
            runDir,
            checkpointEvery,
            resume: !flags.rerun,
            label: name,
          });
          trained = twin;
          if (resumedAfter > 0) console.log(`${name}: continued a stopped twin from its step-${resumedAfter} checkpoint`);
          reusedSeconds = await twinSecondsBefore(runDir, resumedAfter);
          // Kept so that probing the twin another way (features, probe size) needs no retraining.
          await saveTwinRun(runDir, steps, reusedSeconds + (performance.now() - t0) / 1000);
        } else {
          trained = new PolicyNetwork(network, seed);
        }
        const accuracy = probeAccuracy(trained, probe, features, probeObjective);
        trained.dispose();
        const wallSeconds = reusedSeconds + (performance.now() - t0) / 1000;
        const record: RunRecord = {
          example: "vision-cifar10",
          dataset,
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
          command: commandFor(method === "random-init" ? settings[0]!.name : setting.name, method),
          ...(method === "grpo" ? { runDir: runDir.startsWith(REPO_ROOT) ? runDir.slice(REPO_ROOT.length + 1) : runDir } : {}),
          notes: `${probe.description}; CNN ${channels.join("-")}${imageNorm === "none" ? "" : ` with ${imageNorm} normalisation`}; probe reads ${features === "conv" ? `every conv block avg-pooled to 2×2 (${4 * channels.reduce((a, b) => a + b, 0)}-d)` : "the 64-d embedding"}${probeObjective === "loops" ? "" : `; probe fitted with the ${probeObjective} objective`}`,
        };
        await writeRunRecord(recordsDir, name, record);
        console.log(recordSummary(name, record));
      }
    }
  }
}

await runExperiment(main);
