import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BadInputError } from "@ssl4rl/core";

/** Reads a UTF-8 text file, gunzipping it when it is gzip (by its magic bytes, not its name). */
export function readTextFile(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new BadInputError({ file: path, expected: `a readable ${what}`, hint: (error as Error).message, cause: error });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new BadInputError({ file: path, expected: `a complete gzip ${what}`, hint: (error as Error).message, cause: error });
    }
  }
  return bytes.toString("utf8");
}

/** The lines of a text, without line ends; a final empty line is dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
