import { generateEpisodes, Random, resolveTaskOptions, SkipCounter } from "@ssl4rl/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { defaultSource } from "../default-source.js";

interface DemoOptions {
  task: string;
  source?: string;
  count: string;
  seed: string;
}

/** `ssl4rl demo`: makes a few episodes of a task and scores the true answer and a random guess. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("make a few episodes of a task on its default data and score answers to them")
    .requiredOption("--task <id>", "task id")
    .option("--source <spec>", "source spec (default: the modality's synthetic source)")
    .option("--count <n>", "episodes", "5")
    .option("--seed <seed>", "seed", "1")
    .action(async (opts: DemoOptions) => {
      const registry = await ctx.registry();
      const task = registry.task(opts.task);
      const options = resolveTaskOptions(task, {});
      const reward = registry.rewardFor(task);
      const skips = new SkipCounter();
      const source = await defaultSource(registry, task.modality, opts.source, { seed: opts.seed, skips });
      const space = task.answerSpace(options);
      const guesser = Random.fromSeed(opts.seed).fork("demo-guesser");
      let truthTotal = 0;
      let guessTotal = 0;
      let n = 0;
      ctx.io.out(`task ${task.id} v${task.version}; source: ${source.description}; seed ${opts.seed}\n\n`);
      for await (const episode of generateEpisodes(task, source, { seed: opts.seed, count: Number(opts.count), options, skips })) {
        const guess = space ? guesser.pick(space) : "?";
        const target = { taskId: task.id, answer: episode.answer, ...(space ? { answerSpace: space } : {}) };
        const truthScore = await reward.score(`<think>known</think> <answer>${episode.answer}</answer>`, target);
        const guessScore = await reward.score(`<think>guess</think> <answer>${guess}</answer>`, target);
        const question = episode.prompt.messages.at(-1)?.content.split("\n")[0] ?? "";
        ctx.io.out(`${episode.id}\n  prompt: ${question}\n  answer: ${episode.answer}   true answer scores ${truthScore.score.toFixed(2)}; random guess "${guess}" scores ${guessScore.score.toFixed(2)}\n`);
        truthTotal += truthScore.score;
        guessTotal += guessScore.score;
        n++;
      }
      ctx.io.out(`\n${n} episodes: mean reward of the true answers ${(truthTotal / Math.max(1, n)).toFixed(3)}, of random guesses ${(guessTotal / Math.max(1, n)).toFixed(3)}\n`);
      for (const line of skips.summary()) ctx.io.out(`skipped: ${line}\n`);
    });
}
