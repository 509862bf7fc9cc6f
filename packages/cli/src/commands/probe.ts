import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadInputError, linearProbe, parseSeed, Random, type RawImage, SkipCounter } from "@ssl4rl/core";
import { compactGraph, fullGraphView, type GraphDataset } from "@ssl4rl/graph-tasks";
import { graphEmbeddingRows, imageFeatureMaps, latestCheckpoint, PolicyNetwork, readCheckpoint, resolveTrainConfig, selectBackend, describeBackend, tf } from "@ssl4rl/trainers";
import { type ImageSample, sampleToTensor } from "@ssl4rl/vision-tasks";
import type { Command } from "commander";
import type { CliContext } from "../context.js";

interface ProbeFlags {
  run: string;
  source: string;
  modality?: string;
  init: string;
  layers: string;
  limit: string;
  seed: string;
  backend: string;
}

/** Splits row indices at random into 60 / 20 / 20 train / val / test. */
function randomSplit(rows: number, seed: number | string): { train: number[]; val: number[]; test: number[] } {
  const order = Random.fromSeed(seed).fork("probe-split").permutation(rows);
  const a = Math.round(rows * 0.6);
  const b = Math.round(rows * 0.8);
  return { train: order.slice(0, a), val: order.slice(a, b), test: order.slice(b) };
}

/** Planetoid-style split when a graph has none: 20 labelled nodes per class, 500 validation, up to 1000 test. */
function planetoidStyleSplit(labels: Int32Array, seed: number | string): { train: number[]; val: number[]; test: number[] } {
  const order = Random.fromSeed(seed).fork("probe-split").permutation(labels.length).filter((i) => labels[i]! >= 0);
  const perClass = new Map<number, number>();
  const train: number[] = [];
  const rest: number[] = [];
  for (const i of order) {
    const c = labels[i]!;
    if ((perClass.get(c) ?? 0) < 20) {
      perClass.set(c, (perClass.get(c) ?? 0) + 1);
      train.push(i);
    } else rest.push(i);
  }
  const val = rest.slice(0, Math.min(500, Math.floor(rest.length / 3)));
  const test = rest.slice(val.length, val.length + 1000);
  return { train, val, test };
}

/**
 * `ssl4rl probe`: freezes a trained run's encoder and fits a linear probe on labelled samples
 * (images: a labelled folder, CIFAR, MNIST, synthetic shapes; graphs: the Planetoid split),
 * printing test accuracy. `--init random` gives the same network untrained, the baseline.
 */
export function registerProbeCommand(program: Command, ctx: CliContext): void {
  program
    .command("probe")
    .description("linear-probe a trained run's frozen encoder on labelled data (or --init random for the baseline)")
    .requiredOption("--run <dir>", "run directory written by ssl4rl train")
    .requiredOption("--source <spec>", "labelled data: cifar10:DIR, folder:DIR (one subfolder per class), mnist:DIR, synthetic, cora:DIR, ...")
    .option("--modality <m>", "vision or graph (default: the run's first task's)")
    .option("--init <from>", "trained (the run's last checkpoint) or random (the untrained network)", "trained")
    .option("--layers <which>", "last (the encoder's output: the image embedding, the last GCN layer) or all (every conv block average-pooled to 2×2, every GCN layer, concatenated)", "last")
    .option("--limit <n>", "labelled images used at most (images only)", "3000")
    .option("--seed <seed>", "seed of the random split", "0")
    .option("--backend <name>", "auto, tensorflow, wasm or cpu", "auto")
    .action(async (flags: ProbeFlags) => {
      const runDir = resolve(ctx.cwd, flags.run);
      const configFile = join(runDir, "config.json");
      if (!existsSync(configFile)) throw new BadInputError({ file: configFile, expected: "the config.json of a run started by ssl4rl train", hint: "Check --run" });
      if (flags.init !== "trained" && flags.init !== "random") throw new BadInputError({ field: "--init", expected: "trained or random", got: flags.init });
      if (flags.layers !== "last" && flags.layers !== "all") throw new BadInputError({ field: "--layers", expected: "last or all", got: flags.layers });
      const allLayers = flags.layers === "all";
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 10) throw new BadInputError({ field: "--limit", expected: "an integer >= 10", got: flags.limit });
      const config = resolveTrainConfig(JSON.parse(readFileSync(configFile, "utf8")), configFile);
      const registry = await ctx.registry();
      const modality = flags.modality ?? registry.task(config.tasks[0]!.id).modality;
      if (modality !== "vision" && modality !== "graph") throw new BadInputError({ field: "--modality", expected: "vision or graph", got: modality });
      const selection = await selectBackend(flags.backend as "auto");
      ctx.io.err(`${describeBackend(selection)}\n`);

      const network = new PolicyNetwork(config.network, config.seed);
      const seed = parseSeed(flags.seed);
      const skips = new SkipCounter();
      const source = await registry.openSource(flags.source, modality, { seed, skips });
      let embeddings: Float32Array;
      let dim: number;
      let labels: Int32Array;
      let split: { train: ArrayLike<number>; val: ArrayLike<number>; test: ArrayLike<number> };
      let what: string;
      // Build the encoder first (same seed, same initial weights as the run), then load the trained weights into it.
      const loadTrained = async (prefix: string) => {
        if (flags.init === "random") return "random init (untrained)";
        const path = latestCheckpoint(runDir);
        if (!path) throw new BadInputError({ file: join(runDir, "checkpoints"), expected: "a checkpoint", hint: "Train the run first, or use --init random" });
        const saved = await readCheckpoint(path);
        const n = network.store.restoreMatching(saved.params, prefix);
        if (n === 0) throw new BadInputError({ file: path, expected: `${modality} encoder weights (${prefix}*)`, hint: `This run trained no ${modality} task` });
        return `trained encoder from ${path} (step ${saved.step})`;
      };
      if (modality === "vision") {
        const images: RawImage[] = [];
        const labelList: number[] = [];
        for await (const raw of source.samples()) {
          const sample = raw as ImageSample;
          if (sample.label === undefined) {
            skips.add("image without a label", sample.id);
            continue;
          }
          images.push(await sampleToTensor(sample, config.network.imageSize));
          labelList.push(sample.label);
          if (images.length >= limit) break;
        }
        if (images.length < 10) throw new BadInputError({ field: "--source", expected: "at least 10 labelled images", got: images.length, hint: "Use a folder with one subfolder per class, CIFAR or MNIST" });
        const side = config.network.imageSize;
        tf.tidy(() => network.embedImages(tf.zeros([1, side, side, 3]) as tf.Tensor4D));
        const origin = await loadTrained("image/");
        // Every conv block pooled to a 2×2 grid (320 values for 16-32-32 channels at 32 px).
        dim = allLayers ? tf.tidy(() => imageFeatureMaps(network, tf.zeros([1, side, side, 3]) as tf.Tensor4D, 2).shape[1]) : config.network.embedding;
        embeddings = new Float32Array(images.length * dim);
        for (let start = 0; start < images.length; start += 256) {
          const part = images.slice(start, start + 256);
          const pixels = new Float32Array(part.length * side * side * 3);
          part.forEach((im, i) => pixels.set(im.data, i * side * side * 3));
          const out = tf.tidy(() => {
            const batch = tf.tensor4d(pixels, [part.length, side, side, 3]);
            return (allLayers ? imageFeatureMaps(network, batch, 2) : network.embedImages(batch)).dataSync();
          });
          embeddings.set(out, start * dim);
        }
        labels = Int32Array.from(labelList);
        split = randomSplit(images.length, seed);
        what = `${images.length} labelled images, random 60/20/20 split; ${allLayers ? "every conv block pooled 2×2" : "the embedding"} of the ${origin}`;
      } else {
        let dataset: GraphDataset | undefined;
        for await (const sample of source.samples()) {
          dataset = sample as GraphDataset;
          break;
        }
        if (!dataset) throw new BadInputError({ field: "--source", expected: "a graph source with one graph", got: flags.source });
        const graph = compactGraph(dataset);
        const view = fullGraphView(graph);
        tf.tidy(() => network.embedGraph(view));
        const origin = await loadTrained(`graph${graph.numFeatures}/`);
        ({ embeddings, dim } = graphEmbeddingRows(network, view, allLayers ? "all" : "last"));
        labels = graph.labels;
        split = dataset.split ?? planetoidStyleSplit(graph.labels, seed);
        what = `${graph.name}: ${graph.numNodes} nodes, ${dataset.split ? "its public split" : "a Planetoid-style split (20 per class / 500 / 1000)"} (${split.train.length}/${split.val.length}/${split.test.length}); ${allLayers ? "every GCN layer" : "the last GCN layer"} of the ${origin}`;
      }
      const result = linearProbe({ embeddings, dim, labels, train: split.train, val: split.val, test: split.test });
      ctx.io.out(`probe on ${source.description}: ${what}\n`);
      ctx.io.out(`test accuracy ${(100 * result.testAccuracy).toFixed(1)}% (val ${(100 * result.valAccuracy).toFixed(1)}%, train ${(100 * result.trainAccuracy).toFixed(1)}%, ${result.numClasses} classes, L2 ${result.l2})\n`);
      for (const line of skips.summary()) ctx.io.err(`skipped: ${line}\n`);
      network.dispose();
    });
}
