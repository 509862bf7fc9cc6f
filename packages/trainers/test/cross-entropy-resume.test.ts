import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError, createRegistry, SkipCounter } from "@ssl4rl/core";
import { graphTasks } from "@ssl4rl/graph-tasks";
import { type CompanionState, type CrossEntropyStepReport, type NetworkConfig, type OpenTaskSource, type PolicyNetwork, readStepLog, selectBackend, trainCrossEntropy } from "@ssl4rl/trainers";

const registry = createRegistry([graphTasks()]);
const openSource: OpenTaskSource = (task, seed) => registry.openSource("synthetic", task.modality, { seed, skips: new SkipCounter() });
const network: NetworkConfig = { imageSize: 32, channels: [8], embedding: 16, headHidden: 32, graphHidden: [16], vectorHidden: 16 };
// Two tasks, so the resumed run must also put both episode streams back where they were.
const settings = {
  tasks: [{ id: "graph/edge-prediction", options: {} }, { id: "graph/node-masking", options: {} }],
  steps: 12,
  batchSize: 16,
  learningRate: 3e-3,
  gradClip: 1,
  seed: 5,
  network,
  openSource,
};
const fresh = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const losses = (runDir: string) => readStepLog<CrossEntropyStepReport>(join(runDir, "metrics.jsonl"));

describe("trainCrossEntropy with checkpoints", () => {
  it("a run stopped after a checkpoint and resumed ends with the weights and losses of an uninterrupted run", async () => {
    await selectBackend("wasm");
    const wholeDir = fresh("twin-whole-");
    const whole = await trainCrossEntropy(registry, { ...settings, checkpoints: { runDir: wholeDir, every: 4 } });
    const wholeWeights = await whole.store.snapshot();
    whole.dispose();

    // Dies after step 10: checkpoints at 4 and 8 were written (only the newest kept), steps 9-10 logged after it.
    const cutDir = fresh("twin-cut-");
    await expect(
      trainCrossEntropy(registry, {
        ...settings,
        checkpoints: { runDir: cutDir, every: 4 },
        afterStep: (step) => {
          if (step === 10) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(readdirSync(join(cutDir, "checkpoints"))).toEqual(["step-0000008.ckpt"]);
    expect((await losses(cutDir)).map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const stepsSeen: number[] = [];
    const resumed = await trainCrossEntropy(registry, { ...settings, checkpoints: { runDir: cutDir, every: 4, resume: true } }, (step) => stepsSeen.push(step));
    try {
      expect(stepsSeen).toEqual([9, 10, 11, 12]);
      const resumedWeights = await resumed.store.snapshot();
      expect(Object.keys(resumedWeights).sort()).toEqual(Object.keys(wholeWeights).sort());
      for (const [name, values] of Object.entries(wholeWeights)) {
        const other = resumedWeights[name]!;
        const worst = values.reduce((m, v, i) => Math.max(m, Math.abs(v - other[i]!)), 0);
        expect(worst, name).toBeLessThan(1e-6);
      }
      const a = (await losses(wholeDir)).map((l) => l.loss);
      const b = (await losses(cutDir)).map((l) => l.loss);
      expect(b).toHaveLength(12);
      b.forEach((loss, i) => expect(loss).toBeCloseTo(a[i]!, 5));
      expect(readdirSync(join(cutDir, "checkpoints"))).toEqual(["step-0000012.ckpt"]);
    } finally {
      resumed.dispose();
    }
  });

  it("keeps its companion's state in each checkpoint and restores it, so the steps it saw match an uninterrupted run's", async () => {
    await selectBackend("wasm");
    // Keeps the steps it saw and one weight's value after each: what a resume must carry over.
    const companion = () => {
      let seen: number[] = [];
      let trace: number[] = [];
      return {
        seen: () => seen,
        trace: () => trace,
        afterStep: (step: number, network: PolicyNetwork) => {
          seen.push(step);
          trace.push([...network.store.variables.values()][0]!.dataSync()[0]!);
        },
        save: (): CompanionState => ({ tensors: { trace: Float32Array.from(trace) }, json: seen }),
        restore: (state: CompanionState) => {
          seen = [...(state.json as number[])];
          trace = Array.from(state.tensors.trace!);
        },
      };
    };
    const whole = companion();
    (await trainCrossEntropy(registry, { ...settings, steps: 6, companion: whole, checkpoints: { runDir: fresh("twin-comp-whole-"), every: 2 } })).dispose();
    const cutDir = fresh("twin-comp-cut-");
    await expect(
      trainCrossEntropy(registry, {
        ...settings,
        steps: 6,
        companion: companion(),
        afterStep: (step) => {
          if (step === 5) throw new Error("killed");
        },
        checkpoints: { runDir: cutDir, every: 2 },
      }),
    ).rejects.toThrow("killed");
    const resumed = companion();
    (await trainCrossEntropy(registry, { ...settings, steps: 6, companion: resumed, checkpoints: { runDir: cutDir, every: 2, resume: true } })).dispose();
    expect(resumed.seen()).toEqual([1, 2, 3, 4, 5, 6]);
    resumed.trace().forEach((v, i) => expect(v).toBeCloseTo(whole.trace()[i]!, 6));
  });

  it("refuses to resume a folder holding another run, naming config.json and the field that differs", async () => {
    await selectBackend("wasm");
    const runDir = fresh("twin-other-");
    (await trainCrossEntropy(registry, { ...settings, steps: 4, checkpoints: { runDir, every: 2 } })).dispose();
    const error = await trainCrossEntropy(registry, { ...settings, learningRate: 1e-2, checkpoints: { runDir, every: 2, resume: true } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details.file).toBe(join(runDir, "config.json"));
    expect((error as BadInputError).details.field).toBe("learningRate");
    // A larger step budget is not another run: it continues from step 4.
    const seen: number[] = [];
    (await trainCrossEntropy(registry, { ...settings, steps: 6, checkpoints: { runDir, every: 2, resume: true } }, (s) => seen.push(s))).dispose();
    expect(seen).toEqual([5, 6]);
  });

  it("without resume, starts afresh in a used folder: old checkpoints and losses go, config.json is the new run's", async () => {
    await selectBackend("wasm");
    const runDir = fresh("twin-reused-");
    (await trainCrossEntropy(registry, { ...settings, steps: 6, checkpoints: { runDir, every: 2, keep: 3 } })).dispose();
    expect(readdirSync(join(runDir, "checkpoints"))).toEqual(["step-0000002.ckpt", "step-0000004.ckpt", "step-0000006.ckpt"]);
    (await trainCrossEntropy(registry, { ...settings, seed: 6, steps: 3, checkpoints: { runDir, every: 5 } })).dispose();
    expect(readdirSync(join(runDir, "checkpoints"))).toEqual(["step-0000003.ckpt"]);
    expect((await losses(runDir)).map((l) => l.step)).toEqual([1, 2, 3]);
    expect(JSON.parse(readFileSync(join(runDir, "config.json"), "utf8")).seed).toBe(6);
  });

  it("a damaged config.json beside a checkpoint is an error naming it, not a JSON SyntaxError", async () => {
    await selectBackend("wasm");
    const runDir = fresh("twin-damaged-");
    (await trainCrossEntropy(registry, { ...settings, steps: 2, checkpoints: { runDir, every: 2 } })).dispose();
    writeFileSync(join(runDir, "config.json"), '{"trainer": "cross-ent');
    const error = await trainCrossEntropy(registry, { ...settings, checkpoints: { runDir, every: 2, resume: true } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain(join(runDir, "config.json"));
    expect(existsSync(join(runDir, "checkpoints", "step-0000002.ckpt"))).toBe(true);
  });
});

describe("trainCrossEntropy with a learning-rate schedule", () => {
  it("steps at the schedule's rate, keeps it in config.json, and refuses a longer budget on resume (its rate decays over the budget)", async () => {
    await selectBackend("wasm");
    const runDir = fresh("twin-cosine-");
    const cosine = { kind: "cosine", finalFraction: 0 } as const;
    (await trainCrossEntropy(registry, { ...settings, steps: 4, schedule: cosine, checkpoints: { runDir, every: 2 } })).dispose();
    // Half-cosine from 3e-3 to 0 over 4 steps: 1, (1 + cos(π/4))/2, 1/2, (1 + cos(3π/4))/2 of the base.
    const rates = (await losses(runDir)).map((l) => l.learningRate / settings.learningRate);
    [1, 0.853553, 0.5, 0.146447].forEach((r, i) => expect(rates[i]).toBeCloseTo(r, 5));
    expect(JSON.parse(readFileSync(join(runDir, "config.json"), "utf8")).schedule).toEqual(cosine);

    const error = await trainCrossEntropy(registry, { ...settings, steps: 6, schedule: cosine, checkpoints: { runDir, every: 2, resume: true } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details.field).toBe("steps");
    // A constant rate is not another run's: dropping the schedule is.
    const other = await trainCrossEntropy(registry, { ...settings, steps: 4, checkpoints: { runDir, every: 2, resume: true } }).catch((e: unknown) => e);
    expect((other as BadInputError).details.field).toBe("schedule");
  });

  it("with the schedule's rate equal to the constant one at step 1, both runs leave the same weights after it and different ones after step 2", async () => {
    await selectBackend("wasm");
    const traced = async (schedule?: { kind: "linear"; finalFraction: number }) => {
      const trace: number[] = [];
      const net = await trainCrossEntropy(registry, {
        ...settings,
        steps: 2,
        ...(schedule ? { schedule } : {}),
        afterStep: (_, n) => trace.push([...n.store.variables.values()][0]!.dataSync()[0]!),
      });
      net.dispose();
      return trace;
    };
    const constant = await traced();
    const linear = await traced({ kind: "linear", finalFraction: 0 });
    expect(linear[0]).toBeCloseTo(constant[0]!, 7);
    expect(Math.abs(linear[1]! - constant[1]!)).toBeGreaterThan(1e-6);
  });
});
