import { statSync } from "node:fs";
import { BadInputError, type SourceSpec } from "@ssl4rl/core";

/**
 * The location of a source spec, checked to exist as a file or directory; a missing one is a
 * {@link BadInputError} that names the spec and says what to pass.
 */
export function sourceLocation(spec: SourceSpec, want: "file" | "directory" | "either", example: string): { path: string; isDirectory: boolean } {
  const path = spec.location;
  if (path === undefined) {
    throw new BadInputError({ file: spec.text, field: "location", expected: `a ${want === "either" ? "file or directory" : want} after the colon`, hint: `For example ${example}` });
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new BadInputError({ file: spec.text, field: "location", expected: `an existing ${want === "either" ? "file or directory" : want}`, got: path, hint: `Check the path; for example ${example}` });
  }
  if ((want === "file" && isDirectory) || (want === "directory" && !isDirectory)) {
    throw new BadInputError({ file: spec.text, field: "location", expected: `a ${want}`, got: path, hint: `For example ${example}` });
  }
  return { path, isDirectory };
}
