/** 1 when the two values are identical strings, else 0. */
export function exactSimilarity(a: string, b: string): number {
  return a === b ? 1 : 0;
}
