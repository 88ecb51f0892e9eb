/** Normalizes a raw value for "do these differ?" checks: case, surrounding and repeated spaces. */
function comparable(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** True when two raw values say the same thing up to case and whitespace. */
export function sameValue(a: string, b: string): boolean {
  return comparable(a) === comparable(b);
}

/** True when a raw value is blank. */
export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}
