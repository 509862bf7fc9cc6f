import { existsSync } from "node:fs";
import { join } from "node:path";
import { BadInputError, type SkipCounter } from "@ssl4rl/core";
import { compactGraph } from "./compact-graph.js";
import type { GraphDataset } from "./graph-dataset.js";
import { findLinqsFiles, loadLinqs } from "./linqs-loader.js";
import { loadNpz } from "./npz-loader.js";
import { planetoidPickleFiles, planetoidSplitFromPickles } from "./planetoid-pickle-split.js";
import { readPlanetoidSplitTsv } from "./planetoid-split.js";

/** A file of a named dataset: where it lives in the public repository snapshot, and its SHA-256. */
export interface DatasetFile {
  /** Path inside the dataset folder (and the cache). */
  readonly path: string;
  readonly url: string;
  readonly sha256: string;
}

/** A dataset known by name: `cora`, `citeseer`. */
export interface NamedDataset {
  readonly name: string;
  readonly numClasses: number;
  /** Files `ssl4rl download` fetches, pinned to commits so the checksums hold. */
  readonly files: readonly DatasetFile[];
}

/** Where the pinned files are served from; `ssl4rl download --mirror URL` replaces it. */
export const DEFAULT_DATASET_HOST = "https://raw.githubusercontent.com";

/**
 * Cora and CiteSeer from their public sources: the gnn-benchmark `.npz` (Shchur et al.,
 * shchur/gnn-benchmark) and the Planetoid files that place the public split on it
 * (`test.index`, `allx`, `tx`, `graph`; Yang et al., kimiyoung/planetoid), both MIT-licensed
 * repositories, at fixed commits.
 */
export const NAMED_DATASETS: Readonly<Record<"cora" | "citeseer", NamedDataset>> = {
  cora: {
    name: "cora",
    numClasses: 7,
    files: [
      {
        path: "cora.npz",
        url: `${DEFAULT_DATASET_HOST}/shchur/gnn-benchmark/1e72912a0810cdf27ae54fd589a3b43358a2b161/data/npz/cora.npz`,
        sha256: "068e22d90c3849b4057dfb05851741428992af058efcd4e7ebb4186f3d581de2",
      },
      {
        path: "planetoid/ind.cora.test.index",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.test.index`,
        sha256: "297ce89af2b51a6a194181c7dbe1796c6a1cf9cd9349a88383b1b1e227867875",
      },
      {
        path: "planetoid/ind.cora.allx",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.allx`,
        sha256: "9419ba2f26f5c35243db64aba110e0f35a04851609e0dc5433450676ca6b8543",
      },
      {
        path: "planetoid/ind.cora.tx",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.tx`,
        sha256: "b9afbaa4a400df991f6f02ef677e1e44da55ffc04801fd02f9e673987829226a",
      },
      {
        path: "planetoid/ind.cora.graph",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.graph`,
        sha256: "58f13302f39dde8852dad6fe6d15b89b077b6d7f837626bce671ef80344b383d",
      },
    ],
  },
  citeseer: {
    name: "citeseer",
    numClasses: 6,
    files: [
      {
        path: "citeseer.npz",
        url: `${DEFAULT_DATASET_HOST}/shchur/gnn-benchmark/1e72912a0810cdf27ae54fd589a3b43358a2b161/data/npz/citeseer.npz`,
        sha256: "280278b21b434c047922e8389518861416fb3ad39389c27865ff0e6bbb0aaab7",
      },
      {
        path: "planetoid/ind.citeseer.test.index",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.test.index`,
        sha256: "2af990671580b6b2df5d158d1038f8292e30c9cd821b5453f399659b25b723d4",
      },
      {
        path: "planetoid/ind.citeseer.allx",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.allx`,
        sha256: "2ac30345d95c9ec933a817ee0bdd6a5f077f8c184a20e696910192d534414668",
      },
      {
        path: "planetoid/ind.citeseer.tx",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.tx`,
        sha256: "539a8906a2da97628d212f2fdd668c109a8b3f0d36574b59e5d3fd5b5303da21",
      },
      {
        path: "planetoid/ind.citeseer.graph",
        url: `${DEFAULT_DATASET_HOST}/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.graph`,
        sha256: "d79a4ef9d3e7169aee8946145f6b7306e35bc79bffad26346cfb94e10e9912a7",
      },
    ],
  },
};

/** True for a name in {@link NAMED_DATASETS}. */
export function isNamedDataset(name: string): name is keyof typeof NAMED_DATASETS {
  return Object.hasOwn(NAMED_DATASETS, name);
}

/**
 * Loads `cora` or `citeseer` from a folder: `NAME.npz` when present, else the LINQS files
 * (`NAME.content[.gz]` and `NAME.cites`); and the Planetoid public split from
 * `NAME_planetoid_split.tsv` (the split by paper id) when present, else from the original
 * Planetoid files (`[planetoid/]ind.NAME.{allx,tx,graph,test.index}`, matched node by node:
 * see {@link planetoidSplitFromPickles}), else no split.
 *
 * @example
 * ```ts
 * const cora = loadNamedDataset("cora", "../shared/datasets/cora");
 * cora.split?.train.length; // 140
 * ```
 */
export function loadNamedDataset(name: keyof typeof NAMED_DATASETS, dir: string, skips?: SkipCounter): GraphDataset {
  const npz = join(dir, `${name}.npz`);
  let dataset: GraphDataset;
  if (existsSync(npz)) dataset = loadNpz(npz, { name });
  else if (existsSync(dir)) {
    const { content, cites } = findLinqsFiles(dir);
    dataset = loadLinqs(content, cites, { name, ...(skips !== undefined ? { skips } : {}) });
  } else {
    throw new BadInputError({ file: dir, expected: `a folder with ${name}.npz or the LINQS ${name}.content and ${name}.cites`, hint: `Run "ssl4rl download ${name}" and use ${name} with no folder` });
  }
  const origin = `${name}:${dir}`;
  const splitFile = join(dir, `${name}_planetoid_split.tsv`);
  if (existsSync(splitFile)) {
    const index = new Map(dataset.graph.nodes().map((id, i) => [id, i]));
    return { ...dataset, split: readPlanetoidSplitTsv(splitFile, (id) => index.get(id)), origin };
  }
  if (planetoidPickleFiles(dir, name) !== undefined) {
    return { ...dataset, split: planetoidSplitFromPickles(dir, name, compactGraph(dataset), NAMED_DATASETS[name].numClasses), origin };
  }
  return { ...dataset, origin };
}
