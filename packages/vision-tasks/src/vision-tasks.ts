import { BadConfigError, definePlugin, type Ssl4rlPlugin } from "@ssl4rl/core";
import { cifar100Source, cifar10Source } from "./cifar-source.js";
import { contrastiveTask } from "./contrastive-task.js";
import { csvSource } from "./csv-source.js";
import { folderSource } from "./folder-source.js";
import { jigsawTask } from "./jigsaw-task.js";
import { maskedPatchTask } from "./masked-patch-task.js";
import { mnistSource } from "./mnist-source.js";
import { positionTask } from "./position-task.js";
import { rotationTask } from "./rotation-task.js";
import { syntheticSource } from "./synthetic-source.js";
import { visionSettingsSchema, type VisionSettings, type VisionTasksOptions } from "./vision-settings.js";

/** Package version, also the plugin's. */
export const VISION_TASKS_VERSION = "0.1.0";

/** Validates plugin options, naming the bad field. */
export function resolveVisionSettings(options: VisionTasksOptions = {}): VisionSettings {
  const parsed = visionSettingsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BadConfigError({
    field: `@ssl4rl/vision-tasks option ${issue.path.join(".") || "(options)"}`,
    expected: issue.message,
    hint: "Options: tensorSize, promptImages, tensorImages, imageFormat, jpegQuality, maxImageSide",
  });
}

/**
 * The vision plugin: tasks `vision/rotation`, `vision/jigsaw`, `vision/contrastive`,
 * `vision/position`, `vision/masked-patch`, and the image sources `folder` (also a bare
 * directory path), `csv`, `mnist`, `cifar10`, `cifar100` and `synthetic`.
 *
 * Every episode carries `observation = { kind: "images", images }` with float32 HWC RGB
 * images in [0, 1] of `tensorSize`² pixels, and a chat prompt with one `<image>` per encoded
 * image. `promptImages: false` skips the encoding (for tensor-only training).
 *
 * @example
 * ```ts
 * import { createRegistry, generateEpisodes, SkipCounter } from "@ssl4rl/core";
 * import { visionTasks } from "@ssl4rl/vision-tasks";
 * const registry = createRegistry([visionTasks({ tensorSize: 32, promptImages: false })]);
 * const task = registry.task("vision/rotation");
 * const skips = new SkipCounter();
 * const source = await registry.openSource("synthetic", "vision", { seed: 1, skips });
 * for await (const e of generateEpisodes(task, source, { seed: 1, count: 4, options: task.options.parse({}), skips })) {
 *   console.log(e.answer, e.observation.kind);
 * }
 * ```
 */
export function visionTasks(options: VisionTasksOptions = {}): Ssl4rlPlugin {
  const settings = resolveVisionSettings(options);
  return definePlugin({
    name: "@ssl4rl/vision-tasks",
    version: VISION_TASKS_VERSION,
    tasks: [rotationTask(settings), jigsawTask(settings), contrastiveTask(settings), positionTask(settings), maskedPatchTask(settings)],
    sources: [folderSource, csvSource, mnistSource, cifar10Source, cifar100Source, syntheticSource],
  });
}
