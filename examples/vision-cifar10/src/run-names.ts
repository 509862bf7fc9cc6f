import { basename, resolve } from "node:path";
import { VISION_PROBE_LABELS } from "@ssl4rl/example-results";
import type { ProbeFeatures, ProbeObjectiveChoice } from "./probe-images.js";

/** What sets a vision run apart from the tables' set-up. */
export interface VisionSetup {
  /** CNN widths (tables: 16, 32, 32). */
  readonly channels: readonly number[];
  /** Normalisation in the CNN's blocks (tables: absent, none). */
  readonly imageNorm?: "group";
  /** How two-image questions are read (tables: `concat`). */
  readonly pairHead: "concat" | "match";
  /** The learning rate as given on the command line (tables: `0.001`). */
  readonly learningRate: string;
  /** The rate decays from `learningRate` to 0 over the steps (tables: absent, constant). */
  readonly lrSchedule?: "cosine" | "linear";
  /** Episodes per step (tables: 32). */
  readonly batchSize: number;
  /** GRPO's samples per episode (tables: 5; absent: 5). Names GRPO runs only: the twin and random init do not sample. */
  readonly groupSize?: number;
  /** The weight of GRPO's entropy bonus as given on the command line (tables: absent, 0). Names GRPO runs only. */
  readonly entropy?: string;
  /** A folder trained on instead of CIFAR-10's training images. */
  readonly trainImages?: string;
  /** Probe set sizes: train, validation, test (tables: 2,000 / 500 / 1,000). */
  readonly probe: readonly [number, number, number];
  /** How the probe's objective is computed (tables: absent, `loops`; see `--probe-objective`). */
  readonly probeObjective?: ProbeObjectiveChoice;
  readonly features: ProbeFeatures;
  /** `--quick` runs have their own dataset name and fixed settings: none of the parts apply. */
  readonly quick: boolean;
}

/** The names of one run: its folder (shared by every probe of it), its record file, its table row. */
export interface VisionRunNames {
  readonly runDir: string;
  readonly record: string;
  readonly task: string;
}

interface NamePart {
  readonly label: string;
  readonly slug: string;
}

const slugOf = (parts: readonly NamePart[]) => parts.map((p) => `-${p.slug}`).join("");
const labelOf = (parts: readonly NamePart[]) => parts.map((p) => ` [${p.label}]`).join("");

/**
 * Every choice that changes what a run trains on or how, or how it is probed, is part of its
 * names, so runs of different set-ups never share a folder or a record, and a finished run is
 * never probed again as another set-up's. The tables' set-up has no part, so its names are
 * the plain `DATASET-SETTING-METHOD-sSEED-nSTEPS` (`-conv` for the conv probe). Encoder parts
 * (the CNN) name random-init runs too; training parts do not; probe parts name the record
 * and the row but not the folder, which every probe of a run shares.
 *
 * @example
 * ```ts
 * visionRunNames({ ...TABLE_SETUP, learningRate: "0.003", features: "conv" }, "cifar10", "jigsaw", "grpo", 1, 500);
 * // { runDir: "cifar10-jigsaw-grpo-lr0.003-s1-n500", record: "cifar10-jigsaw-grpo-lr0.003-s1-n500-conv", task: "jigsaw [lr 0.003] [conv probe]" }
 * ```
 */
export function visionRunNames(setup: VisionSetup, dataset: string, setting: string, method: string, seed: number, steps: number): VisionRunNames {
  const { quick } = setup;
  // The CNN's widths and its normalisation are one part: the tables give each encoder its own block and random init.
  const tablesCnn = setup.channels.join(",") === "16,32,32" && setup.imageNorm === undefined;
  const norm = setup.imageNorm === "group" ? { label: ", group norm", slug: "-groupnorm" } : { label: "", slug: "" };
  const encoder: NamePart[] = tablesCnn ? [] : [{ label: `CNN ${setup.channels.join("-")}${norm.label}`, slug: `cnn${setup.channels.join("x")}${norm.slug}` }];
  const imagesName = setup.trainImages === undefined ? "" : basename(resolve(setup.trainImages));
  const training: NamePart[] = [
    ...(setup.pairHead === "match" ? [{ label: "match head", slug: "matchhead" }] : []),
    ...(!quick && setup.learningRate !== "0.001" ? [{ label: `lr ${setup.learningRate}`, slug: `lr${setup.learningRate}` }] : []),
    ...(!quick && setup.lrSchedule !== undefined ? [{ label: `${setup.lrSchedule} lr`, slug: `${setup.lrSchedule}lr` }] : []),
    ...(!quick && setup.batchSize !== 32 ? [{ label: `batch ${setup.batchSize}`, slug: `batch${setup.batchSize}` }] : []),
    ...(!quick && method === "grpo" && (setup.groupSize ?? 5) !== 5 ? [{ label: `group ${setup.groupSize}`, slug: `group${setup.groupSize}` }] : []),
    ...(!quick && method === "grpo" && setup.entropy !== undefined ? [{ label: `entropy ${setup.entropy}`, slug: `entropy${setup.entropy}` }] : []),
    ...(!quick && setup.trainImages !== undefined ? [{ label: `images ${imagesName}`, slug: `images-${imagesName.replace(/[^A-Za-z0-9.-]/g, "")}` }] : []),
  ];
  const [train, val, test] = setup.probe;
  const probe: NamePart[] = [
    ...(!quick && `${train},${val},${test}` !== "2000,500,1000" ? [{ label: `probe ${train}/${val}/${test}`, slug: `probe${train}x${val}x${test}` }] : []),
    // The two objectives minimise the same function, but their float32 and float64 paths can end a few test images apart.
    ...(!quick && setup.probeObjective === "tensor" ? [{ label: "tensor fit", slug: "tensorfit" }] : []),
  ];
  const run = method === "random-init" ? encoder : [...encoder, ...training];
  const runDir = `${dataset}-${setting}-${method}${slugOf(run)}-s${seed}-n${steps}`;
  const features = setup.features === "embedding" ? { slug: "", label: "" } : { slug: `-${setup.features}`, label: ` ${VISION_PROBE_LABELS[setup.features]}` };
  return {
    runDir,
    record: `${runDir}${slugOf(probe)}${features.slug}`,
    task: `${method === "random-init" ? "random-init" : setting}${labelOf(run)}${labelOf(probe)}${features.label}`,
  };
}
