/**
 * The learning-free baseline of the graph table's prose: a linear probe on the raw node features
 * propagated 0–3 hops over the GCN's normalised adjacency (Â^k X, as SGC does), on the Planetoid
 * public split, with the probe's columns standardised (as every table row) and raw; the
 * validation accuracy says which to read.
 *
 *   npx -y pnpm@12.4.2 --filter @ssl4rl/example-graph-cora run baseline
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { linearProbe } from "@ssl4rl/core";
import { list, pick, runExperiment } from "@ssl4rl/example-results";
import { compactGraph, loadNamedDataset } from "@ssl4rl/graph-tasks";
import { propagatedFeatures } from "./propagated-features.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    datasets: { type: "string", default: "cora,citeseer" },
    hops: { type: "string", default: "0,1,2,3" },
    "data-root": { type: "string", default: join(REPO_ROOT, "..", "shared", "datasets") },
    verbose: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const datasets = pick(list(flags.datasets), ["cora", "citeseer"] as const, "dataset");
  const hops = pick(list(flags.hops), ["0", "1", "2", "3", "4"] as const, "hops").map(Number);
  for (const name of datasets) {
    const dir = join(flags["data-root"], name);
    if (!existsSync(dir)) {
      console.log(`skipped: dataset folder ${dir} not found (see ../shared/datasets/README.md)`);
      continue;
    }
    const dataset = loadNamedDataset(name, dir);
    const graph = compactGraph(dataset);
    if (!dataset.split) throw new Error(`${dataset.origin} has no Planetoid split file (NAME_planetoid_split.tsv)`);
    const { train, val, test } = dataset.split;
    for (const k of hops) {
      const embeddings = propagatedFeatures(graph, k);
      const cells = [true, false].map((standardise) => {
        const r = linearProbe({ embeddings, dim: graph.numFeatures, labels: graph.labels, train, val, test, standardise });
        return `${standardise ? "standardised" : "raw"}: ${(100 * r.valAccuracy).toFixed(1)}% val, ${(100 * r.testAccuracy).toFixed(1)}% test`;
      });
      console.log(`${name} Â^${k}X probe | ${cells.join(" | ")}`);
    }
  }
}

await runExperiment(main);
