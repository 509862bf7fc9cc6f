import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram, CliContext } from "@ssl4rl/cli";
import { runInProcess, runProcess } from "./run-cli.js";

const PLUGIN = ["--plugin", "ssl4rl-plugin-count-ones"];

describe("ssl4rl CLI", () => {
  it("prints --help for the program and for every command, exit 0", async () => {
    const program = buildProgram(new CliContext({ out() {}, err() {}, isTTY: false }, process.cwd()));
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(["tasks", "score", "make", "demo"]));
    for (const name of names) {
      const { code, out } = await runInProcess([name, "--help"]);
      expect(code, name).toBe(0);
      expect(out, name).toMatch(new RegExp(`Usage: ssl4rl ${name}`));
    }
    const top = await runInProcess(["--help"]);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Commands:/);
  });

  it("exits 2 with one clear line on a usage error", async () => {
    const { code, err } = await runInProcess(["score", "--task"]);
    expect(code).toBe(2);
    expect(err).toMatch(/argument missing|option '--task <id>'/);
    const unknown = await runInProcess(["no-such-command"]);
    expect(unknown.code).toBe(2);
  });

  it("loads a third-party plugin by package name and lists its task as JSON", () => {
    const { code, out, err } = runProcess([...PLUGIN, "--no-default-plugins", "tasks", "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; plugin: string; version: string; modality: string; description: string; answers: string[] | null }[];
    expect(rows).toEqual([
      {
        id: "toy/count-ones",
        plugin: "ssl4rl-plugin-count-ones",
        version: "1.0.0",
        modality: "vector",
        description: "Count the ones in a random bit string",
        answers: ["0", "1", "2", "3", "4", "5", "6", "7", "8"],
      },
    ]);
  });

  it("scores answers with the plugin's reward, from text and from a file", () => {
    const exact = runProcess([...PLUGIN, "score", "--task", "toy/count-ones", "--truth", "3", "--response", "<think>..</think><answer>3</answer>"]);
    expect(exact.code).toBe(0);
    expect(JSON.parse(exact.out)).toEqual({ score: 1, components: { accuracy: 1, closeness: 1 }, valid: true });
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-score-"));
    writeFileSync(join(dir, "r.txt"), "user\n<answer>0</answer>\nassistant\nI count <answer>5</answer>");
    const off = runProcess([...PLUGIN, "score", "--task", "toy/count-ones", "--truth", "3", "--response-file", join(dir, "r.txt")]);
    expect(off.code).toBe(0);
    const parsed = JSON.parse(off.out) as { score: number; valid: boolean };
    expect(parsed.score).toBeCloseTo(0.75, 10);
    expect(parsed.valid).toBe(true);
    const none = runProcess([...PLUGIN, "score", "--task", "toy/count-ones", "--truth", "3", "--response", "three"]);
    expect(JSON.parse(none.out)).toEqual({ score: 0, components: { accuracy: 0 }, valid: false });
  });

  it("rejects bad input with exit 2 and a line naming what was wrong", () => {
    const unknownTask = runProcess([...PLUGIN, "score", "--task", "toy/count-one", "--truth", "1", "--response", "x"]);
    expect(unknownTask.code).toBe(2);
    expect(unknownTask.err.trim().split("\n")).toHaveLength(1);
    expect(unknownTask.err).toMatch(/Unknown task "toy\/count-one".*Did you mean "toy\/count-ones"/);
    const missingFile = runProcess([...PLUGIN, "score", "--task", "toy/count-ones", "--truth", "1", "--response-file", "/nonexistent/r.txt"]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.err).toMatch(/\/nonexistent\/r\.txt.*readable file/);
    const missingPlugin = runProcess(["--plugin", "ssl4rl-plugin-absent", "tasks"]);
    expect(missingPlugin.code).toBe(2);
    expect(missingPlugin.err).toMatch(/ssl4rl-plugin-absent.*npm install/);
  });

  it("loads plugins listed in a config file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-rc-"));
    const rc = join(dir, "ssl4rl.config.yaml");
    writeFileSync(rc, "defaultPlugins: false\nplugins:\n  - ssl4rl-plugin-count-ones\n");
    const ok = runProcess(["--rc", rc, "tasks", "--json"]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.out) as { id: string }[]).map((t) => t.id)).toEqual(["toy/count-ones"]);
    writeFileSync(rc, "plugins: 42\n");
    const bad = runProcess(["--rc", rc, "tasks"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ssl4rl\.config\.yaml.*field "plugins"/);
  });

  it("make writes the same files for the same seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-make-"));
    const make = (out: string, seed: string) => runProcess([...PLUGIN, "make", "--task", "toy/count-ones", "--count", "20", "--seed", seed, "--out", join(dir, out)]);
    expect(make("a", "4").code).toBe(0);
    expect(make("b", "4").code).toBe(0);
    expect(make("c", "5").code).toBe(0);
    const read = (out: string) => readFileSync(join(dir, out, "episodes.jsonl"), "utf8");
    expect(read("a")).toBe(read("b"));
    expect(read("a")).not.toBe(read("c"));
    const lines = read("a").trim().split("\n").map((l) => JSON.parse(l) as { answer: string; metadata: { ones: number } });
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(line.answer).toBe(String(line.metadata.ones));
  });
});
