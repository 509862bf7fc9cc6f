import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadConfigError, BadInputError } from "@ssl4rl/core";
import { DEFAULT_DATASET_HOST, downloadDataset, downloadFiles, NAMED_DATASETS } from "@ssl4rl/graph-tasks";

const FIXTURE = new TextEncoder().encode("0\t1\n1\t2\n");
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/fixture/edges.tsv") {
      res.writeHead(200, { "content-type": "text/plain" }).end(FIXTURE);
      return;
    }
    // Anything else is the fixture too, so pinned checksums of real files do not match.
    if (req.url?.startsWith("/shchur/") || req.url?.startsWith("/kimiyoung/")) {
      res.writeHead(200).end(FIXTURE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("dataset download (local HTTP server)", () => {
  const file = { path: "sub/edges.tsv", url: `${DEFAULT_DATASET_HOST}/fixture/edges.tsv`, sha256: sha(FIXTURE) };

  it("fetches through the mirror, checks the checksum, and then serves from the cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-dl-"));
    const seen: string[] = [];
    requests.length = 0;
    await downloadFiles([file], dir, { mirror: base, onFile: (p, status) => seen.push(`${status} ${p}`) });
    expect(readFileSync(join(dir, "sub/edges.tsv"))).toEqual(Buffer.from(FIXTURE));
    await downloadFiles([file], dir, { mirror: `${base}/`, onFile: (p, status) => seen.push(`${status} ${p}`) });
    expect(seen).toEqual(["fetched sub/edges.tsv", "cached sub/edges.tsv"]);
    expect(requests).toEqual(["/fixture/edges.tsv"]);
  });

  it("refuses a file whose checksum does not match and leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-dl-"));
    const bad = { ...file, sha256: "0".repeat(64) };
    await expect(downloadFiles([bad], dir, { mirror: base })).rejects.toThrow(BadInputError);
    await expect(downloadFiles([bad], dir, { mirror: base })).rejects.toThrow(/field "sha256": expected 0{64}, got "[0-9a-f]{64}"/);
    expect(existsSync(join(dir, "sub"))).toBe(false);
  });

  it("reports an HTTP error with the URL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-dl-"));
    const missing = { ...file, url: `${DEFAULT_DATASET_HOST}/nope/x` };
    await expect(downloadFiles([missing], dir, { mirror: base })).rejects.toThrow(new RegExp(`${base}/nope/x: expected a reachable URL. HTTP 404`));
  });

  it("downloadDataset pins cora and citeseer files by commit and rejects a mirror serving other bytes", async () => {
    for (const d of Object.values(NAMED_DATASETS)) {
      for (const f of d.files) {
        expect(f.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[\w-]+\/[\w-]+\/[0-9a-f]{40}\//);
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    const cache = mkdtempSync(join(tmpdir(), "ssl4rl-dl-"));
    await expect(downloadDataset("cora", { cache, mirror: base })).rejects.toThrow(/cora\.npz, field "sha256"/);
    expect(readdirSync(cache)).toEqual([]);
    await expect(downloadDataset("pubmed", { cache })).rejects.toThrow(BadConfigError);
  });
});
