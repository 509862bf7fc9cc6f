/**
 * Load and fault generator for a remote reward server speaking OpenRLHF's protocol
 * (POST /get_reward {query, prompts, labels}). Loopback only: it refuses any other host.
 *
 *   node --import tsx bench/reward-server/load.ts --target ts=http://127.0.0.1:8000 \
 *     --target py=http://127.0.0.1:8001 --seconds 60 --rounds 6
 *
 * Each request carries a batch of 64 responses; 10% of requests are malformed in one of
 * several ways (broken JSON, unknown task, label count mismatch, wrong types, an over-long
 * hostile response). With several targets, the time is cut into rounds that alternate between
 * them, so a neighbour's load on a shared machine hits both sides alike. Prints one JSON line
 * per target (requests/s, responses scored/s, latency percentiles, requests that got no answer
 * at all, which must be 0) and, with two targets, the ratio of responses scored per second.
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    target: { type: "string", multiple: true, default: ["server=http://127.0.0.1:8000"] },
    seconds: { type: "string", default: "60" },
    rounds: { type: "string", default: "1" },
    connections: { type: "string", default: "8" },
    batch: { type: "string", default: "64" },
    "malformed-percent": { type: "string", default: "10" },
    token: { type: "string" },
  },
});
const targets = values.target.map((spec) => {
  const eq = spec.indexOf("=");
  const url = new URL("/get_reward", spec.slice(eq + 1));
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) throw new Error(`load.ts only drives loopback servers, not ${url.hostname}`);
  return { label: spec.slice(0, eq), url };
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const batch = Number(values.batch);
const malformedPercent = Number(values["malformed-percent"]);

// A fixed pseudo-random sequence (xorshift), so every run sends the same mix.
let state = 0x9e3779b9;
const next = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const TASKS = [
  { task: "vision/rotation", answers: ["0", "90", "180", "270"] },
  { task: "vision/position", answers: ["top-left", "top-right", "bottom-left", "bottom-right"] },
  { task: "vision/contrastive", answers: ["positive", "negative"] },
  { task: "vision/jigsaw", answers: ["1,2,3,4", "3,1,4,2", "2,1,4,3", "4,3,2,1"] },
];

function response(answer: string): string {
  const reasoning = "The image is compared region by region. ".repeat(1 + Math.floor(next() * 8));
  const r = next();
  if (r < 0.1) return `<|im_start|>assistant\n${reasoning}no tags at all`;
  return `<|im_start|>user\nwhich?<|im_end|>\n<|im_start|>assistant\n<think>${reasoning}</think><answer>${answer}</answer>`;
}

function validBody(): string {
  const query: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < batch; i++) {
    const t = pick(TASKS);
    const truth = pick(t.answers);
    query.push(response(next() < 0.5 ? truth : pick(t.answers)));
    labels.push(next() < 0.5 ? `${t.task}:${truth}` : JSON.stringify({ task: t.task, answer: truth }));
  }
  return JSON.stringify({ query, prompts: query.map(() => "prompt"), labels });
}

const MALFORMED: (() => string)[] = [
  () => validBody().slice(0, 200), // truncated JSON
  () => JSON.stringify({ query: ["<answer>90</answer>"], prompts: [""], labels: ["vision/no-such-task:90"] }),
  () => JSON.stringify({ query: ["a", "b"], prompts: ["", ""], labels: ["vision/rotation:90"] }),
  () => JSON.stringify({ query: [1, 2, 3], labels: ["x", "y", "z"] }),
  () => JSON.stringify({ query: ["assistant\n" + "<answer>".repeat(40_000)], prompts: [""], labels: ["vision/rotation:90"] }), // 320 KB hostile
  () => JSON.stringify({ query: [`${"[".repeat(2000)}`], labels: [] }),
];

// A pool of prepared bodies, so the generator spends its time sending, not building JSON.
const pool: { body: string; malformed: boolean }[] = [];
for (let i = 0; i < 200; i++) {
  // Exactly malformedPercent of the pool, spread evenly.
  const malformed = ((i + 1) * malformedPercent) % 100 < malformedPercent;
  pool.push({ body: malformed ? pick(MALFORMED)() : validBody(), malformed });
}

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const headers: Record<string, string> = { "content-type": "application/json" };
if (values.token) headers.authorization = `Bearer ${values.token}`;

interface Outcome {
  status: number; // 0: no answer
  ms: number;
  malformed: boolean;
  scored: number;
}

function send(target: URL, item: { body: string; malformed: boolean }): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(target, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(item.body) }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        let scored = 0;
        if (res.statusCode === 200) {
          try {
            scored = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rewards: number[] }).rewards.length;
          } catch {
            scored = -1;
          }
        }
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, malformed: item.malformed, scored });
      });
      res.on("error", () => resolve({ status: 0, ms: performance.now() - started, malformed: item.malformed, scored: 0 }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started, malformed: item.malformed, scored: 0 }));
    req.end(item.body);
  });
}

/** Drives one target for `ms` with `connections` keep-alive connections; returns every outcome. */
async function drive(target: URL, ms: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const deadline = performance.now() + ms;
  let cursor = 0;
  const worker = async () => {
    while (performance.now() < deadline) outcomes.push(await send(target, pool[cursor++ % pool.length]!));
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return outcomes;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

const all = new Map(targets.map((t) => [t.label, { outcomes: [] as Outcome[], seconds: 0 }]));
for (let r = 0; r < rounds; r++) {
  for (const t of targets) {
    const began = performance.now();
    const got = await drive(t.url, (seconds * 1000) / rounds);
    const entry = all.get(t.label)!;
    entry.outcomes.push(...got);
    entry.seconds += (performance.now() - began) / 1000;
  }
}
agent.destroy();

const reports = targets.map(({ label }) => {
  const { outcomes, seconds: elapsed } = all.get(label)!;
  const valid = outcomes.filter((o) => !o.malformed);
  const malformed = outcomes.filter((o) => o.malformed);
  return {
    label,
    seconds: Math.round(elapsed * 10) / 10,
    connections,
    batch,
    requests: outcomes.length,
    malformedRequests: malformed.length,
    unanswered: outcomes.filter((o) => o.status === 0).length,
    validNot200: valid.filter((o) => o.status !== 200).length,
    malformedNot4xx: malformed.filter((o) => o.status < 400 || o.status >= 500).length,
    wrongBatchSize: valid.filter((o) => o.status === 200 && o.scored !== batch).length,
    requestsPerSecond: Math.round(outcomes.length / elapsed),
    responsesScoredPerSecond: Math.round(valid.reduce((n, o) => n + Math.max(0, o.scored), 0) / elapsed),
    p50ms: round2(percentile(valid.map((o) => o.ms), 50)),
    p99ms: round2(percentile(valid.map((o) => o.ms), 99)),
    malformedP50ms: round2(percentile(malformed.map((o) => o.ms), 50)),
    statuses: Object.fromEntries([...new Set(outcomes.map((o) => o.status))].sort().map((s) => [s, outcomes.filter((o) => o.status === s).length])),
  };
});
for (const report of reports) console.log(JSON.stringify(report));
if (reports.length === 2) {
  const [a, b] = reports as [(typeof reports)[0], (typeof reports)[0]];
  console.log(`ratio ${a.label}/${b.label}: responses scored per second ${(a.responsesScoredPerSecond / b.responsesScoredPerSecond).toFixed(2)}, p50 latency ${(a.p50ms / b.p50ms).toFixed(2)}, p99 latency ${(a.p99ms / b.p99ms).toFixed(2)}`);
}
if (reports.some((r) => r.unanswered > 0 || r.validNot200 > 0 || r.malformedNot4xx > 0)) process.exitCode = 1;
