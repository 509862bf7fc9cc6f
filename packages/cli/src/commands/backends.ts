import { backendStatus, buildNativeAddon, NATIVE_ADDON_PACKAGES, type NativeAddonPackage } from "@ssl4rl/trainers";
import { BadConfigError } from "@ssl4rl/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";

interface BuildOptions {
  package: string;
  wheel?: string;
  requirement?: string;
  python: string;
  cxx?: string;
}

/**
 * `ssl4rl backends`: which tfjs backends load here and why the others do not;
 * `ssl4rl backends build-native`: completes tfjs-node from a TensorFlow wheel where its own
 * install could not download libtensorflow.
 */
export function registerBackendsCommand(program: Command, ctx: CliContext): void {
  const backends = program.command("backends").description("list the tfjs backends that load here, or build the native one");
  backends
    .command("list", { isDefault: true })
    .description("say which backends load (fastest first) and why the others do not")
    .option("--json", "print the list as JSON")
    .action(async (opts: { json?: boolean }) => {
      const status = await backendStatus();
      if (opts.json) {
        ctx.io.out(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      for (const s of status) ctx.io.out(`${s.name.padEnd(10)}  ${s.loads ? "loads" : "no   "}  ${s.detail}\n`);
    });
  backends
    .command("build-native")
    .description("build tfjs-node's addon against the libtensorflow inside a TensorFlow Python wheel (pip download, or --wheel FILE)")
    .option("--package <name>", `which package to complete: ${NATIVE_ADDON_PACKAGES.join(" or ")}`, "@tensorflow/tfjs-node")
    .option("--wheel <file>", "a TensorFlow wheel already on disk (else pip downloads one)")
    .option("--requirement <spec>", "what pip downloads (default tensorflow-cpu; tensorflow for -gpu), e.g. tensorflow-cpu==2.21.0")
    .option("--python <program>", "Python with pip", "python3")
    .option("--cxx <program>", "C++17 compiler (default $CXX or c++)")
    .action((opts: BuildOptions) => {
      if (!(NATIVE_ADDON_PACKAGES as readonly string[]).includes(opts.package)) {
        throw new BadConfigError({ field: "--package", expected: `one of ${NATIVE_ADDON_PACKAGES.join(", ")}`, got: opts.package });
      }
      const built = buildNativeAddon({
        packageName: opts.package as NativeAddonPackage,
        python: opts.python,
        ...(opts.wheel !== undefined ? { wheel: opts.wheel } : {}),
        ...(opts.requirement !== undefined ? { requirement: opts.requirement } : {}),
        ...(opts.cxx !== undefined ? { cxx: opts.cxx } : {}),
        log: (line) => ctx.io.err(`${line}\n`),
      });
      ctx.io.out(`${built.packageName}: TensorFlow ${built.tensorflowVersion}, addon ${built.addon}; --backend tensorflow (and auto) now use it\n`);
    });
}
