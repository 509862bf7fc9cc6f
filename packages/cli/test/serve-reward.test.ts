import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./run-cli.js";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** Starts `ssl4rl serve-reward` as a child process and waits for its listening line. */
async function startServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--conditions=@ssl4rl/source", "--import", "tsx", join(repoRoot, "packages/cli/src/main.ts"), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { url, child, exited, output: () => ({ out, err }) };
}

describe("ssl4rl serve-reward", () => {
  it("scores vision, graph and plugin tasks, needs the token, logs JSON lines and stops cleanly on SIGTERM", async () => {
    const server = await startServer(["--plugin", "ssl4rl-plugin-count-ones", "serve-reward", "--port", "0"], { SSL4RL_REWARD_TOKEN: "tok" });
    const post = (path: string, body: unknown, token = "tok") =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const res = await post("/get_reward", {
      query: ["<|im_start|>assistant\n<answer>90</answer>", "assistant\n<answer>3,1,2,4</answer>", "assistant\n<answer>yes</answer>", "assistant\n<answer>8</answer>"],
      prompts: ["", "", "", ""],
      labels: ["vision/rotation:90", "vision/jigsaw:3,1,4,2", "graph/edge-prediction:no", "toy/count-ones:8"],
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rewards: number[] }).rewards).toEqual([1, 0.5, 0, 1]);
    expect((await post("/score", { items: [] }, "wrong")).status).toBe(401);
    const health = await fetch(`${server.url}/health`);
    expect(((await health.json()) as { tasks: string[] }).tasks).toEqual(expect.arrayContaining(["vision/rotation", "graph/edge-prediction", "toy/count-ones"]));
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const { out, err } = server.output();
    expect(out).toMatch(/SIGTERM: finishing requests in flight/);
    expect(out).toMatch(/reward server stopped/);
    const access = err.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === "access");
    expect(access.map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it("rejects a bad port with exit 2 and one line", async () => {
    const { runInProcess } = await import("./run-cli.js");
    const { code, err } = await runInProcess(["serve-reward", "--port", "70000"]);
    expect(code).toBe(2);
    expect(err).toMatch(/--port/);
  });
});
