import { countingSource, createRegistry, defineTask, definePlugin, type Registry, z } from "@ssl4rl/core";
import { GrpoTrainer, type GrpoStepReport, resolveTrainConfig, type TrainConfigInput } from "@ssl4rl/trainers";

const LETTERS = ["a", "b", "c", "d"];

/**
 * A contextual bandit with no images and no graphs: the observation is a one-hot context
 * k ∈ 0..3, and the right answer is the letter of (k + 1) mod 4. Chance is 1/4.
 */
export const banditTask = defineTask({
  id: "toy/bandit",
  version: "1.0.0",
  modality: "vector",
  description: "answer the letter after the shown context",
  rewardId: "exact-match",
  options: z.object({}),
  answerSpace: () => LETTERS,
  makeEpisode: ({ rng, seed, index }) => {
    const k = rng.int(4);
    const values = new Float32Array(4);
    values[k] = 1;
    return {
      id: `toy/bandit:${seed}:${index}`,
      taskId: "toy/bandit",
      taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values },
      prompt: { messages: [{ role: "user" as const, content: `context ${k}` }], images: [] },
      answer: LETTERS[(k + 1) % 4]!,
      answerIndex: (k + 1) % 4,
      metadata: { seed, k },
    };
  },
});

/**
 * A factorised task: copy three shown bits, answered one slot at a time as `1,0,1` with
 * per-slot partial credit (the jigsaw reward). 2³ answers, sampled as 3 choices of 2.
 */
export const copyBitsTask = defineTask({
  id: "toy/copy-bits",
  version: "1.0.0",
  modality: "vector",
  description: "copy the three bits",
  rewardId: "slot-match",
  options: z.object({}),
  answerSpace: () => undefined,
  factoredAnswer: () => ({
    steps: 3,
    choicesPerStep: 2,
    toAnswer: (c) => c.join(","),
    toChoices: (a) => a.split(",").map(Number),
  }),
  makeEpisode: ({ rng, seed, index }) => {
    const bits = [rng.int(2), rng.int(2), rng.int(2)];
    return {
      id: `toy/copy-bits:${seed}:${index}`,
      taskId: "toy/copy-bits",
      taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values: Float32Array.from(bits) },
      prompt: { messages: [{ role: "user" as const, content: bits.join(" ") }], images: [] },
      answer: bits.join(","),
      metadata: { seed, bits },
    };
  },
});

export const toyPlugin = definePlugin({ name: "toy-tasks", version: "1.0.0", tasks: [banditTask, copyBitsTask] });

/** Runs the trainer to the end and returns every step's report; `warn` receives the trainer's warnings. */
export async function trainAll(registry: Registry, runDir: string, config: TrainConfigInput, resume = false, warn?: (message: string) => void): Promise<GrpoStepReport[]> {
  const trainer = new GrpoTrainer({
    registry,
    runDir,
    resume,
    ...(warn ? { warn } : {}),
    openSource: async (task, spec, seed) => (spec === undefined || task.modality === "vector" ? countingSource() : registry.openSource(spec, task.modality, { seed, skips: new (await import("@ssl4rl/core")).SkipCounter() })),
  });
  const out: GrpoStepReport[] = [];
  for await (const r of trainer.train(resolveTrainConfig(config))) out.push(r);
  return out;
}

export const toyRegistry = (): Registry => createRegistry([toyPlugin]);
