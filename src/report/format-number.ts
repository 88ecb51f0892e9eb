const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Formats a count with thousands separators: 12345 → "12,345". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return INTEGER.format(value);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

/** Formats a ratio (0..1) as a percentage, keeping precision near 0 % and 100 %. */
export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  if (pct > 0 && pct < 10 ** -digits) return `<${(10 ** -digits).toFixed(digits)}%`;
  if (pct < 100 && pct > 100 - 10 ** -digits) {
    const fine = pct.toFixed(digits + 2);
    return Number(fine) >= 100 ? `>${(100 - 10 ** -(digits + 2)).toFixed(digits + 2)}%` : `${fine}%`;
  }
  return `${pct.toFixed(digits)}%`;
}

/** Formats a signed weight (log2 Bayes factor): 3.2 → "+3.20". */
export function formatWeight(weight: number): string {
  if (!Number.isFinite(weight)) return weight > 0 ? '+∞' : weight < 0 ? '−∞' : '–';
  const text = Math.abs(weight).toFixed(2);
  return weight > 0 ? `+${text}` : weight < 0 ? `−${text}` : text;
}

/** Formats a duration in milliseconds: 850 → "850 ms", 12500 → "12.5 s", 125000 → "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** Formats an m/u probability compactly: 0.000123 → "1.23e-4". */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p === 0) return '0';
  if (p < 0.001) return p.toExponential(2).replace('e-', 'e−');
  return p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
