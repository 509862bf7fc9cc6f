import { definePlugin, defineTask, IMAGE_PLACEHOLDER, SampleSkipped, z } from "@ssl4rl/core";
import { answerInstruction, fitInside, imageEpisode, type ImageSample, resizeView, type VisionSettings } from "@ssl4rl/vision-tasks";

const ID = "reference/class-label";
const VERSION = "1.0.0";

/** CIFAR-10's classes, as its image folders name them. */
export const CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] as const;

/**
 * `reference/class-label`: the image alone; the answer is its class, read from the image
 * folder's class subfolder. Not a self-supervised task: it uses the labels every pretext task
 * ignores, so training on it (with GRPO or cross-entropy) shows how far this CNN and probe go
 * when told the very thing the probe measures. An image with no class, or a class outside
 * `classes`, is skipped and counted.
 */
export function classLabelTask(settings: VisionSettings) {
  return defineTask({
    id: ID,
    version: VERSION,
    modality: "vision",
    description: "The image alone; answer its class (uses the labels: a supervised reference, not a pretext task)",
    rewardId: "exact-match",
    options: z.object({ classes: z.array(z.string().min(1)).min(2).default([...CIFAR10_CLASSES]) }).strict(),
    answerSpace: (o) => o.classes,
    async makeEpisode({ samples, seed, index }, o) {
      const sample = samples[0] as ImageSample;
      const answerIndex = sample.className === undefined ? -1 : o.classes.indexOf(sample.className);
      if (answerIndex < 0) throw new SampleSkipped(sample.className === undefined ? "image without a class folder (class-label)" : `class ${sample.className} not among the task's classes`);
      const side = settings.tensorSize;
      const list = o.classes.join(", ");
      return imageEpisode(
        settings,
        {
          taskId: ID,
          taskVersion: VERSION,
          seed,
          index,
          question: `Which of these classes does the picture show: ${list}?\n${IMAGE_PLACEHOLDER}\n` + answerInstruction(`one class name exactly as listed (${list})`, o.classes[0]!),
          answer: o.classes[answerIndex]!,
          answerIndex,
          metadata: { seed, index, source: sample.id, className: o.classes[answerIndex]! },
        },
        async (target) => {
          // The tensor is the square every task feeds the CNN; the prompt keeps the picture's shape.
          const fit = target === "tensor" ? { width: side, height: side } : fitInside(sample.image.width, sample.image.height, settings.maxImageSide);
          return [await resizeView(target, sample.image, fit.width, fit.height)];
        },
      );
    },
  });
}

/** The example's plugin holding {@link classLabelTask}. */
export function classLabelPlugin(settings: VisionSettings) {
  return definePlugin({ name: "@ssl4rl/example-vision-cifar10", version: "0.1.0", tasks: [classLabelTask(settings)] });
}
