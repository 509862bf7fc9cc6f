import { definePlugin } from "./plugin.js";
import { exactMatchReward, slotMatchReward } from "./standard-rewards.js";

/** Core's own plugin: the standard rewards with their default options (format weight 0). */
export const standardRewardsPlugin = definePlugin({
  name: "@ssl4rl/core",
  version: "0.1.0",
  rewards: [exactMatchReward(), slotMatchReward()],
});
