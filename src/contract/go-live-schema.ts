import { z } from 'zod';
import { parseCreateLimit, type CreateLimit } from '../policy/create-limit.js';
import { timeOf, UNDATED_ACTIONS } from '../policy/since-filter.js';
import { addContractIssue, oneOf } from './schema-checks.js';

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `since: { date, field, undated? }` — the lane's start date and the payload field holding a record's time. */
export const sinceSchema = z
  .object({
    // YAML may read an unquoted date as a date: either way it is the same instant.
    date: z.union([z.string(), z.date()]).transform((value, ctx) => {
      const text = value instanceof Date ? value.toISOString() : value.trim();
      const ms = DATE.test(text) || value instanceof Date ? timeOf(text) : undefined;
      if (ms === undefined) {
        addContractIssue(
          ctx,
          [],
          'invalid_value',
          `'${text}' is not a date`,
          'write an ISO-8601 date (2025-01-01) or date-time with its offset (2025-01-01T00:00:00Z)',
        );
        return z.NEVER;
      }
      return { text, ms };
    }),
    field: z.string().min(1),
    undated: oneOf(UNDATED_ACTIONS, 'undated action').optional(),
  })
  .strict();

/** `max_creates: 200 per hour` — the lane's circuit breaker. */
export const maxCreatesSchema = z.string().transform((text, ctx): CreateLimit => {
  const parsed = parseCreateLimit(text);
  if (parsed.ok) return parsed.limit;
  addContractIssue(ctx, [], 'invalid_value', parsed.message, parsed.hint);
  return z.NEVER;
});

export type SinceInput = z.output<typeof sinceSchema>;
