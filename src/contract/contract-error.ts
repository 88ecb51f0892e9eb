/** What went wrong with a lane contract as a whole. */
export const CONTRACT_ERROR_CODES = [
  'contract_not_found',
  'contract_unreadable',
  'contract_empty',
  'contract_syntax',
  'contract_invalid',
] as const;
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

/** What is wrong at one place of a lane contract. */
export const CONTRACT_ISSUE_CODES = [
  'yaml_syntax',
  'unknown_key',
  'missing',
  'invalid_type',
  'invalid_value',
  'out_of_range',
  'unknown_reference',
  'duplicate',
  'inconsistent',
] as const;
export type ContractIssueCode = (typeof CONTRACT_ISSUE_CODES)[number];

/** One problem, located in the YAML. */
export interface ContractIssue {
  readonly code: ContractIssueCode;
  /** Dotted path with `[i]` indices, e.g. `identity.keys[2].field`; `''` is the document root. */
  readonly yamlPath: string;
  /** 1-based line of the node the path names (or of its nearest ancestor present in the file). */
  readonly line: number | null;
  /** 1-based column, when known. */
  readonly column: number | null;
  /** What is wrong, e.g. `unknown field type 'emial'`. */
  readonly message: string;
  /** What to do, e.g. `did you mean 'email'?`. */
  readonly hint: string | null;
}

/** A problem found by validation, before it is located in the file; `path` names the YAML node. */
export interface PathIssue {
  readonly code: ContractIssueCode;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string | null;
}

/** `identity.fields.email: unknown field type 'emial' (line 14); known types: …` */
export function formatIssue(issue: ContractIssue): string {
  const where = issue.yamlPath === '' ? '' : `${issue.yamlPath}: `;
  const column = issue.code === 'yaml_syntax' && issue.column !== null ? `, column ${issue.column}` : '';
  const line = issue.line === null ? '' : ` (line ${issue.line}${column})`;
  const hint = issue.hint === null ? '' : `; ${issue.hint}`;
  return `${where}${issue.message}${line}${hint}`;
}

export interface ContractErrorOptions {
  readonly file: string;
  readonly issues?: readonly ContractIssue[];
  readonly cause?: unknown;
}

/**
 * A lane contract could not be loaded. `issues` holds every problem found (validation reports all of
 * them at once); `yamlPath` and `line` are those of the first.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: ContractErrorCode;
  readonly file: string;
  readonly issues: readonly ContractIssue[];
  readonly yamlPath: string | null;
  readonly line: number | null;

  constructor(code: ContractErrorCode, summary: string, options: ContractErrorOptions) {
    const issues = options.issues ?? [];
    super(composeMessage(options.file, summary, issues), { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.issues = issues;
    this.yamlPath = issues[0]?.yamlPath ?? null;
    this.line = issues[0]?.line ?? null;
  }
}

function composeMessage(file: string, summary: string, issues: readonly ContractIssue[]): string {
  const [only] = issues;
  if (issues.length === 1 && only) return `${file}: ${formatIssue(only)}`;
  if (issues.length === 0) return `${file}: ${summary}`;
  return [`${file}: ${summary}`, ...issues.map((issue) => `  - ${formatIssue(issue)}`)].join('\n');
}
