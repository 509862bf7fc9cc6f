import type { TaskEntry, TrainingSetting } from "@ssl4rl/example-results";

export type { TaskEntry };

/** A named training setting of the vision tables: one task, or an explicit mix. */
export interface VisionSetting extends TrainingSetting {
  /** Each training image is fed this many times in a row (core's `repeatSamples`); absent: once. */
  readonly repeat?: number;
}

// CIFAR images are 32 px: the released size floors (28 px tiles and cells, 56 px for
// position) would skip every image, so they are lowered to what 32 px allows; views are then
// resized to the 32 px tensor like every other view.
const rotation = (granularity: number): VisionSetting => ({
  name: granularity === 90 ? "rotation" : `rotation-${granularity}`,
  tasks: [{ id: "vision/rotation", options: { granularity } }],
  chance: granularity / 360,
});
// Jigsaw scores partial credit per slot: a random permutation gets 1/n² of the slots right on average.
const jigsaw = (grid: number): VisionSetting => ({
  name: grid === 2 ? "jigsaw" : `jigsaw-${grid}`,
  tasks: [{ id: "vision/jigsaw", options: { grid, minTile: 8 } }],
  chance: 1 / (grid * grid),
});
const contrastive: VisionSetting = { name: "contrastive", tasks: [{ id: "vision/contrastive", options: {} }], chance: 0.5 };
const position: VisionSetting = { name: "position", tasks: [{ id: "vision/position", options: { minSize: 32 } }], chance: 0.25 };
const maskedPatch: VisionSetting = { name: "masked-patch", tasks: [{ id: "vision/masked-patch", options: { grid: 3, minCell: 8 } }], chance: 0.25 };
// The shortcut-free variants: position's crop with colour jitter, grey, blur, solarise and
// equalise (so its colours stop matching its quadrant's), and contrastive views from the strong recipe.
const positionAugmented: VisionSetting = { name: "position-augment", tasks: [{ id: "vision/position", options: { minSize: 32, augment: true } }], chance: 0.25 };
// Rotation with the original hidden: the turned image alone, so the angle must be read from how
// upright pictures look rather than by matching the two views.
const rotationUpright: VisionSetting = { name: "rotation-upright", tasks: [{ id: "vision/rotation", options: { original: "hidden" } }], chance: 0.25 };
// The same with all four turns of each image side by side in a batch (each image fed four times in
// a row, episode i turned by i mod 4), as rotation-prediction pretraining of CNNs feeds them.
const rotationUprightAllTurns: VisionSetting = {
  name: "rotation-upright-all-turns",
  tasks: [{ id: "vision/rotation", options: { original: "hidden", turns: "cycle" } }],
  chance: 0.25,
  repeat: 4,
};
// The same with each picture augmented before it is turned (a random 75-100% square, mirrored half the
// time), as rotation-prediction pretraining of CNNs is usually fed.
const rotationUprightAugment: VisionSetting = {
  name: "rotation-upright-augment",
  tasks: [{ id: "vision/rotation", options: { original: "hidden", augment: true } }],
  chance: 0.25,
};
// Not self-supervised: the supervised reference, trained on the class labels (see class-label-task.ts).
const classLabels: VisionSetting = { name: "class-labels", tasks: [{ id: "reference/class-label", options: {} }], chance: 0.1 };
const contrastiveStrong: VisionSetting = { name: "contrastive-strong", tasks: [{ id: "vision/contrastive", options: { strength: "strong" } }], chance: 0.5 };

const SINGLE = [rotation(90), jigsaw(2), contrastive, position, maskedPatch];
// The two tasks whose twins gained most on the probe, rotation with its original hidden and jigsaw 2×2, half of each batch each.
const uprightJigsaw: VisionSetting = {
  name: "upright-jigsaw",
  tasks: [rotationUpright, jigsaw(2)].map((s) => ({ ...s.tasks[0]!, weight: 1 })),
  chance: (rotationUpright.chance + jigsaw(2).chance) / 2,
};
const mix: VisionSetting = {
  name: "mix",
  tasks: SINGLE.map((s) => ({ ...s.tasks[0]!, weight: 1 })),
  chance: SINGLE.reduce((a, s) => a + s.chance, 0) / SINGLE.length,
};

/**
 * Every setting by name: the five tasks, their equal-weight mix, the difficulty sweep, two shortcut-free variants,
 * rotation with its original hidden (also with all four turns of an image in one batch, and augmented), its mix with jigsaw, and the class-label reference.
 */
export const VISION_SETTINGS: ReadonlyMap<string, VisionSetting> = new Map(
  [...SINGLE, mix, rotation(45), rotation(30), jigsaw(3), jigsaw(4), positionAugmented, contrastiveStrong, rotationUpright, rotationUprightAllTurns, rotationUprightAugment, uprightJigsaw, classLabels].map((s) => [s.name, s]),
);
