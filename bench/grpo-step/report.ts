/**
 * Reads the JSON lines `run.sh` collected (per round: PyTorch's step, then each tfjs backend's;
 * then each side's roofline) and prints the rounds, the ratios and the roofline.
 *
 * Usage: node --import tsx bench/grpo-step/report.ts RESULTS_FILE
 */
import { readFileSync } from "node:fs";

interface StepResult {
  side: "tfjs" | "pytorch";
  round: number;
  backend?: string;
  provider?: string;
  version?: string;
  threads?: number;
  medianMs: number;
  medianCpuMs: number;
  times: number[];
}
interface PeakResult {
  side: "tfjs" | "pytorch";
  backend?: string;
  best: number;
}

const lines = readFileSync(process.argv[2]!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as StepResult | PeakResult);
const steps = lines.filter((l): l is StepResult => "round" in l);
const peaks = lines.filter((l): l is PeakResult => !("round" in l));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const torch = steps.filter((s) => s.side === "pytorch");
const torchPeak = peaks.find((p) => p.side === "pytorch")!;
const describe = (r: StepResult) => `${r.medianCpuMs.toFixed(1)} ms CPU (${r.medianMs.toFixed(1)} wall, fastest ${Math.min(...r.times).toFixed(1)})`;
console.log(`PyTorch ${torch[0]!.version} (${torch[0]!.threads} thread): ${torch.map(describe).join("; ")}`);
// Multiply-adds of one step, per image: forward 3*3*3*16*32*32 + 3*3*16*32*16*16 + 3*3*32*32*8*8
// + 2048*64 = 2,342,912; three forwards (sampling, reference, training), the weight gradients
// (one more forward-sized pass) and the input gradients of every layer but the first
// (1,900,544). The heads (128x64 + 64x4 per episode) are left out: under 0.1%.
const flops = 2 * 128 * (4 * 2342912 + 1900544);
for (const backend of [...new Set(steps.filter((s) => s.side === "tfjs").map((s) => s.backend!))]) {
  const runs = steps.filter((s) => s.side === "tfjs" && s.backend === backend);
  const ratios = runs.map((r) => r.medianCpuMs / torch.find((t) => t.round === r.round)!.medianCpuMs);
  const wallRatios = runs.map((r) => r.medianMs / torch.find((t) => t.round === r.round)!.medianMs);
  console.log(`tfjs ${backend} (${runs[0]!.provider}): ${runs.map(describe).join("; ")}`);
  console.log(
    `  ratio tfjs ${backend} / PyTorch by CPU time, per round: ${ratios.map((r) => `${r.toFixed(2)}x`).join(", ")}; median ${median(ratios).toFixed(2)}x (by wall time ${median(wallRatios).toFixed(2)}x; target <= 1.5x); ${(128 / (median(runs.map((r) => r.medianCpuMs)) / 1000)).toFixed(0)} images/s of CPU time against PyTorch's ${(128 / (median(torch.map((t) => t.medianCpuMs)) / 1000)).toFixed(0)}`,
  );
  const peak = peaks.find((p) => p.side === "tfjs" && p.backend === backend)!;
  const floor = (flops / 1e9 / peak.best) * 1000;
  console.log(
    `  roofline: ${(flops / 1e9).toFixed(2)} GFLOP per step; best matrix-product rate tfjs ${backend} ${peak.best.toFixed(1)} GFLOP/s, PyTorch ${torchPeak.best.toFixed(1)} GFLOP/s (${(torchPeak.best / peak.best).toFixed(2)}x); a tfjs step at its best rate throughout would take ${floor.toFixed(1)} ms, ${(floor / median(torch.map((t) => t.medianCpuMs))).toFixed(2)}x PyTorch's median step`,
  );
}
