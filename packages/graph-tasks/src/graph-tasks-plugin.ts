import { definePlugin, type Ssl4rlPlugin } from "@ssl4rl/core";
import { attributeMaskingTask } from "./attribute-masking.js";
import { corruptionDetectionTask } from "./corruption-detection.js";
import { edgePredictionTask } from "./edge-prediction.js";
import { GRAPH_SOURCES } from "./graph-sources.js";
import { nodeContrastTask } from "./node-contrast.js";
import { nodeMaskingTask } from "./node-masking.js";

/** Options of {@link graphTasks}; none yet (task options are per run, through `--options`). */
export type GraphTasksOptions = Record<string, never>;

/**
 * The graph task plugin: `graph/node-masking`, `graph/edge-prediction`, `graph/node-contrast`,
 * `graph/corruption-detection`, `graph/attribute-masking`, and the graph sources
 * `synthetic` (default), `linqs`, `npz`, `edgelist`, `gexf`, `graphml`, `cora`, `citeseer`.
 *
 * @example
 * ```ts
 * import { createRegistry } from "@ssl4rl/core";
 * import { graphTasks } from "@ssl4rl/graph-tasks";
 * const registry = createRegistry([graphTasks()]);
 * registry.task("graph/edge-prediction");
 * ```
 */
export function graphTasks(_options: GraphTasksOptions = {}): Ssl4rlPlugin {
  return definePlugin({
    name: "@ssl4rl/graph-tasks",
    version: "0.1.0",
    tasks: [nodeMaskingTask, edgePredictionTask, nodeContrastTask, corruptionDetectionTask, attributeMaskingTask],
    sources: GRAPH_SOURCES,
  });
}
