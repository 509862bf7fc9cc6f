import { describe, expect, it } from "vitest";
import { chooseByValidation, isProbeStep, type ProbePoint } from "../src/validation-selection.js";

// A synthetic curve on which validation and test disagree: test peaks at step 10, validation at step 20.
const curve: ProbePoint[] = [
  { step: 5, valAccuracy: 74.0, testAccuracy: 76.0 },
  { step: 10, valAccuracy: 75.2, testAccuracy: 81.5 },
  { step: 15, valAccuracy: 76.0, testAccuracy: 79.0 },
  { step: 20, valAccuracy: 77.4, testAccuracy: 78.1 },
  { step: 25, valAccuracy: 76.8, testAccuracy: 80.9 },
];

describe("model selection on the validation split", () => {
  it("picks the step with the best validation accuracy, not the best test accuracy", () => {
    const chosen = chooseByValidation(curve);
    expect(chosen.step).toBe(20);
    expect(chosen.testAccuracy).toBe(78.1);
    expect(Math.max(...curve.map((p) => p.testAccuracy))).toBeGreaterThan(chosen.testAccuracy);
  });

  it("does not change its choice when only test accuracies change", () => {
    const scrambled = curve.map((p, i) => ({ ...p, testAccuracy: [99, 1, 50, 2, 98][i]! }));
    expect(chooseByValidation(scrambled).step).toBe(chooseByValidation(curve).step);
  });

  it("breaks a validation tie towards the earlier step, whatever the order of the points", () => {
    const tied: ProbePoint[] = [
      { step: 30, valAccuracy: 77.4, testAccuracy: 90 },
      ...curve,
    ];
    expect(chooseByValidation(tied).step).toBe(20);
  });

  it("refuses an empty curve with a message that says why", () => {
    expect(() => chooseByValidation([])).toThrow(/at least one probed step/);
  });

  it.each([
    [5, 5, 40, true],
    [7, 5, 40, false],
    [40, 5, 40, true],
    [38, 5, 38, true],
    [3, 10, 3, true],
    [4, 0, 40, false],
  ])("step %d with --select-every %d of %d steps is probed: %s", (step, every, steps, probed) => {
    expect(isProbeStep(step, every, steps)).toBe(probed);
  });
});
