/** The closing line of every graph task's prompt: reasoning in think tags, the answer alone in answer tags. */
export const ANSWER_INSTRUCTION = "Think step by step inside <think></think>, then give only your final answer inside <answer></answer>.";
