/**
 * A short, countable reason for a file that would not decode (the skip report groups files by
 * it), from sharp's error text.
 */
export function decodeFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return "image over the pixel limit (possible decompression bomb)";
  if (/unsupported image format/i.test(message)) return "not an image file";
  if (/ENOENT|no such file|input file is missing/i.test(message)) return "file not found";
  if (/EACCES|permission/i.test(message)) return "file not readable";
  return "corrupt or truncated image";
}
