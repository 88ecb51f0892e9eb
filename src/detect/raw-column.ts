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
    this.texts.push(joined.text);
    this.firsts.push(this.count);
    this.bounds.push(joined.bounds);
    this.count += rows;
  }

  /** The value of record `index` ('' outside the column). */
  at(index: number): string {
    if (!(index >= 0 && index < this.count)) return '';
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
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }
}
