/**
 * Bad input is refused with the file, the 1-based line and what is wrong, so that a user (or the
 * extension's "Open at line" action) can go straight to it.
 *
 * The message quotes bytes from the data, so it is escaped: control characters (C0, DEL, C1),
 * line and paragraph separators and bidirectional overrides become `\x1b`, `\u202e` and the like,
 * so that a data file cannot move the cursor, recolour the terminal or reorder a notification.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  /** What is wrong, escaped like the message. */
  readonly problem: string;

  constructor(
    /** The file as given (not escaped: the extension opens it). */
    readonly file: string,
    /** 1-based line number; 0 when the problem is the file as a whole (missing, unreadable). */
    readonly line: number,
    problem: string,
  ) {
    const escapedFile = escapeControl(file);
    const escapedProblem = escapeControl(problem);
    super(line > 0 ? `${escapedFile}:${line}: ${escapedProblem}` : `${escapedFile}: ${escapedProblem}`);
    this.problem = escapedProblem;
  }
}

export function isDataError(value: unknown): value is DataError {
  return value instanceof Error && value.name === 'DataError' && 'file' in value && 'line' in value;
}

// C0 controls (tab and newline too: a message is one line), DEL, C1 controls (0x9b is a one-byte
// CSI in some terminals), U+2028/2029 and the bidirectional embeddings, overrides and isolates.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as an escape (`\x1b`, `\u202e`). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** What a failure says and, for a DataError, where: the shape every side reports errors in. */
export interface FailureDescription {
  readonly message: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
}

/** A thrown value described for a report; a DataError keeps its file and line. */
export function describeFailure(error: unknown): FailureDescription {
  if (isDataError(error)) return { message: error.message, file: error.file, line: error.line > 0 ? error.line : undefined };
  if (error instanceof Error) return { message: escapeControl(error.message) };
  return { message: escapeControl(String(error)) };
}
