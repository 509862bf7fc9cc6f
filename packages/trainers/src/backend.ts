import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { BadConfigError } from "@ssl4rl/core";
import { installedPackageRoot } from "./native-addon-build.js";
import { registerTensorflowTrainingKernels } from "./tensorflow-training-kernels.js";
import { registerWasmTrainingKernels } from "./wasm-training-kernels.js";

/** What `--backend` accepts. */
export const BACKEND_CHOICES = ["auto", "tensorflow", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The backend a run uses, and why the faster ones were not used. */
export interface BackendSelection {
  /** The tfjs backend name now active: `tensorflow`, `wasm` or `cpu`. */
  readonly name: string;
  /** Which package provided it, e.g. `@tensorflow/tfjs-node-gpu`. */
  readonly provider: string;
  /** One line per backend that was tried and not used, with the reason. */
  readonly notUsed: readonly string[];
}

/** Fastest first: native TensorFlow (CUDA, then CPU), wasm with SIMD, the pure-JS cpu backend. */
const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;

/**
 * Why a native package cannot load, found without importing it: where its install script
 * failed, the addon file is missing, and importing it anyway registers half its kernels
 * (with a warning per kernel) before throwing.
 */
function nativeProblem(name: string): string | undefined {
  const root = installedPackageRoot(name);
  if (root === undefined) return "not installed";
  const lib = join(root, "lib");
  const hasAddon = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, "tfjs_binding.node")));
  if (!hasAddon) return "installed without its native addon: its install script could not fetch libtensorflow; `ssl4rl backends build-native` builds it from a TensorFlow wheel";
  // The install script empties deps/ before downloading, so a later failed reinstall leaves an addon without its library.
  const deps = join(root, "deps", "lib");
  const hasLibrary = existsSync(deps) && readdirSync(deps).some((f) => f.startsWith("libtensorflow"));
  return hasLibrary ? undefined : "its addon is there but deps/lib has no libtensorflow (a reinstall removed it); `ssl4rl backends build-native` puts it back";
}

async function tryNative(): Promise<{ ok: string } | { failures: string[] }> {
  const failures: string[] = [];
  for (const name of NATIVE_PACKAGES) {
    const problem = nativeProblem(name);
    if (problem) {
      failures.push(`${name}: not loadable (${problem})`);
      continue;
    }
    try {
      // Optional dependencies: where their install failed (no libtensorflow) the import throws.
      await import(name);
      registerTensorflowTrainingKernels();
      if (await tf.setBackend("tensorflow")) return { ok: `${name} (TensorFlow ${tensorflowVersion()})` };
      failures.push(`${name}: loaded but the "tensorflow" backend did not initialise`);
    } catch (error) {
      failures.push(`${name}: not loadable (${firstLine(error)})`);
    }
  }
  return { failures };
}

/** `TF_Version()` of the loaded libtensorflow, read through tfjs-node's binding. */
function tensorflowVersion(): string {
  const backend = tf.backend() as { binding?: { TF_Version?: unknown } };
  return typeof backend.binding?.TF_Version === "string" ? backend.binding.TF_Version : "version unknown";
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n")[0] ?? text;
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The wasm backend as the run log names it (call once it has initialised). */
function wasmProvider(): string {
  return `@tensorflow/tfjs-backend-wasm (${tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "SIMD" : "no SIMD"}, 1 thread)`;
}

async function tryWasm(): Promise<string | undefined> {
  try {
    registerWasmTrainingKernels();
    if (!(await tf.setBackend("wasm"))) return "wasm: did not initialise";
    await tf.ready();
    return undefined;
  } catch (error) {
    return `wasm: ${firstLine(error)}`;
  }
}

/**
 * Activates a tfjs backend. `auto` picks the fastest that loads; an explicit choice that
 * cannot load is a {@link BadConfigError} saying why.
 *
 * @example
 * ```ts
 * const chosen = await selectBackend("auto");
 * console.log(`backend ${chosen.name} (${chosen.provider})`);
 * ```
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  const notUsed: string[] = [];
  if (choice === "auto" || choice === "tensorflow") {
    const native = await tryNative();
    if ("ok" in native) return { name: "tensorflow", provider: native.ok, notUsed };
    notUsed.push(...native.failures);
    if (choice === "tensorflow") {
      throw new BadConfigError({ field: "backend", expected: "a loadable @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node", got: choice, hint: `${notUsed.join("; ")}. Use --backend wasm or auto` });
    }
  }
  if (choice === "auto" || choice === "wasm") {
    const failure = await tryWasm();
    if (failure === undefined) {
      return { name: "wasm", provider: wasmProvider(), notUsed };
    }
    notUsed.push(failure);
    if (choice === "wasm") throw new BadConfigError({ field: "backend", expected: "a loadable wasm backend", got: choice, hint: `${failure}. Use --backend cpu` });
  }
  if (!(await tf.setBackend("cpu"))) throw new BadConfigError({ field: "backend", expected: "a loadable cpu backend", got: choice });
  await tf.ready();
  quietCpuBanner();
  if (choice === "auto") notUsed.push("(cpu is the pure-JavaScript fallback, about 100x slower than wasm)");
  return { name: "cpu", provider: "@tensorflow/tfjs cpu (pure JavaScript)", notUsed };
}

/** The cpu backend prints a "install tfjs-node" banner on first use; the run log already says why cpu was picked. */
function quietCpuBanner(): void {
  const backend = tf.backend() as { firstUse?: boolean };
  if (backend.firstUse === true) backend.firstUse = false;
}

/** One line for the run log: which backend, and why the faster ones were not used. */
export function describeBackend(selection: BackendSelection): string {
  const why = selection.notUsed.length > 0 ? `; not used: ${selection.notUsed.join("; ")}` : "";
  return `backend ${selection.name} via ${selection.provider}${why}`;
}

/** Backends that load in this process (for running a test suite on each). */
export async function loadableBackends(): Promise<string[]> {
  const names: string[] = [];
  const native = await tryNative();
  if ("ok" in native) names.push("tensorflow");
  if ((await tryWasm()) === undefined) names.push("wasm");
  if (await tf.setBackend("cpu")) {
    quietCpuBanner();
    names.push("cpu");
  }
  return names;
}

/** One backend and whether it loads here: its provider when it does, the reasons when not. */
export interface BackendStatus {
  readonly name: "tensorflow" | "wasm" | "cpu";
  readonly loads: boolean;
  readonly detail: string;
}

/** Tries every backend in turn (fastest first) and says which load and why the others do not. */
export async function backendStatus(): Promise<BackendStatus[]> {
  const native = await tryNative();
  const wasm = await tryWasm();
  const cpu = await tf.setBackend("cpu");
  if (cpu) quietCpuBanner();
  return [
    "ok" in native ? { name: "tensorflow", loads: true, detail: native.ok } : { name: "tensorflow", loads: false, detail: native.failures.join("; ") },
    wasm === undefined ? { name: "wasm", loads: true, detail: wasmProvider() } : { name: "wasm", loads: false, detail: wasm },
    { name: "cpu", loads: cpu, detail: cpu ? "@tensorflow/tfjs cpu (pure JavaScript)" : "did not initialise" },
  ];
}
