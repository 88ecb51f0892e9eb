import { formatIssue, type ContractIssue } from '../contract/contract-error.js';

/** What went wrong with the gateway config as a whole. */
export const CONFIG_ERROR_CODES = [
  'config_not_found',
  'config_unreadable',
  'config_empty',
  'config_syntax',
  'config_invalid',
  'config_env_missing',
] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/**
 * The gateway config could not be loaded. `issues` holds every problem found, located in the YAML the same
 * way lane contract issues are (`lanes.web_forms.token_env: … (line 12)`); `yamlPath` and `line` are those
 * of the first. Messages name environment variables, never their values.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly file: string;
  readonly issues: readonly ContractIssue[];
  readonly yamlPath: string | null;
  readonly line: number | null;

  constructor(
    code: ConfigErrorCode,
    summary: string,
    options: { file: string; issues?: readonly ContractIssue[]; cause?: unknown },
  ) {
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
