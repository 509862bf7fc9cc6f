import { definePlugin, defineTask, extractAnswer, type Reward, type RewardResult, z } from "@ssl4rl/core";

/** Reward: 1 for the exact count, less the further off the answer is, 0 for no number. */
export const countDistanceReward: Reward = {
  id: "count-ones/distance",
  description: "1 - |answer - truth| / bits, floored at 0",
  score(completion, target): RewardResult {
    const text = typeof completion === "string" ? completion : "text" in completion ? completion.text : undefined;
    const raw = text === undefined ? target.answerSpace?.[(completion as { action: number }).action] : extractAnswer(text);
    const answer = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
    if (answer === undefined) return { score: 0, components: { accuracy: 0 }, valid: false };
    const bits = (target.answerSpace?.length ?? 1) - 1 || 1;
    const score = Math.max(0, 1 - Math.abs(answer - Number(target.answer)) / bits);
    return { score, components: { accuracy: score === 1 ? 1 : 0, closeness: score }, valid: true, answer: String(answer) };
  },
};

/** Task: how many of the shown bits are 1? */
export const countOnesTask = defineTask({
  id: "toy/count-ones",
  version: "1.0.0",
  modality: "vector",
  description: "Count the ones in a random bit string",
  rewardId: countDistanceReward.id,
  options: z.object({ bits: z.number().int().min(1).max(64).default(8) }),
  answerSpace: ({ bits }) => Array.from({ length: bits + 1 }, (_, i) => String(i)),
  makeEpisode({ rng, seed, index }, { bits }) {
    const values = Float32Array.from({ length: bits }, () => (rng.bool() ? 1 : 0));
    const ones = values.reduce((a, b) => a + b, 0);
    const question = `How many of these bits are 1? ${values.join(" ")}\n` +
      "Reason inside <think></think>, then give only the number inside <answer></answer>.";
    return {
      id: `toy/count-ones:${seed}:${index}`, taskId: "toy/count-ones", taskVersion: "1.0.0",
      observation: { kind: "vector" as const, values },
      prompt: { messages: [{ role: "user" as const, content: question }], images: [] },
      answer: String(ones), answerIndex: ones, metadata: { seed, bits, ones },
    };
  },
});

/** The plugin; the default export is what `--plugin ssl4rl-plugin-count-ones` loads. */
export default definePlugin({
  name: "ssl4rl-plugin-count-ones",
  version: "0.1.0",
  tasks: [countOnesTask],
  rewards: [countDistanceReward],
});
