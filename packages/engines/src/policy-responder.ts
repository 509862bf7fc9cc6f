import { type AnyTask, type Completion, type Episode, nearestMatch, type Policy, UnknownIdError } from "@ssl4rl/core";
import type { ChatRequest } from "./chat-request.js";
import type { ChatResponder } from "./policy-server.js";

/** A task a policy answers, and how a chat request becomes the episode the policy reads. */
export interface ServedTask {
  readonly task: AnyTask;
  /** The answer space for the options the policy was trained with (turns action indices into answers). */
  readonly answerSpace?: readonly string[];
  /**
   * Builds the episode the policy reads from a request: its observation rebuilt from the
   * request's images (or text). Its `answer` is unknown and may be empty.
   */
  observe(request: ChatRequest): Promise<Episode<{ readonly kind: string }>>;
}

/** The reply text for a policy's completion: text as is, an action index as `<answer>…</answer>`. */
export function completionText(completion: Completion, answerSpace?: readonly string[]): string {
  if (typeof completion === "string") return completion;
  if ("text" in completion) return completion.text;
  const answer = answerSpace?.[completion.action];
  return answer === undefined ? "" : `<answer>${answer}</answer>`;
}

/**
 * Serves any core {@link Policy} through the chat-completions API: the request's `model` names
 * the task (its id), the task's `observe` rebuilds the observation, and the policy's greedy
 * action comes back in the `<answer>` format the rewards read.
 *
 * @example
 * ```ts
 * const responder = policyResponder(policy, new Map([["vision/rotation", { task, observe }]]));
 * createPolicyServer({ responder }).listen({ port: 8001 });
 * ```
 */
export function policyResponder(policy: Policy<Episode<{ readonly kind: string }>>, served: ReadonlyMap<string, ServedTask>): ChatResponder {
  const models = [...served.keys()].sort();
  return {
    models,
    async respond(request) {
      const entry = served.get(request.model);
      if (entry === undefined) throw new UnknownIdError("model", request.model, models, nearestMatch(request.model, models));
      const episode = await entry.observe(request);
      const [action] = await policy.greedy([episode]);
      return completionText(policy.toCompletion(action!, episode), entry.answerSpace);
    },
  };
}
