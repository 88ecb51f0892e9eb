/**
 * A lane's start date (`since:` in the contract): events whose record is older than the date are not synced.
 * Pure.
 */
export const UNDATED_ACTIONS = ['skip', 'sync'] as const;
export type UndatedAction = (typeof UNDATED_ACTIONS)[number];

export interface SinceRule {
  /** The start date, ISO-8601 (UTC). Records at or after it are synced. */
  readonly date: string;
  readonly epochMs: number;
  /** The payload field holding the record's time (last modified, created, submitted). */
  readonly field: string;
  /** What an event whose field is empty or not a time gets. */
  readonly undated: UndatedAction;
}

export type SinceVerdict =
  | { readonly sync: true }
  | {
      readonly sync: false;
      readonly rule: 'block:since' | 'block:since_undated';
      readonly reason: string;
    };

/** Below this, a number is epoch seconds (10^11 s is the year 5138); from it on, epoch milliseconds. */
const SECONDS_BELOW = 1e11;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DIGITS = /^\d{1,16}$/;

/**
 * The time a payload value names, in epoch ms: an ISO-8601 date (midnight UTC) or date-time (UTC when no
 * offset is given), or epoch seconds / milliseconds as a number or digits. Anything else is `undefined`.
 */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? epoch(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DIGITS.test(text)) return epoch(Number(text));
  if (!ISO.test(text)) return undefined;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
  const iso = text.length === 10 ? `${text}T00:00:00Z` : hasZone ? text : `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

function epoch(n: number): number {
  return n < SECONDS_BELOW ? n * 1000 : n;
}

/** Whether an event's record is recent enough to sync under the lane's start date. */
export function sinceVerdict(rule: SinceRule, payload: Readonly<Record<string, unknown>>): SinceVerdict {
  const time = timeOf(payload[rule.field]);
  if (time === undefined) {
    if (rule.undated === 'sync') return { sync: true };
    return {
      sync: false,
      rule: 'block:since_undated',
      reason: `'${rule.field}' holds no time, and the lane syncs only records since ${rule.date} (since.undated: skip)`,
    };
  }
  if (time >= rule.epochMs) return { sync: true };
  return {
    sync: false,
    rule: 'block:since',
    reason: `'${rule.field}' is ${new Date(time).toISOString()}, before the lane's start date ${rule.date}`,
  };
}
