/** Stable codes for every way an input file can be rejected. */
export const INPUT_ERROR_CODES = [
  'file_not_found',
  'empty_file',
  'malformed_row',
  'invalid_encoding',
  'line_too_long',
  'unknown_column',
  'duplicate_header',
  'no_header',
  'invalid_json',
  'unsupported_format',
  'duplicate_id',
  'missing_id',
] as const;

export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

export interface InputErrorLocation {
  readonly file: string;
  /** 1-based physical line (CSV, JSONL) or row number (Parquet). */
  readonly line?: number;
  /** Column name, when the problem is in one column. */
  readonly column?: string;
}

/**
 * A problem with an input file, reported as `file:line: what is wrong (what to do)`.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: InputErrorCode;
  readonly file: string;
  readonly line?: number;
  readonly column?: string;

  constructor(code: InputErrorCode, where: InputErrorLocation, problem: string, hint?: string) {
    const place = where.line === undefined ? where.file : `${where.file}:${where.line}`;
    super(`${place}: ${problem}${hint ? ` (${hint})` : ''}`);
    this.code = code;
    this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

export function isInputError(err: unknown): err is InputError {
  return err instanceof InputError;
}
