/**
 * Columns of strings sent from one thread to another, each distinct value once: a value seen before
 * travels as a number. Most feature columns repeat a few thousand values (names, cities, phonetic codes),
 * so the receiving thread deserializes — and keeps — far fewer strings, and identical values share one string.
 */

/** One column of a chunk: a code per row; `added` extends the column's dictionary, `plain` holds the rest. */
export interface EncodedColumn {
  /** `code >= 0`: the dictionary entry; `code < 0`: `plain[-code - 1]`. */
  readonly codes: Int32Array;
  /** New dictionary entries, in code order. */
  readonly added: string[];
  /** Values sent as they are (the dictionary is full). */
  readonly plain: string[];
}

/** Distinct values remembered per column at most. */
const MAX_DICTIONARY = 1 << 16;
/**
 * A column with more distinct values than this share of its rows so far (emails, phones, streets) repeats
 * too little to gain from a dictionary: its values go plain from then on.
 */
const MAX_DISTINCT_SHARE = 0.25;
/** Rows seen before a column's share of distinct values is judged. */
const JUDGE_AFTER_ROWS = 10_000;

interface ColumnState {
  /** Code of each value the receiver has; null once the column goes plain. */
  dictionary: Map<string, number> | null;
  rows: number;
}

/** The sending side: remembers which values the receiver already has. */
export class ColumnEncoder {
  private readonly states: ColumnState[] = [];

  /** Encodes the first `rows` values of each column. */
  encode(columns: readonly (readonly string[])[], rows: number): EncodedColumn[] {
    return columns.map((column, c) => {
      let state = this.states[c];
      if (state === undefined) this.states[c] = state = { dictionary: new Map(), rows: 0 };
      const codes = new Int32Array(rows);
      const added: string[] = [];
      const plain: string[] = [];
      const dictionary = state.dictionary;
      if (dictionary === null) {
        for (let r = 0; r < rows; r++) codes[r] = -plain.push(column[r] ?? '');
        return { codes, added, plain };
      }
      for (let r = 0; r < rows; r++) {
        const value = column[r] ?? '';
        let code = dictionary.get(value);
        if (code === undefined) {
          if (dictionary.size < MAX_DICTIONARY) {
            code = dictionary.size;
            dictionary.set(value, code);
            added.push(value);
          } else code = -plain.push(value);
        }
        codes[r] = code;
      }
      state.rows += rows;
      if (state.rows >= JUDGE_AFTER_ROWS && dictionary.size > state.rows * MAX_DISTINCT_SHARE) {
        state.dictionary = null;
      }
      return { codes, added, plain };
    });
  }

  /** The buffers of encoded columns, to transfer rather than copy them. */
  static buffers(encoded: readonly EncodedColumn[]): ArrayBuffer[] {
    return encoded.map((e) => e.codes.buffer as ArrayBuffer);
  }
}

/** The receiving side: the same dictionaries, rebuilt from what arrives (in the order it was encoded). */
export class ColumnDecoder {
  private readonly dictionaries: string[][] = [];

  decode(encoded: readonly EncodedColumn[]): string[][] {
    return encoded.map(({ codes, added, plain }, c) => {
      let dictionary = this.dictionaries[c];
      if (dictionary === undefined) this.dictionaries[c] = dictionary = [];
      for (const value of added) dictionary.push(value);
      const column: string[] = [];
      for (let r = 0; r < codes.length; r++) {
        const code = codes[r]!;
        column.push((code >= 0 ? dictionary[code] : plain[-code - 1]) ?? '');
      }
      return column;
    });
  }
}
