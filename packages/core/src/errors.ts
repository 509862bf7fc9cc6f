/**
 * Typed errors shared by every SSL4RL-TS package. Each names the input that was wrong, what
 * was expected and what to do, so the CLI can print one clear line and pick an exit code.
 */

/** Where a bad value came from: a file, a line in it, a field, or any subset of those. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

/** Base class: `exitCode` is what the CLI exits with when this error reaches it. */
export class Ssl4rlError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

function describeLocation(where: InputLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.line !== undefined ? `${where.file}:${where.line}` : where.file);
  else if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.field !== undefined) parts.push(`field "${where.field}"`);
  return parts.join(", ");
}

/** Details for {@link BadInputError} and {@link BadConfigError}. */
export interface ProblemDetails extends InputLocation {
  /** What the value should have been, e.g. "a positive integer". */
  readonly expected: string;
  /** What was found instead, shown shortened. */
  readonly got?: unknown;
  /** What the user can do about it. */
  readonly hint?: string;
  readonly cause?: unknown;
}

function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function composeMessage(kind: string, details: ProblemDetails): string {
  const where = describeLocation(details);
  let message = `${kind}${where ? ` in ${where}` : ""}: expected ${details.expected}`;
  if ("got" in details) message += `, got ${showValue(details.got)}`;
  if (details.hint) message += `. ${details.hint}`;
  return message;
}

/** Data the user handed in (a file, a response, a dataset item) is malformed. Exit code 2. */
export class BadInputError extends Ssl4rlError {
  override readonly exitCode = 2;
  readonly details: ProblemDetails;
  constructor(details: ProblemDetails) {
    super(composeMessage("Bad input", details), { cause: details.cause });
    this.details = details;
  }
}

/** A configuration value or option is invalid. Exit code 2. */
export class BadConfigError extends Ssl4rlError {
  override readonly exitCode = 2;
  readonly details: ProblemDetails;
  constructor(details: ProblemDetails) {
    super(composeMessage("Bad configuration", details), { cause: details.cause });
    this.details = details;
  }
}

/** An id (task, reward, policy, source, plugin) is not registered. Exit code 2. */
export class UnknownIdError extends Ssl4rlError {
  override readonly exitCode = 2;
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly known: readonly string[],
    readonly nearest: string | undefined,
  ) {
    const suggestion = nearest !== undefined ? ` Did you mean "${nearest}"?` : "";
    const list = known.length > 0 ? ` Known ${kind}s: ${known.join(", ")}.` : ` No ${kind}s are registered.`;
    super(`Unknown ${kind} "${id}".${suggestion}${list}`);
  }
}

/** Two plugins register the same id. Exit code 2. */
export class DuplicateIdError extends Ssl4rlError {
  override readonly exitCode = 2;
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly firstPlugin: string,
    readonly secondPlugin: string,
  ) {
    super(
      `Duplicate ${kind} id "${id}": registered by plugin "${firstPlugin}" and by plugin "${secondPlugin}". ` +
        `Rename one of them or load only one of the two plugins.`,
    );
  }
}

/**
 * Thrown by a task when one source sample cannot make an episode (an image too small for the
 * task, say). Episode streams catch it, count it under `reason` and move on.
 */
export class SampleSkipped extends Ssl4rlError {
  constructor(readonly reason: string) {
    super(`Sample skipped: ${reason}`);
  }
}
