/**
 * Comparison levels already computed for pairs of values of one low-cardinality column (company, title),
 * keyed by the two values' codes: an open-addressing table of typed arrays, so a lookup allocates nothing.
 */
export class LevelCache {
  /** Code of each record's value in the column; -1 for the empty value. */
  readonly codes: Int32Array;
  private readonly keys: Float64Array;
  private readonly levels: Uint8Array;
  private readonly mask: number;
  private readonly shift: number;
  private readonly limit: number;
  private stored = 0;
  readonly distinct: number;

  /**
   * An empty cache over values already coded (see `codeValues`; the codes may come from another thread).
   * @param distinct how many codes there are
   */
  constructor(codes: Int32Array, distinct: number, capacityBits = 22) {
    this.codes = codes;
    this.distinct = distinct;
    const capacity = 1 << capacityBits;
    // Slots hold key + 1, so that a fresh (zeroed) table is empty without a pass over it: its pages are
    // touched only as slots fill.
    this.keys = new Float64Array(capacity);
    this.levels = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - capacityBits;
    this.limit = capacity >>> 1;
  }

  /** The cached level of the (unordered) value pair, or -1. */
  get(x: number, y: number): number {
    const key = (x < y ? x * this.distinct + y : y * this.distinct + x) + 1;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const k = this.keys[slot]!;
      if (k === key) return this.levels[slot]!;
      if (k === 0) return -1;
    }
  }

  set(x: number, y: number, level: number): void {
    if (this.stored >= this.limit) return;
    const key = (x < y ? x * this.distinct + y : y * this.distinct + x) + 1;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const k = this.keys[slot]!;
      if (k === key) return;
      if (k === 0) {
        this.keys[slot] = key;
        this.levels[slot] = level;
        this.stored++;
        return;
      }
    }
  }

  private slotOf(key: number): number {
    const lo = (key % 0x100000000) | 0;
    const hi = (key / 0x100000000) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }
}
