import { z } from 'zod';
import type { ContractIssueCode } from './contract-error.js';
import { didYouMean } from './did-you-mean.js';

/**
 * Building blocks for the contract schemas whose failures carry a contract issue code and a hint in
 * `params`, so that every message says what was wrong and what to write instead.
 */
export interface CheckParams {
  readonly issue: ContractIssueCode;
  readonly hint: string | null;
}

function fail(
  ctx: z.RefinementCtx,
  issue: ContractIssueCode,
  message: string,
  hint: string | null = null,
): void {
  const params: CheckParams = { issue, hint };
  ctx.addIssue({ code: 'custom', message, params });
}

/** A name from a closed set; an unknown one gets a did-you-mean and the list of known names. */
export function oneOf<const T extends string>(values: readonly T[], noun: string, plural = `${noun}s`) {
  return z
    .string()
    .superRefine((value, ctx) => {
      if ((values as readonly string[]).includes(value)) return;
      const suggestion = didYouMean(value, values);
      const known = `known ${plural}: ${values.join(', ')}`;
      fail(
        ctx,
        'invalid_value',
        `unknown ${noun} '${value}'`,
        suggestion ? `did you mean '${suggestion}'? ${capitalize(known)}` : known,
      );
    })
    .transform((value) => value as T);
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** A number within bounds, e.g. `(0, 1]`. */
export function between(bounds: Bounds) {
  const { min, max, minOpen = false, maxOpen = false } = bounds;
  const interval = `${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  return z.number().superRefine((value, ctx) => {
    const aboveMin = minOpen ? value > min : value >= min;
    const belowMax = maxOpen ? value < max : value <= max;
    if (!aboveMin || !belowMax)
      fail(ctx, 'out_of_range', `${value} is out of range`, `must be in ${interval}`);
  });
}

/** A whole number >= `min`. */
export function integerFrom(min: number) {
  return z.number().superRefine((value, ctx) => {
    if (!Number.isInteger(value)) fail(ctx, 'invalid_type', `${value} is not a whole number`);
    else if (value < min) fail(ctx, 'out_of_range', `${value} is out of range`, `must be at least ${min}`);
  });
}

/** A string matching `pattern`, described by `what` in the message. */
export function matching(pattern: RegExp, what: string, hint: (value: string) => string | null = () => null) {
  return z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) fail(ctx, 'invalid_value', `'${value}' is not ${what}`, hint(value));
  });
}

/** A list with at least one entry. */
export function nonEmptyList<T extends z.ZodType>(element: T) {
  return z.array(element).superRefine((list, ctx) => {
    if (list.length === 0) fail(ctx, 'invalid_value', 'must not be empty');
  });
}

/** Raises a custom issue from inside a `superRefine` of a larger object. */
export function addContractIssue(
  ctx: z.RefinementCtx,
  path: readonly (string | number)[],
  issue: ContractIssueCode,
  message: string,
  hint: string | null = null,
): void {
  const params: CheckParams = { issue, hint };
  ctx.addIssue({ code: 'custom', message, path: [...path], params });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
