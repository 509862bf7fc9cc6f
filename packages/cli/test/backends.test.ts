import { describe, expect, it } from "vitest";
import { runInProcess } from "./run-cli.js";

describe("ssl4rl backends", () => {
  it("lists tensorflow, wasm and cpu, fastest first, with wasm and cpu loading here", async () => {
    const { code, out } = await runInProcess(["backends", "--json"]);
    expect(code).toBe(0);
    const status = JSON.parse(out) as { name: string; loads: boolean; detail: string }[];
    expect(status.map((s) => s.name)).toEqual(["tensorflow", "wasm", "cpu"]);
    expect(status[1]).toMatchObject({ loads: true });
    expect(status[2]).toMatchObject({ loads: true });
    // Where the native backend does not load, the line says why and how to get it.
    if (!status[0]!.loads) expect(status[0]!.detail).toMatch(/not installed|build-native/);
    else expect(status[0]!.detail).toMatch(/^@tensorflow\/tfjs-node(-gpu)? \(TensorFlow \d+\.\d+/);
  });

  it("prints one line per backend without --json", async () => {
    const { code, out } = await runInProcess(["backends"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^wasm +loads +@tensorflow\/tfjs-backend-wasm/m);
    expect(out.trim().split("\n")).toHaveLength(3);
  });

  it.each([
    [["backends", "build-native", "--package", "@tensorflow/tfjs"], /--package.*@tensorflow\/tfjs-node/],
    [["backends", "build-native", "--wheel", "/nonexistent/tensorflow.whl"], /\/nonexistent\/tensorflow\.whl/],
  ])("%j exits 2 with a clear line", async (args, message) => {
    const { code, err } = await runInProcess(args);
    expect(code).toBe(2);
    expect(err.trim().split("\n").at(-1)).toMatch(/^ssl4rl: /);
    expect(err).toMatch(message);
  });
});
