import { existsSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runInProcess } from "./run-cli.js";

const CORA = join(repoRoot, "..", "shared", "datasets", "cora");
const haveCora = existsSync(join(CORA, "cora.npz"));
if (!haveCora) console.log(`skipping the Cora CLI tests: ${CORA} not found (the shared datasets are not mounted)`);

describe("ssl4rl graph stats", () => {
  it("prints the counts of the default synthetic graph", async () => {
    const { code, out, err } = await runInProcess(["graph", "stats"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^graph +synthetic \(undirected\)$/m);
    expect(out).toMatch(/^nodes +1000$/m);
    expect(out).toMatch(/^features +32$/m);
    expect(out).toMatch(/^classes +4 \(1000 labelled nodes\)$/m);
    expect(out).toMatch(/^self-loops +0$/m);
  });

  it("prints JSON for an edge list with a self-loop, a repeat and an isolated node", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-stats-"));
    writeFileSync(join(dir, "e.csv"), "source,target\na,b\nb,a\nc,c\n");
    const { code, out } = await runInProcess(["graph", "stats", "--source", `edgelist:${join(dir, "e.csv")}`, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ nodes: 3, edges: 2, undirectedEdges: 1, selfLoops: 1, duplicateEdges: 1, isolatedNodes: 1, features: 0, classes: 0 });
  });

  it("exits 2 with one line naming the file and line for a malformed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-stats-"));
    writeFileSync(join(dir, "e.csv"), "a,b\nlonely\n");
    const { code, err } = await runInProcess(["graph", "stats", "--source", `edgelist:${join(dir, "e.csv")}`]);
    expect(code).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/e\.csv:2: expected two node ids/);
  });

  it.skipIf(!haveCora)("prints Cora's documented counts and its Planetoid split", async () => {
    const { code, out } = await runInProcess(["graph", "stats", "--source", `cora:${CORA}`]);
    expect(code).toBe(0);
    expect(out).toMatch(/^nodes +2708$/m);
    expect(out).toMatch(/^edges +5429$/m);
    expect(out).toMatch(/^features +1433 \(binary\)$/m);
    expect(out).toMatch(/^classes +7 /m);
    expect(out).toMatch(/^split +train 140, val 500, test 1000$/m);
  });

  it.skipIf(!haveCora)("ssl4rl make writes edge-prediction episodes from Cora, the same for the same seed", async () => {
    const runs = [];
    for (const k of [0, 1]) {
      const out = mkdtempSync(join(tmpdir(), `ssl4rl-make-graph-${k}-`));
      const r = await runInProcess(["make", "--task", "graph/edge-prediction", "--source", `cora:${CORA}`, "--count", "20", "--seed", "5", "--out", out]);
      expect(r.code).toBe(0);
      runs.push((await import("node:fs")).readFileSync(join(out, "episodes.jsonl"), "utf8"));
    }
    expect(runs[1]).toBe(runs[0]);
    const lines = runs[0]!.trim().split("\n").map((l) => JSON.parse(l) as { answer: string; prompt: { content: string }[]; metadata: { dataset: string } });
    expect(lines).toHaveLength(20);
    for (const l of lines) {
      expect(["yes", "no"]).toContain(l.answer);
      expect(l.metadata.dataset).toBe("cora");
      expect(l.prompt[0]!.content).toContain("<answer></answer>");
    }
  });
});
