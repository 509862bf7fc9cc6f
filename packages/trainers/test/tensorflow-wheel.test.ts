import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadConfigError, BadInputError } from "@ssl4rl/core";
import { extractWheel, listWheel, runStep, WHEEL_LIBRARIES, wheelMembers } from "@ssl4rl/trainers";
import { describe, expect, it } from "vitest";

const LIBS = [...WHEEL_LIBRARIES];
const EAGER = "tensorflow/include/tensorflow/c/eager/c_api.h";

describe("wheelMembers", () => {
  it("keeps the two libraries and the C API headers, nothing else", () => {
    const names = [
      ...LIBS,
      EAGER,
      "tensorflow/include/tensorflow/c/c_api.h",
      "tensorflow/include/xla/tsl/c/tsl_status.h",
      "tensorflow/include/tsl/platform/ctstring.h",
      "tensorflow/include/tensorflow/core/platform/ctstring.h",
      "tensorflow/include/Eigen/Core",
      "tensorflow/include/tensorflow/core/framework/tensor.h",
      "tensorflow/python/_pywrap_tfe.so",
      "tensorflow/include/tensorflow/c/README.md",
    ];
    expect(wheelMembers(names, "tf.whl").sort()).toEqual(
      [...LIBS, EAGER, "tensorflow/include/tensorflow/c/c_api.h", "tensorflow/include/xla/tsl/c/tsl_status.h", "tensorflow/include/tsl/platform/ctstring.h", "tensorflow/include/tensorflow/core/platform/ctstring.h"].sort(),
    );
  });

  it.each([
    [[LIBS[1]!, EAGER], /tf\.whl.*libtensorflow_cc\.so\.2/],
    [[LIBS[0]!, EAGER], /tf\.whl.*libtensorflow_framework\.so\.2/],
    [[...LIBS], /tf\.whl.*eager\/c_api\.h/],
  ])("a wheel without %j is refused naming the wheel and the missing member", (names, message) => {
    expect(() => wheelMembers(names, "tf.whl")).toThrow(BadInputError);
    expect(() => wheelMembers(names, "tf.whl")).toThrow(message);
  });
});

describe("runStep", () => {
  it("a program that does not exist is a config error naming the option", () => {
    expect(() => runStep({ command: "/nonexistent/c++", args: [], option: "cxx" }, "compile")).toThrow(BadConfigError);
    expect(() => runStep({ command: "/nonexistent/c++", args: [], option: "cxx" }, "compile")).toThrow(/field "cxx".*\/nonexistent\/c\+\+/);
  });

  it("a failing program is an error carrying the exit code and the end of its output", () => {
    const step = { command: process.execPath, args: ["-e", "console.error('first'); console.error('the reason'); process.exit(3)"], option: "python" };
    expect(() => runStep(step, "do it")).toThrow(/exit 3.*\n?.*the reason/s);
  });

  it("returns the program's output", () => {
    expect(runStep({ command: process.execPath, args: ["-e", "process.stdout.write('ok')"], option: "python" }, "print")).toBe("ok");
  });
});

const python = spawnSync("python3", ["-c", "import zipfile"]).status === 0;
if (!python) console.log("skipping the wheel unpacking tests: python3 with zipfile is not on PATH");

describe.skipIf(!python)("listWheel and extractWheel (python3's zipfile)", () => {
  function makeWheel(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-wheel-"));
    const wheel = join(dir, "fake-0.0.0-py3-none-any.whl");
    const script = "import sys, json, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nfor k, v in json.loads(sys.argv[2]).items(): z.writestr(k, v)\nz.close()";
    expect(spawnSync("python3", ["-c", script, wheel, JSON.stringify(files)]).status).toBe(0);
    return wheel;
  }

  it("lists the members and unpacks only those asked for, at their paths", () => {
    const wheel = makeWheel({ [LIBS[0]!]: "cc", [LIBS[1]!]: "fw", [EAGER]: "/* eager */", "tensorflow/python/x.py": "print()" });
    const names = listWheel("python3", wheel);
    expect(names.sort()).toEqual([...LIBS, EAGER, "tensorflow/python/x.py"].sort());
    const dest = mkdtempSync(join(tmpdir(), "ssl4rl-unpacked-"));
    extractWheel("python3", wheel, wheelMembers(names, wheel), dest);
    expect(readFileSync(join(dest, LIBS[0]!), "utf8")).toBe("cc");
    expect(readFileSync(join(dest, EAGER), "utf8")).toBe("/* eager */");
    expect(existsSync(join(dest, "tensorflow/python/x.py"))).toBe(false);
  });

  it("a file that is not a zip is an error naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssl4rl-wheel-"));
    const bogus = join(dir, "bogus.whl");
    spawnSync("python3", ["-c", `open(${JSON.stringify(bogus)}, 'w').write('not a zip')`]);
    expect(() => listWheel("python3", bogus)).toThrow(/bogus\.whl/);
  });

  it("a wheel path that does not exist is an error naming it", () => {
    expect(() => listWheel("python3", "/nonexistent/tf.whl")).toThrow(/field "wheel".*\/nonexistent\/tf\.whl/);
  });
});
