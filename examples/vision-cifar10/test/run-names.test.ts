import { describe, expect, it } from "vitest";
import { type VisionSetup, visionRunNames } from "../src/run-names.js";

const TABLES: VisionSetup = { channels: [16, 32, 32], pairHead: "concat", learningRate: "0.001", batchSize: 32, probe: [2000, 500, 1000], features: "embedding", quick: false };

describe("visionRunNames", () => {
  it("gives the tables' set-up the plain names the committed records use", () => {
    expect(visionRunNames(TABLES, "cifar10", "jigsaw", "grpo", 1, 500)).toEqual({ runDir: "cifar10-jigsaw-grpo-s1-n500", record: "cifar10-jigsaw-grpo-s1-n500", task: "jigsaw" });
    expect(visionRunNames({ ...TABLES, features: "conv" }, "cifar10", "jigsaw", "grpo", 1, 500)).toEqual({ runDir: "cifar10-jigsaw-grpo-s1-n500", record: "cifar10-jigsaw-grpo-s1-n500-conv", task: "jigsaw [conv probe]" });
    expect(visionRunNames({ ...TABLES, channels: [32, 64, 64], features: "conv" }, "cifar10", "jigsaw", "cross-entropy", 2, 800).task).toBe("jigsaw [CNN 32-64-64] [conv probe]");
  });

  it.each([
    [{ learningRate: "0.003" }, "lr0.003", "lr 0.003"],
    [{ batchSize: 64 }, "batch64", "batch 64"],
    [{ lrSchedule: "cosine" as const }, "cosinelr", "cosine lr"],
    [{ pairHead: "match" as const }, "matchhead", "match head"],
    [{ trainImages: "/data/my photos/" }, "images-myphotos", "images my photos"],
  ])("a training choice %j names the run folder, the record and the row, but not random init", (over, slug, label) => {
    const names = visionRunNames({ ...TABLES, ...over, features: "conv" }, "cifar10", "rotation", "grpo", 3, 100);
    expect(names.runDir).toBe(`cifar10-rotation-grpo-${slug}-s3-n100`);
    expect(names.record).toBe(`cifar10-rotation-grpo-${slug}-s3-n100-conv`);
    expect(names.task).toBe(`rotation [${label}] [conv probe]`);
    // A different set-up never reuses the tables' folder (a finished run there would be probed as this one).
    expect(names.runDir).not.toBe(visionRunNames({ ...TABLES, features: "conv" }, "cifar10", "rotation", "grpo", 3, 100).runDir);
    expect(visionRunNames({ ...TABLES, ...over }, "cifar10", "rotation", "random-init", 3, 0).task).toBe("random-init");
  });

  it("GRPO's group size names GRPO runs only: the twin and random init do not sample, so theirs stay the setting's", () => {
    const setup: VisionSetup = { ...TABLES, groupSize: 16, features: "conv" };
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "grpo", 1, 3000)).toEqual({
      runDir: "cifar10-rotation-upright-grpo-group16-s1-n3000",
      record: "cifar10-rotation-upright-grpo-group16-s1-n3000-conv",
      task: "rotation-upright [group 16] [conv probe]",
    });
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "cross-entropy", 1, 3000)).toEqual(visionRunNames({ ...TABLES, features: "conv" }, "cifar10", "rotation-upright", "cross-entropy", 1, 3000));
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "random-init", 1, 0).task).toBe("random-init [conv probe]");
    expect(visionRunNames({ ...setup, groupSize: 5 }, "cifar10", "rotation-upright", "grpo", 1, 3000).runDir).toBe("cifar10-rotation-upright-grpo-s1-n3000");
  });

  it("GRPO's entropy bonus, like its group size, names GRPO runs only, after the CNN and the group", () => {
    const setup: VisionSetup = { ...TABLES, channels: [32, 64, 128], groupSize: 16, entropy: "0.2", features: "conv" };
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "grpo", 2, 3000)).toEqual({
      runDir: "cifar10-rotation-upright-grpo-cnn32x64x128-group16-entropy0.2-s2-n3000",
      record: "cifar10-rotation-upright-grpo-cnn32x64x128-group16-entropy0.2-s2-n3000-conv",
      task: "rotation-upright [CNN 32-64-128] [group 16] [entropy 0.2] [conv probe]",
    });
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "cross-entropy", 2, 3000).task).toBe("rotation-upright [CNN 32-64-128] [conv probe]");
    expect(visionRunNames({ ...setup, groupSize: 5 }, "cifar10", "rotation-upright", "grpo", 2, 3000).task).toBe("rotation-upright [CNN 32-64-128] [entropy 0.2] [conv probe]");
  });

  it("group normalisation is part of the CNN's name: it names every method's runs, random init's too, even at the tables' widths", () => {
    const setup: VisionSetup = { ...TABLES, channels: [32, 64, 128], imageNorm: "group", entropy: "0.5", features: "conv" };
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "grpo", 1, 8000)).toEqual({
      runDir: "cifar10-rotation-upright-grpo-cnn32x64x128-groupnorm-entropy0.5-s1-n8000",
      record: "cifar10-rotation-upright-grpo-cnn32x64x128-groupnorm-entropy0.5-s1-n8000-conv",
      task: "rotation-upright [CNN 32-64-128, group norm] [entropy 0.5] [conv probe]",
    });
    expect(visionRunNames({ ...TABLES, imageNorm: "group" }, "cifar10", "jigsaw", "random-init", 2, 0).task).toBe("random-init [CNN 16-32-32, group norm]");
    expect(visionRunNames(setup, "cifar10", "rotation-upright", "cross-entropy", 1, 8000).runDir).toBe("cifar10-rotation-upright-cross-entropy-cnn32x64x128-groupnorm-s1-n8000");
    const randomInit = visionRunNames(setup, "cifar10", "rotation-upright", "random-init", 1, 0);
    expect(randomInit.runDir).toBe("cifar10-rotation-upright-random-init-cnn32x64x128-groupnorm-s1-n0");
    expect(randomInit.runDir).not.toBe(visionRunNames({ ...setup, imageNorm: undefined }, "cifar10", "rotation-upright", "random-init", 1, 0).runDir);
  });

  it("another probe set names the record and the row, not the run folder (every probe of a run shares it)", () => {
    const names = visionRunNames({ ...TABLES, probe: [10000, 1000, 2000], features: "conv" }, "cifar10", "jigsaw", "grpo", 1, 1500);
    expect(names.runDir).toBe("cifar10-jigsaw-grpo-s1-n1500");
    expect(names.record).toBe("cifar10-jigsaw-grpo-s1-n1500-probe10000x1000x2000-conv");
    expect(names.task).toBe("jigsaw [probe 10000/1000/2000] [conv probe]");
    // The tensor objective marks the record and the row too: its fit may end a few test images from the loops'.
    const tensor = visionRunNames({ ...TABLES, probe: [10000, 1000, 2000], probeObjective: "tensor", features: "conv" }, "cifar10", "jigsaw", "grpo", 1, 1500);
    expect(tensor.runDir).toBe(names.runDir);
    expect(tensor.record).toBe("cifar10-jigsaw-grpo-s1-n1500-probe10000x1000x2000-tensorfit-conv");
    expect(tensor.task).toBe("jigsaw [probe 10000/1000/2000] [tensor fit] [conv probe]");
    expect(visionRunNames({ ...TABLES, probeObjective: "loops" }, "cifar10", "jigsaw", "grpo", 1, 1500).record).toBe("cifar10-jigsaw-grpo-s1-n1500");
  });

  it("--quick runs keep their own fixed names whatever the flags say", () => {
    const names = visionRunNames({ ...TABLES, quick: true, learningRate: "0.003", probe: [80, 10, 10] }, "cifar10-sample", "rotation", "grpo", 1, 60);
    expect(names).toEqual({ runDir: "cifar10-sample-rotation-grpo-s1-n60", record: "cifar10-sample-rotation-grpo-s1-n60", task: "rotation" });
  });
});
