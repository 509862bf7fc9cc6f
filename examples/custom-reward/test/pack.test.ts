import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pnpm = ["-y", "pnpm@12.4.2"];

// How users install plugins: packed tarballs, installed with npm into a project outside the workspace.
describe("packed packages", () => {
  it("install with npm outside the workspace; a script registers the plugin and scores an answer", { timeout: 300_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), "ssl4rl-pack-"));
    const packs = join(work, "packs");
    for (const pkg of ["packages/core", "examples/custom-reward"]) {
      execFileSync("npx", [...pnpm, "pack", "--pack-destination", packs], { cwd: join(root, pkg), stdio: "pipe" });
    }
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    expect(tarballs.map((t) => t.split("/").pop()).sort()).toEqual(["ssl4rl-core-0.1.0.tgz", "ssl4rl-plugin-count-ones-0.1.0.tgz"]);
    const project = join(work, "user-project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], { cwd: project, stdio: "pipe" });
    writeFileSync(
      join(project, "score.js"),
      [
        'import { createRegistry } from "@ssl4rl/core";',
        'import plugin from "ssl4rl-plugin-count-ones";',
        "const registry = createRegistry([plugin]);",
        'const task = registry.task("toy/count-ones");',
        "const space = task.answerSpace(task.options.parse({}));",
        'const result = await registry.rewardFor(task).score("<think>4 ones</think> <answer>4</answer>", { answer: "4", answerSpace: space });',
        "console.log(JSON.stringify({ tasks: registry.tasks().map((t) => t.item.id), result }));",
      ].join("\n"),
    );
    const out = execFileSync("node", ["score.js"], { cwd: project, encoding: "utf8" });
    const parsed = JSON.parse(out) as { tasks: string[]; result: { score: number; valid: boolean } };
    expect(parsed.tasks).toEqual(["toy/count-ones"]);
    expect(parsed.result.score).toBe(1);
    expect(parsed.result.valid).toBe(true);
  });
});
