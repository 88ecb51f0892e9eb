/**
 * Text the state store keeps exactly as given, on every backend. PostgreSQL cannot hold U+0000 in `text`
 * or `json`, and a UTF-16 surrogate without its pair has no UTF-8 form (drivers write U+FFFD instead, which
 * would make two different strings one). Such text is refused at intake, the same way on every store.
 */

// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored faithfully, or `undefined` when it can. Never quotes the text. */
export function unstorableTextReason(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (found === null) return undefined;
  const unit = found[0].charCodeAt(0);
  const at = `at character ${found.index + 1}`;
  if (unit === 0) return `holds a NUL character (U+0000) ${at}, which cannot be stored; remove it`;
  const hex = unit.toString(16).toUpperCase();
  return (
    `holds a lone UTF-16 surrogate (U+${hex}) ${at}, which is not a character and cannot be stored; ` +
    'send the whole surrogate pair or valid UTF-8'
  );
}

/** The first string in a JSON value (object keys included) that cannot be stored faithfully. */
export interface UnstorableText {
  /** Path segments from the value's root: keys and array indexes. */
  readonly path: readonly (string | number)[];
  /** Whether the offending string is an object key rather than a value. */
  readonly inKey: boolean;
  readonly reason: string;
}

/** Walks `value` (without recursion) and returns its first unstorable string in document order, if any. */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  type Item = { value: unknown; path: (string | number)[]; key?: string };
  const stack: Item[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path, key } = stack.pop() as Item;
    if (key !== undefined) {
      const reason = unstorableTextReason(key);
      if (reason !== undefined) return { path, inKey: true, reason: `the name ${reason}` };
      continue;
    }
    if (typeof current === 'string') {
      const reason = unstorableTextReason(current);
      if (reason !== undefined) return { path, inKey: false, reason: `the value ${reason}` };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, i) => [i, item])
      : Object.entries(current);
    // Reversed onto the stack (each key before its value), so that problems come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, child] = entries[i] as [string | number, unknown];
      stack.push({ value: child, path: [...path, name] });
      if (typeof name === 'string') stack.push({ value: undefined, path: [...path, name], key: name });
    }
  }
  return undefined;
}

/** Path segments as text: `.email`, `[3]`, and `["odd key"]` (JSON-escaped) for names that are not identifiers. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments
    .map((s) =>
      typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`,
    )
    .join('');
}
