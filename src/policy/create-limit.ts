/** How many records a lane may create per window (`max_creates: 200 per hour`): its circuit breaker. */
export const CREATE_LIMIT_UNITS = ['minute', 'hour', 'day'] as const;
export type CreateLimitUnit = (typeof CREATE_LIMIT_UNITS)[number];

const UNIT_MS: Readonly<Record<CreateLimitUnit, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export interface CreateLimit {
  /** Creates allowed within any window of `windowMs` (at least 1). */
  readonly max: number;
  readonly per: CreateLimitUnit;
  readonly windowMs: number;
}

export type ParsedCreateLimit =
  | { readonly ok: true; readonly limit: CreateLimit }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const FORM = /^(\d+)\s+per\s+([a-z]+)$/i;
const HINT = "write '<N> per minute', '<N> per hour' or '<N> per day', e.g. '200 per hour'";

/** Parses `N per minute|hour|day` (plural units too: `5000 per days` reads as per day). Pure. */
export function parseCreateLimit(text: string): ParsedCreateLimit {
  const match = FORM.exec(text.trim());
  if (match === null) return { ok: false, message: `'${text}' is not a create limit`, hint: HINT };
  const max = Number(match[1]);
  const unit = match[2]!.toLowerCase().replace(/s$/, '');
  if (!(CREATE_LIMIT_UNITS as readonly string[]).includes(unit))
    return {
      ok: false,
      message: `unknown unit '${match[2]}' in '${text}'`,
      hint: `units: ${CREATE_LIMIT_UNITS.join(', ')}`,
    };
  if (!Number.isSafeInteger(max) || max < 1)
    return {
      ok: false,
      message: `${match[1]} creates per ${unit} is not a limit`,
      hint: 'allow at least 1; a lane that must never create is `target.mode: update_only`',
    };
  const per = unit as CreateLimitUnit;
  return { ok: true, limit: { max, per, windowMs: UNIT_MS[per] } };
}

/** `200 per hour`. */
export function formatCreateLimit(limit: CreateLimit): string {
  return `${limit.max} per ${limit.per}`;
}
