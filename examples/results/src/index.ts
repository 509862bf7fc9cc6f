export * from "./run-record.js";
export * from "./reward-curve-svg.js";
export * from "./summary-rows.js";
export * from "./markdown-tables.js";
export * from "./grpo-run.js";
export * from "./training-setting.js";
export * from "./experiment-flags.js";
export * from "./vision-probe-labels.js";
