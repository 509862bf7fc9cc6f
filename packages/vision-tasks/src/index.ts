export { answerInstruction } from "./answer-instruction.js";
export { cifar100Source, cifar10Source } from "./cifar-source.js";
export { colourMatrix } from "./colour-matrix.js";
export { contrastiveOptions, contrastiveTask } from "./contrastive-task.js";
export { cropRaw, type PixelRect } from "./crop-raw.js";
export { csvSource } from "./csv-source.js";
export { decodeImage, DEFAULT_MAX_PIXELS } from "./decode-image.js";
export { encodePromptImage } from "./encode-prompt-image.js";
export { flipHorizontal } from "./flip-horizontal.js";
export { folderSource } from "./folder-source.js";
export { gaussianBlur } from "./gaussian-blur.js";
export { imageEpisode, type ImageEpisodeParts, type ViewTarget } from "./image-episode.js";
export { IMAGE_EXTENSIONS } from "./image-files.js";
export { type ImageSample, rgbImage, type RgbImage } from "./image-sample.js";
export { inscribedRectangle } from "./inscribed-rectangle.js";
export { jigsawAnswer, jigsawAnswerSpace, jigsawFactoredAnswer } from "./jigsaw-answer.js";
export { jigsawOptions, jigsawTask } from "./jigsaw-task.js";
export { maskedPatchOptions, maskedPatchTask } from "./masked-patch-task.js";
export { mnistSource } from "./mnist-source.js";
export { adjustContrast, equalize, grayscaleRgb, solarize } from "./pixel-lut.js";
export { positionOptions, positionTask, QUADRANTS } from "./position-task.js";
export { resizeArea } from "./resize-area.js";
export { fitInside, resizeRaw } from "./resize-raw.js";
export { resizeView } from "./resize-view.js";
export { rotateQuarterTurns } from "./rotate-quarter-turns.js";
export { rotationAngles, rotationOptions, rotationTask } from "./rotation-task.js";
export { SYNTHETIC_CLASSES, syntheticSceneSvg } from "./synthetic-scene.js";
export { renderSyntheticScene, SYNTHETIC_DEFAULT_COUNT, syntheticSource } from "./synthetic-source.js";
export { sampleToTensor, tensorImage, toFloatImage } from "./tensor-image.js";
export { assembleTiles, cutTiles } from "./tile-grid.js";
export {
  applyAugmentation,
  type AugmentationParams,
  type AugmentationRecipe,
  DEFAULT_VIEW_RECIPE,
  drawAugmentation,
  POSITION_CROP_RECIPE,
  randomResizedCrop,
  STRONG_VIEW_RECIPE,
} from "./view-augmentation.js";
export { visionSettingsSchema, type VisionSettings, type VisionTasksOptions } from "./vision-settings.js";
export { resolveVisionSettings, VISION_TASKS_VERSION, visionTasks } from "./vision-tasks.js";
import { visionTasks } from "./vision-tasks.js";
export default visionTasks;
