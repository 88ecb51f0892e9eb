/**
 * The code of each value of a column, numbered in order of first appearance in `dictionary` (which may
 * already hold codes of other columns sharing its code space); -1 for the empty value.
 */
export function codeValues(
  column: readonly string[],
  dictionary: Map<string, number> = new Map(),
): Int32Array {
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] ?? '';
    if (v === '') {
      codes[i] = -1;
      continue;
    }
    let code = dictionary.get(v);
    if (code === undefined) dictionary.set(v, (code = dictionary.size));
    codes[i] = code;
  }
  return codes;
}
