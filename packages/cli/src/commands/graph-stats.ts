import { parseSeed, SkipCounter } from "@ssl4rl/core";
import { type GraphDataset, graphStats } from "@ssl4rl/graph-tasks";
import type { Command } from "commander";
import type { CliContext } from "../context.js";

/** `ssl4rl graph stats --source SPEC`: counts of a graph source (nodes, edges, features, classes, isolated nodes, self-loops, duplicates). */
export function registerGraphStatsCommand(program: Command, ctx: CliContext): void {
  const graph = program.command("graph").description("graph data tools");
  graph
    .command("stats")
    .description("print nodes, edges, features, classes, isolated nodes, self-loops and duplicate edges of a graph source")
    .option("--source <spec>", "graph source: synthetic, cora:DIR, citeseer:DIR, linqs:DIR, npz:FILE, edgelist:FILE, gexf:FILE, graphml:FILE", "synthetic")
    .option("--seed <seed>", "seed (synthetic graphs)", "0")
    .option("--json", "print the counts as JSON")
    .action(async (opts: { source: string; seed: string; json?: boolean }) => {
      const registry = await ctx.registry();
      const skips = new SkipCounter();
      const source = await registry.openSource(opts.source, "graph", { seed: parseSeed(opts.seed), skips });
      const first = await source.samples()[Symbol.asyncIterator]().next();
      const stats = graphStats(first.value as GraphDataset);
      if (opts.json) {
        ctx.io.out(`${JSON.stringify({ ...stats, skipped: skips.byReason() }, null, 2)}\n`);
        return;
      }
      const rows: [string, string][] = [
        ["graph", `${stats.name} (${stats.directed ? "directed" : "undirected"})`],
        ["nodes", String(stats.nodes)],
        ["edges", String(stats.edges)],
        ["undirected pairs", String(stats.undirectedEdges)],
        ["features", `${stats.features}${stats.binaryFeatures ? " (binary)" : ""}`],
        ["classes", `${stats.classes} (${stats.labelledNodes} labelled nodes)`],
        ["isolated nodes", String(stats.isolatedNodes)],
        ["self-loops", String(stats.selfLoops)],
        ["duplicate edges", String(stats.duplicateEdges)],
      ];
      if (stats.split !== undefined) rows.push(["split", `train ${stats.split.train}, val ${stats.split.val}, test ${stats.split.test}`]);
      const width = Math.max(...rows.map(([k]) => k.length));
      ctx.io.out(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n") + "\n");
      for (const line of skips.summary()) ctx.io.err(`skipped: ${line}\n`);
    });
}
