/** Plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function parse(s: string): number {
  return NUMBER.test(s) ? Number(s) : Number.NaN;
}

/**
 * Numeric closeness in [0, 1]: `1 / (1 + |a - b| / scale)`, so equal numbers score 1, numbers
 * `scale` apart 0.5, and the score falls smoothly towards 0 without a cut-off. Values that do not
 * parse as plain decimals score 1 when identical strings, else 0. A `scale` that is not a
 * positive finite number makes the comparison exact (1 for equal numbers, else 0).
 */
export function numericSimilarity(a: string, b: string, scale = 1): number {
  if (a === b) return 1;
  const x = parse(a);
  const y = parse(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
  const diff = Math.abs(x - y);
  if (diff === 0) return 1;
  if (!(scale > 0) || scale === Number.POSITIVE_INFINITY) return 0;
  return 1 / (1 + diff / scale);
}
