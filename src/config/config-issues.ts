import { z } from 'zod';
import type { PathIssue } from '../contract/contract-error.js';
import { didYouMean } from '../contract/did-you-mean.js';
import type { CheckParams } from '../contract/schema-checks.js';
import { LITERAL_SECRET_KEYS } from './gateway-config-schema.js';

type Segment = string | number;

/**
 * Turns zod's issues for the gateway config into path issues. Unlike the lane contract's messages, these never
 * quote a string value: a mistyped config line may hold a pasted credential.
 */
export function configIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): PathIssue[] {
  return issues.flatMap((issue) => convert(issue, schema));
}

function convert(issue: z.core.$ZodIssue, schema: z.ZodType): PathIssue[] {
  const path = issue.path.filter((s): s is Segment => typeof s === 'string' || typeof s === 'number');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(path, key, knownKeysAt(schema, path)));
    case 'invalid_type':
      if (issue.input === undefined && path.length > 0) {
        return [
          {
            code: 'missing',
            path: path.slice(0, -1),
            message: `missing '${String(path.at(-1))}'`,
            hint: null,
          },
        ];
      }
      return [
        {
          code: 'invalid_type',
          path,
          message: `${path.length === 0 ? 'the config must be' : 'expected'} ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`,
          hint: path.length === 0 ? "start with 'version: 1', 'store:', 'lanes:' and 'operators:'" : null,
        },
      ];
    case 'custom': {
      const params = issue.params as CheckParams | undefined;
      return [
        { code: params?.issue ?? 'invalid_value', path, message: issue.message, hint: params?.hint ?? null },
      ];
    }
    default:
      return [{ code: 'invalid_value', path, message: issue.message, hint: null }];
  }
}

function unknownKey(path: Segment[], key: string, known: readonly string[]): PathIssue {
  if ((LITERAL_SECRET_KEYS as readonly string[]).includes(key.toLowerCase())) {
    return {
      code: 'unknown_key',
      path: [...path, key],
      message: 'a literal token does not belong in the config file',
      hint: 'tokens come only from environment variables: put it in one and write token_env: VARIABLE',
    };
  }
  const suggestion = didYouMean(key, known);
  return {
    code: 'unknown_key',
    path: [...path, key],
    message: `unknown ${path.length === 0 ? 'top-level key' : 'key'} '${key}'`,
    hint: suggestion ? `did you mean '${suggestion}'?` : `allowed keys: ${known.join(', ')}`,
  };
}

/** The keys the object schema at `path` accepts. */
function knownKeysAt(schema: z.ZodType, path: readonly Segment[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    if (current === undefined) return [];
    current = unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a map';
    case 'array':
      return 'a list';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return 'a string';
  return String(value);
}
