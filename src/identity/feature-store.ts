import type { Features } from './prepare-record.js';

/**
 * Column-oriented normalized features of many records: one string array per feature.
 * Records are addressed by their index; the batch audit and single-record resolution both score pairs
 * through this one shape, so they reach the same decision on the same pair.
 */
export class FeatureStore {
  private readonly columns = new Map<string, string[]>();
  private count = 0;

  /** The columns in the order of `features`. */
  private readonly columnList: string[][] = [];

  constructor(readonly features: readonly string[]) {
    for (const f of features) {
      const column: string[] = [];
      this.columns.set(f, column);
      this.columnList.push(column);
    }
  }

  /** A store over existing columns (all of one length), e.g. columns handed to a worker thread. */
  static fromColumns(columns: ReadonlyMap<string, string[]>): FeatureStore {
    const store = new FeatureStore([...columns.keys()]);
    store.columnList.length = 0;
    for (const [name, column] of columns) {
      store.columns.set(name, column);
      store.columnList.push(column);
    }
    store.count = columns.values().next().value?.length ?? 0;
    return store;
  }

  /** The named columns only (those a scorer reads), for handing to another thread. */
  pick(names: Iterable<string>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const name of names) {
      const column = this.columns.get(name);
      if (column !== undefined) out.set(name, column);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }

  add(features: Features): number {
    const names = this.features;
    for (let f = 0; f < names.length; f++) this.columnList[f]!.push(features[names[f]!] ?? '');
    return this.count++;
  }

  /** Removes the last record added (a record scored against the others but not kept). */
  pop(): void {
    if (this.count === 0) return;
    for (const column of this.columns.values()) column.pop();
    this.count--;
  }

  /** The column of one feature; an unknown feature is a programming error. */
  column(name: string): readonly string[] {
    const column = this.columns.get(name);
    if (column === undefined) throw new Error(`feature '${name}' is not in the store`);
    return column;
  }

  has(name: string): boolean {
    return this.columns.has(name);
  }

  get(name: string, index: number): string {
    return this.column(name)[index] ?? '';
  }

  /** All features of one record, as a plain object. */
  record(index: number): Features {
    const out: Features = {};
    for (const [name, column] of this.columns) out[name] = column[index] ?? '';
    return out;
  }
}
