/** Values joined into one string, with where each starts and, last, where the last one ends. */
export interface JoinedValues {
  readonly text: string;
  readonly bounds: Int32Array;
}

/** One string for many values: one copy for a thread to post or a column to keep, not one per value. */
export function joinValues(values: readonly string[]): JoinedValues {
  const bounds = new Int32Array(values.length + 1);
  let at = 0;
  for (let r = 0; r < values.length; r++) {
    bounds[r] = at;
    at += values[r]!.length;
  }
  bounds[values.length] = at;
  return { text: values.join(''), bounds };
}

/** The values again. */
export function splitValues(joined: JoinedValues): string[] {
  const { text, bounds } = joined;
  const out = new Array<string>(Math.max(0, bounds.length - 1));
  for (let r = 0; r < out.length; r++) out[r] = text.slice(bounds[r]!, bounds[r + 1]!);
  return out;
}

/**
 * The raw values of one field for every record, held compactly: each chunk's values joined into one string,
 * with where each value starts. A million records keep a few hundred strings instead of a million that the
 * garbage collector would copy and trace one by one; a value is sliced out when it is asked for.
 */
export class RawColumn {
  private readonly texts: string[] = [];
  /** Per chunk, the index of its first record. */
  private readonly firsts: number[] = [];
  /** Per chunk, where each of its values starts in the chunk's text, then where the last one ends. */
  private readonly bounds: Int32Array[] = [];
  private count = 0;
  /** Rows of the first chunk, and how many records the leading chunks of exactly that size hold. */
  private regularRows = 0;
  private regularCount = 0;

  static of(values: readonly string[]): RawColumn {
    const column = new RawColumn();
    column.appendJoined(joinValues(values));
    return column;
  }

  get length(): number {
    return this.count;
  }

  /** Adds the values of the next records, already joined. */
  appendJoined(joined: JoinedValues): void {
    const rows = joined.bounds.length - 1;
    if (rows <= 0) return;
    if (this.texts.length === 0) this.regularRows = rows;
    if (rows === this.regularRows && this.regularCount === this.count) this.regularCount += rows;
    this.texts.push(joined.text);
    this.firsts.push(this.count);
    this.bounds.push(joined.bounds);
    this.count += rows;
  }

  /** The value of record `index` ('' outside the column). */
  at(index: number): string {
    if (!(index >= 0 && index < this.count)) return '';
    if (index < this.regularCount) {
      // Chunks of one size (all but the last of a file): the chunk is found by division.
      const c = (index / this.regularRows) | 0;
      const bounds = this.bounds[c]!;
      const r = index - c * this.regularRows;
      return this.texts[c]!.slice(bounds[r]!, bounds[r + 1]!);
    }
    let lo = 0;
    let hi = this.firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firsts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    const bounds = this.bounds[lo]!;
    const r = index - this.firsts[lo]!;
    return this.texts[lo]!.slice(bounds[r]!, bounds[r + 1]!);
  }

  /** Every value, in record order. */
  toArray(): string[] {
    const out = new Array<string>(this.count);
    for (let c = 0; c < this.texts.length; c++) {
      const text = this.texts[c]!;
      const bounds = this.bounds[c]!;
      const first = this.firsts[c]!;
      for (let r = 0; r + 1 < bounds.length; r++) out[first + r] = text.slice(bounds[r]!, bounds[r + 1]!);
    }
    return out;
  }
}
