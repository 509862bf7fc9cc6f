import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runInProcess } from "./run-cli.js";

const CORA = join(repoRoot, "..", "shared", "datasets", "cora");
const haveCora = existsSync(join(CORA, "cora.npz"));
if (!haveCora) console.log(`skipping the real-file download test: ${CORA} not found (the shared datasets are not mounted)`);

/** Serves, on loopback only, what a mirror of raw.githubusercontent.com would: the real Cora files when present, a fixture elsewhere. */
let server: Server;
let base: string;
const FIXTURE = Buffer.from("not the real file\n");
let serveReal = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "";
    if (serveReal && url.endsWith("/data/npz/cora.npz")) return void res.writeHead(200).end(readFileSync(join(CORA, "cora.npz")));
    const planetoid = /\/data\/(ind\.cora\.(?:test\.index|allx|tx|graph))$/.exec(url);
    if (serveReal && planetoid !== null) return void res.writeHead(200).end(readFileSync(join(CORA, "planetoid", planetoid[1]!)));
    if (url.startsWith("/shchur/") || url.startsWith("/kimiyoung/")) return void res.writeHead(200).end(FIXTURE);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("ssl4rl download", () => {
  it("exits 2 with one line when the served file fails its checksum, and writes nothing", async () => {
    serveReal = false;
    const cache = mkdtempSync(join(tmpdir(), "ssl4rl-cache-"));
    const { code, err, out } = await runInProcess(["download", "cora", "--cache", cache, "--mirror", base]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/cora\.npz, field "sha256": expected 068e22d9/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("rejects an unknown dataset name, listing the known ones", async () => {
    const { code, err } = await runInProcess(["download", "pubmed"]);
    expect(code).toBe(2);
    expect(err).toMatch(/expected one of cora, citeseer, got "pubmed"/);
  });

  it.skipIf(!haveCora)("downloads Cora into the cache, verifies it, reuses it, and the cache loads as cora:DIR with its split", async () => {
    serveReal = true;
    const cache = mkdtempSync(join(tmpdir(), "ssl4rl-cache-"));
    const first = await runInProcess(["download", "cora", "--cache", cache, "--mirror", base]);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/fetched cora\.npz \(540580 bytes, sha256 ok\)/);
    const dir = first.out.trim();
    expect(dir).toBe(join(cache, "datasets", "cora"));
    const again = await runInProcess(["download", "cora", "--cache", cache, "--mirror", base]);
    expect(again.err).toMatch(/cached  cora\.npz/);
    const stats = await runInProcess(["graph", "stats", "--source", `cora:${dir}`, "--json"]);
    // No split TSV in the cache: the split comes from the Planetoid pickles.
    expect(JSON.parse(stats.out)).toMatchObject({ nodes: 2708, edges: 5429, features: 1433, classes: 7, split: { train: 140, val: 500, test: 1000 } });
  });
});
