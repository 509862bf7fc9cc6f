import { readFileSync } from "node:fs";
import { type Schema, tableFromIPC } from "apache-arrow";
import * as parquetWasm from "parquet-wasm/node";

/** Arrow rows hold nested vectors and struct rows; this makes them plain JSON-like values (bigints as numbers). */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Uint8Array) return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return plain((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Reads a parquet file with arrow-rs (parquet-wasm): a reader independent of the writer (hyparquet-writer). */
export function readWithArrow(path: string): { schema: Schema; rows: Record<string, any>[] } {
  const table = tableFromIPC(parquetWasm.readParquet(readFileSync(path)).intoIPCStream());
  return { schema: table.schema, rows: table.toArray().map((r) => plain(r) as Record<string, any>) };
}
