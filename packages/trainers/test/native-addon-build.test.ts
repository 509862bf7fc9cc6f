import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadConfigError, BadInputError } from "@ssl4rl/core";
import { addonPath, buildNativeAddon, compileStep, installedPackageRoot, napiVersion, type NativeAddonPackage } from "@ssl4rl/trainers";
import { describe, expect, it } from "vitest";

const tfjsNode = installedPackageRoot("@tensorflow/tfjs-node");
if (tfjsNode === undefined) console.log("skipping the tfjs-node layout tests: @tensorflow/tfjs-node is not installed (an optional dependency)");
const python = spawnSync("python3", ["-c", "import zipfile"]).status === 0;

describe("native addon build: the pieces", () => {
  it.each([
    ["/x/lib/napi-v8/tfjs_binding.node", 8],
    ["/x/lib/napi-v3/tfjs_binding.node", 3],
  ])("napiVersion(%s) = %i", (path, version) => {
    expect(napiVersion(path)).toBe(version);
  });

  it("a path without napi-vN is refused", () => {
    expect(() => napiVersion("/x/lib/tfjs_binding.node")).toThrow(BadConfigError);
  });

  it("compiles the package's two binding sources against deps/ with an rpath to them", () => {
    const step = compileStep("g++", "/pkg", "/napi/include", "/pkg/lib/napi-v8/tfjs_binding.node");
    expect(step.command).toBe("g++");
    expect(step.option).toBe("cxx");
    expect(step.args).toEqual(expect.arrayContaining(["-DNAPI_VERSION=8", "-I/napi/include", "-I/pkg/deps/include", "/pkg/binding/tfjs_backend.cc", "/pkg/binding/tfjs_binding.cc", "-L/pkg/deps/lib", "-ltensorflow_cc", "-ltensorflow_framework", "-Wl,-rpath,$ORIGIN/../../deps/lib"]));
    // Written beside the addon, then renamed: a failed compile leaves no half-written addon.
    expect(step.args.at(-1)).toBe("/pkg/lib/napi-v8/tfjs_binding.node.partial");
  });

  it("an unknown package is refused naming the field", () => {
    expect(() => buildNativeAddon({ packageName: "@tensorflow/tfjs" as NativeAddonPackage })).toThrow(/field "package".*@tensorflow\/tfjs-node/);
  });

  it.skipIf(tfjsNode === undefined)("the addon goes where tfjs-node's loader looks: lib/napi-vN/tfjs_binding.node", () => {
    const path = addonPath(tfjsNode!);
    expect(path.startsWith(join(tfjsNode!, "lib"))).toBe(true);
    expect(path).toMatch(/[/\\]napi-v\d+[/\\]tfjs_binding\.node$/);
    expect(napiVersion(path)).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(tfjsNode === undefined || !python)("a wheel without libtensorflow is refused before the package is touched", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-wheel-"));
    const wheel = join(dir, "numpy-1.0-cp311-cp311-linux_x86_64.whl");
    spawnSync("python3", ["-c", `import zipfile\nz = zipfile.ZipFile(${JSON.stringify(wheel)}, 'w')\nz.writestr('numpy/__init__.py', '')\nz.close()`]);
    const before = readdirSync(tfjsNode!).sort();
    expect(() => buildNativeAddon({ wheel })).toThrow(BadInputError);
    expect(() => buildNativeAddon({ wheel })).toThrow(/numpy-1\.0.*libtensorflow_cc\.so\.2/);
    expect(readdirSync(tfjsNode!).sort()).toEqual(before);
    expect(existsSync(join(tfjsNode!, "deps.partial"))).toBe(false);
  });
});
