import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadConfigError, BadInputError } from "@ssl4rl/core";

/**
 * TensorFlow's Python wheels (`tensorflow-cpu`, `tensorflow`) carry the same C library that
 * tfjs-node's install script downloads as a tarball: `libtensorflow_cc.so.2` exports the C and
 * eager C APIs (`TF_*`, `TFE_*`) the addon calls, beside `libtensorflow_framework.so.2`, and
 * `include/` holds their headers. Where that tarball's host is out of reach but a Python
 * package index is not (a mirror, a proxy, a wheel on disk), the wheel is the way in.
 */
export const WHEEL_LIBRARIES = ["tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"] as const;

/** Header folders the addon's sources include (found by the compiler's dependency listing). */
export const WHEEL_HEADER_FOLDERS = [
  "tensorflow/include/tensorflow/c/",
  "tensorflow/include/tensorflow/core/platform/",
  "tensorflow/include/tsl/platform/",
  "tensorflow/include/xla/tsl/c/",
] as const;

/** The wheel members to unpack: the two libraries and the header folders, nothing else. */
export function wheelMembers(names: readonly string[], wheel: string): string[] {
  const present = new Set(names);
  const missing = WHEEL_LIBRARIES.filter((lib) => !present.has(lib));
  if (missing.length > 0) {
    throw new BadInputError({
      file: wheel,
      expected: `a TensorFlow 2.x Linux wheel holding ${WHEEL_LIBRARIES.join(" and ")}`,
      got: `no ${missing.join(", ")}`,
      hint: "use a tensorflow-cpu or tensorflow wheel for Linux (verified with tensorflow-cpu 2.21 on x86_64)",
    });
  }
  const headers = names.filter((n) => n.endsWith(".h") && WHEEL_HEADER_FOLDERS.some((f) => n.startsWith(f)));
  if (!headers.includes("tensorflow/include/tensorflow/c/eager/c_api.h")) {
    throw new BadInputError({ file: wheel, expected: "the C API headers under tensorflow/include/tensorflow/c/", got: "no tensorflow/c/eager/c_api.h" });
  }
  return [...WHEEL_LIBRARIES, ...headers];
}

/** What runs an external program: the command and its arguments, the tool a user can name. */
export interface ExternalStep {
  readonly command: string;
  readonly args: readonly string[];
  /** The option that names this program, for the error when it is missing. */
  readonly option: string;
  /** Written to the program's standard input. */
  readonly input?: string;
}

/** Runs a step, returning stdout; a missing program or a non-zero exit is a clear error. */
export function runStep(step: ExternalStep, what: string): string {
  const result = spawnSync(step.command, step.args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...(step.input !== undefined ? { input: step.input } : {}) });
  if (result.error !== undefined) {
    throw new BadConfigError({ field: step.option, expected: `a program that can ${what}`, got: step.command, hint: result.error.message, cause: result.error });
  }
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-8).join("\n");
    throw new BadConfigError({ field: step.option, expected: `${step.command} to ${what}`, got: `exit ${result.status ?? result.signal}`, hint: tail });
  }
  return result.stdout;
}

// Lists or unpacks wheel members with Python's zipfile (streamed: the main library is ~800 MB).
const LIST_SCRIPT = "import sys, zipfile\nprint('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))";
const EXTRACT_SCRIPT = [
  "import sys, zipfile",
  "wheel, dest = sys.argv[1], sys.argv[2]",
  "names = sys.stdin.read().split()",
  "with zipfile.ZipFile(wheel) as z:",
  "    for n in names: z.extract(n, dest)",
].join("\n");

/** The member names of a wheel (a zip file). */
export function listWheel(python: string, wheel: string): string[] {
  if (!existsSync(wheel)) throw new BadConfigError({ field: "wheel", expected: "an existing .whl file", got: wheel });
  return runStep({ command: python, args: ["-c", LIST_SCRIPT, wheel], option: "python" }, `read the wheel ${wheel}`).split("\n").filter((n) => n.length > 0);
}

/** Unpacks the named members of a wheel under `dest`, keeping their paths. */
export function extractWheel(python: string, wheel: string, members: readonly string[], dest: string): void {
  runStep({ command: python, args: ["-c", EXTRACT_SCRIPT, wheel, dest], option: "python", input: members.join("\n") }, `unpack ${wheel}`);
}

/**
 * Downloads one TensorFlow wheel with pip (no dependencies: only its libraries are used) into
 * a fresh temporary folder, and returns its path.
 */
export function downloadWheel(python: string, requirement: string): string {
  const dest = mkdtempSync(join(tmpdir(), "ssl4rl-tensorflow-wheel-"));
  runStep({ command: python, args: ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", dest, requirement], option: "python" }, `download ${requirement} with pip`);
  const wheels = readdirSync(dest).filter((f) => f.endsWith(".whl"));
  if (wheels.length !== 1) throw new BadConfigError({ field: "requirement", expected: "pip to fetch exactly one wheel", got: wheels, hint: `see ${dest}` });
  return join(dest, wheels[0]!);
}
