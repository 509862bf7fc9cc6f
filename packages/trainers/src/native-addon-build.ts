import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { BadConfigError } from "@ssl4rl/core";
import { downloadWheel, type ExternalStep, extractWheel, listWheel, runStep, WHEEL_LIBRARIES, wheelMembers } from "./tensorflow-wheel.js";

/** The native tfjs packages the addon can be built for. */
export const NATIVE_ADDON_PACKAGES = ["@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"] as const;
export type NativeAddonPackage = (typeof NATIVE_ADDON_PACKAGES)[number];

/** What {@link buildNativeAddon} needs; every field has a default. */
export interface NativeAddonOptions {
  /** Which installed package to complete (default `@tensorflow/tfjs-node`). */
  readonly packageName?: NativeAddonPackage;
  /** A TensorFlow wheel on disk; when absent, pip downloads `requirement`. */
  readonly wheel?: string;
  /** What pip downloads (default `tensorflow-cpu` for tfjs-node, `tensorflow` for -gpu). */
  readonly requirement?: string;
  /** Python with pip and zipfile (default `python3`). */
  readonly python?: string;
  /** C++ compiler (default `$CXX` or `c++`). */
  readonly cxx?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** Where the build put things, and what the finished addon reported when loaded. */
export interface NativeAddonResult {
  readonly packageName: NativeAddonPackage;
  readonly packageRoot: string;
  readonly addon: string;
  readonly wheel: string;
  /** `TF_Version()` of the linked library, e.g. `2.21.0`. */
  readonly tensorflowVersion: string;
}

/** The folder of an installed package, or undefined. Resolved from this package, as the trainer resolves it. */
export function installedPackageRoot(name: string): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** Where the package's loader looks for its addon (node-pre-gyp's rule: lib/napi-vN for the highest N both support). */
export function addonPath(packageRoot: string): string {
  const requireThere = createRequire(join(packageRoot, "package.json"));
  const preGyp = requireThere("@mapbox/node-pre-gyp") as { find(packageJson: string): string };
  return preGyp.find(join(packageRoot, "package.json"));
}

/** The N-API version in the addon's folder name (`.../napi-v8/...` → 8). */
export function napiVersion(addon: string): number {
  const match = /napi-v(\d+)/.exec(addon);
  if (!match) throw new BadConfigError({ field: "addon path", expected: "a path with a napi-vN folder", got: addon });
  return Number(match[1]);
}

/** The compiler call: the package's own binding sources against the wheel's library and headers. */
export function compileStep(cxx: string, packageRoot: string, napiHeaders: string, addon: string): ExternalStep {
  const deps = join(packageRoot, "deps");
  return {
    command: cxx,
    option: "cxx",
    args: [
      "-O2",
      "-std=c++17",
      "-shared",
      "-fPIC",
      `-DNAPI_VERSION=${napiVersion(addon)}`,
      `-I${napiHeaders}`,
      `-I${join(deps, "include")}`,
      join(packageRoot, "binding", "tfjs_backend.cc"),
      join(packageRoot, "binding", "tfjs_binding.cc"),
      `-L${join(deps, "lib")}`,
      "-ltensorflow_cc",
      "-ltensorflow_framework",
      // The addon (lib/napi-vN/) finds the libraries in the package's deps/lib wherever it is installed.
      "-Wl,-rpath,$ORIGIN/../../deps/lib",
      "-o",
      `${addon}.partial`,
    ],
  };
}

// Loads the built package in a fresh process (the addon cannot be unloaded from this one) and
// checks an op against its known result.
const VERIFY_SCRIPT = [
  "const tf = require(process.argv[1]);",
  "const product = Array.from(tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).dataSync());",
  "console.log(JSON.stringify({ backend: tf.getBackend(), version: tf.backend().binding.TF_Version, product }));",
].join("\n");

/** Loads the package in a child process; returns TensorFlow's version or throws saying what went wrong. */
export function verifyNativeAddon(packageRoot: string): string {
  const result = spawnSync(process.execPath, ["-e", VERIFY_SCRIPT, packageRoot], { encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  const last = (result.stdout ?? "").trim().split("\n").at(-1) ?? "";
  let report: { backend?: string; version?: string; product?: number[] } = {};
  try {
    report = JSON.parse(last) as typeof report;
  } catch {
    // Reported below with the child's stderr.
  }
  if (result.status !== 0 || report.backend !== "tensorflow" || report.product?.[0] !== 17 || report.product?.[1] !== 39) {
    const why = (result.stderr ?? "").trim().split("\n").slice(-6).join("\n");
    throw new BadConfigError({ field: "addon", expected: `${packageRoot} to load with backend "tensorflow" and compute [[1,2],[3,4]]·[5,6] = [17,39]`, got: last || `exit ${result.status}`, hint: why });
  }
  return report.version ?? "unknown";
}

/**
 * Completes an installed `@tensorflow/tfjs-node` (or `-gpu`) whose install script could not
 * download libtensorflow: takes the library and headers from a TensorFlow Python wheel, compiles
 * the package's own binding sources against them with N-API headers, puts the addon where the
 * package looks for it, and loads it once to check. Each file lands whole (written beside, then
 * renamed), so an interrupted build leaves the package as it was or finished.
 *
 * @example
 * ```ts
 * const built = buildNativeAddon({ log: console.log });
 * console.log(`TensorFlow ${built.tensorflowVersion} at ${built.addon}`);
 * ```
 */
export function buildNativeAddon(options: NativeAddonOptions = {}): NativeAddonResult {
  const packageName = options.packageName ?? "@tensorflow/tfjs-node";
  if (!NATIVE_ADDON_PACKAGES.includes(packageName)) {
    throw new BadConfigError({ field: "package", expected: `one of ${NATIVE_ADDON_PACKAGES.join(", ")}`, got: packageName });
  }
  if (options.wheel !== undefined && !existsSync(options.wheel)) {
    throw new BadConfigError({ field: "wheel", expected: "an existing TensorFlow .whl file", got: options.wheel });
  }
  const log = options.log ?? (() => {});
  const python = options.python ?? "python3";
  const cxx = options.cxx ?? process.env.CXX ?? "c++";
  const packageRoot = installedPackageRoot(packageName);
  if (packageRoot === undefined) {
    throw new BadConfigError({ field: "package", expected: `${packageName} installed beside @ssl4rl/trainers`, got: "not installed", hint: `install it first (npm i ${packageName}); a failed install script is fine, this command completes it` });
  }
  const napiHeaders = installedPackageRoot("node-api-headers");
  if (napiHeaders === undefined) throw new BadConfigError({ field: "node-api-headers", expected: "the node-api-headers package (a dependency of @ssl4rl/trainers)", got: "not installed" });
  const addon = addonPath(packageRoot);
  log(`package ${packageName} at ${packageRoot}`);

  const requirement = options.requirement ?? (packageName === "@tensorflow/tfjs-node-gpu" ? "tensorflow" : "tensorflow-cpu");
  const downloaded = options.wheel === undefined;
  if (downloaded) log(`downloading ${requirement} with ${python} -m pip (no dependencies) ...`);
  const wheel = options.wheel ?? downloadWheel(python, requirement);
  try {
    log(`wheel ${wheel} (${(statSync(wheel).size / 2 ** 20).toFixed(0)} MiB)`);
    const members = wheelMembers(listWheel(python, wheel), wheel);
    const staging = join(packageRoot, "deps.partial");
    rmSync(staging, { recursive: true, force: true });
    log(`unpacking ${members.length} members (libtensorflow_cc, libtensorflow_framework, C API headers) ...`);
    extractWheel(python, wheel, members, staging);
    replaceDeps(packageRoot, staging);

    mkdirSync(dirname(addon), { recursive: true });
    log(`compiling ${join(packageRoot, "binding")} with ${cxx} ...`);
    runStep(compileStep(cxx, packageRoot, join(napiHeaders, "include"), addon), "compile the tfjs binding (a C++17 compiler)");
    renameSync(`${addon}.partial`, addon);
    const tensorflowVersion = verifyNativeAddon(packageRoot);
    log(`built ${addon}: loads as backend "tensorflow" with TensorFlow ${tensorflowVersion}`);
    return { packageName, packageRoot, addon, wheel, tensorflowVersion };
  } finally {
    if (downloaded) rmSync(dirname(wheel), { recursive: true, force: true });
  }
}

/**
 * Lays the unpacked wheel out as tfjs-node's own install does (`deps/lib`, `deps/include`) and
 * swaps it in for the package's `deps/` by renames, so `deps/` is never half-written.
 */
function replaceDeps(packageRoot: string, staging: string): void {
  const laid = join(staging, "deps");
  mkdirSync(join(laid, "lib"), { recursive: true });
  renameSync(join(staging, "tensorflow", "include"), join(laid, "include"));
  for (const member of WHEEL_LIBRARIES) {
    const lib = basename(member);
    renameSync(join(staging, member), join(laid, "lib", lib));
    // The linker's -l finds the unversioned name; the addon records the soname (.so.2).
    symlinkSync(lib, join(laid, "lib", lib.slice(0, -2)));
  }
  const deps = join(packageRoot, "deps");
  const previous = join(packageRoot, "deps.previous");
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(deps)) renameSync(deps, previous);
  renameSync(laid, deps);
  rmSync(staging, { recursive: true, force: true });
  rmSync(previous, { recursive: true, force: true });
}
