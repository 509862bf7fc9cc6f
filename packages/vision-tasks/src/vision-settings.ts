import { z } from "@ssl4rl/core";

/** Plugin-level options of {@link visionTasks}, shared by all five tasks. */
export const visionSettingsSchema = z
  .object({
    /** Side of every tensor-observation image (float32, HWC, 3 channels, square). */
    tensorSize: z.number().int().min(4).max(1024).default(32),
    /**
     * Encode the prompt images (PNG/JPEG). Set false when only tensor policies train: the
     * chat messages stay, `prompt.images` is empty, and no encoding time is spent.
     */
    promptImages: z.boolean().default(true),
    /** Fill `observation.images`. Set false for text-only pipelines (`images` is then empty). */
    tensorImages: z.boolean().default(true),
    /** Encoding of prompt images. */
    imageFormat: z.enum(["png", "jpeg"]).default("png"),
    /** JPEG quality (1-100) when `imageFormat` is `jpeg`. */
    jpegQuality: z.number().int().min(1).max(100).default(90),
    /** Prompt images are scaled down so that their longest side is at most this. */
    maxImageSide: z.number().int().min(8).max(8192).default(512),
  })
  .strict();

/** Options a user passes to {@link visionTasks}. */
export type VisionTasksOptions = z.input<typeof visionSettingsSchema>;

/** The resolved options, with defaults. */
export type VisionSettings = z.output<typeof visionSettingsSchema>;
