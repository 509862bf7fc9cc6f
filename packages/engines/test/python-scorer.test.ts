import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createRegistry } from "@ssl4rl/core";
import countOnes from "ssl4rl-plugin-count-ones";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRewardServer } from "../src/reward-server.js";
import { testPlugin } from "./fixtures.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const scorerDir = join(here, "../../../examples/engines-scorer");
// Debian's interpreter, as a training box would have it; any python3 on PATH otherwise.
const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

const app = createRewardServer({ registry: createRegistry([testPlugin, countOnes]), token: "tok" });
let url = "";
beforeAll(async () => {
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app.close();
});

/** Runs `code` with the scorer importable; returns what it printed as JSON. */
async function py(code: string, env: Record<string, string> = {}): Promise<unknown> {
  const { stdout } = await run(python, ["-c", `import json, sys\nsys.path.insert(0, ${JSON.stringify(scorerDir)})\nimport ssl4rl_scorer as s\n${code}`], {
    env: { PATH: process.env.PATH ?? "", PYTHONDONTWRITEBYTECODE: "1", SSL4RL_REWARD_URL: url, SSL4RL_REWARD_TOKEN: "tok", SSL4RL_REWARD_RETRIES: "0", ...env },
  });
  return JSON.parse(stdout);
}

describe("ssl4rl_scorer.py with Debian python3 against a live reward server", () => {
  test("verl, one response: data_source is the task, ground_truth the answer", async () => {
    const out = await py(`print(json.dumps([
      s.compute_score("test/coin", "<think>x</think><answer>heads</answer>", "heads", {"index": 0}),
      s.compute_score(data_source="test/slots", solution_str="<answer>3,1,2,4</answer>", ground_truth="3,1,4,2", extra_info=None),
      s.compute_score("test/coin", "no tags", "heads"),
    ]))`);
    expect(out).toEqual([
      { score: 1, accuracy: 1, valid: 1 },
      { score: 0.5, accuracy: 0.5, valid: 1 },
      { score: 0, accuracy: 0, valid: 0 },
    ]);
  });

  test("verl batch reward manager: plural arguments, one request", async () => {
    const out = await py(`print(json.dumps(s.compute_score(data_sources=["test/coin", "toy/count-ones"], solution_strs=["<answer>tails</answer>", "<answer>3</answer>"], ground_truths=["heads", "4"], extra_infos=[{}, {}])))`);
    expect(out).toEqual([
      { score: 0, accuracy: 0, valid: 1 },
      { score: 1 - 1 / 8, accuracy: 0, valid: 1 },
    ]);
  });

  test("EasyR1 batch and sequential forms read TASK_ID:ANSWER labels", async () => {
    const out = (await py(`print(json.dumps([
      s.easyr1_compute_score([{"response": "<answer>heads</answer>", "ground_truth": "test/coin:heads", "response_length": 5},
                              {"response": "<answer>2,1</answer>", "ground_truth": '{"task": "test/slots", "answer": "1,2"}'}], format_weight=0.1),
      s.easyr1_compute_score("<answer>tails</answer>", "test/coin:heads"),
    ]))`)) as [Record<string, number>[], Record<string, number>];
    expect(out[0]).toEqual([
      { overall: 1, accuracy: 1, valid: 1 },
      { overall: 0, accuracy: 0, valid: 1 },
    ]);
    expect(out[1]).toEqual({ overall: 0, accuracy: 0, valid: 1 });
  });

  test.each([
    ["an unknown task", `s.compute_score("vision/nope", "<answer>1</answer>", "1")`, {}, /answered 400.*Unknown task "vision\/nope"/],
    ["a wrong token", `s.compute_score("test/coin", "x", "heads")`, { SSL4RL_REWARD_TOKEN: "bad" }, /answered 401/],
    ["no server", `s.compute_score("test/coin", "x", "heads")`, { SSL4RL_REWARD_URL: "http://127.0.0.1:9", SSL4RL_REWARD_RETRIES: "1" }, /unreachable after 2 tries/],
  ])("%s raises RewardServerError with the reason", async (_, call, env, message) => {
    const out = (await py(`try:\n    ${call}\n    print(json.dumps("no error"))\nexcept s.RewardServerError as e:\n    print(json.dumps(str(e)))`, env)) as string;
    expect(out).toMatch(message);
  });
});
