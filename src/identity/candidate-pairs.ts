/** A growable list of record-index pairs with the blocking rule that produced each one. */
export class CandidatePairs {
  private left = new Int32Array(1024);
  private right = new Int32Array(1024);
  private rules = new Uint8Array(1024);
  private length = 0;

  get size(): number {
    return this.length;
  }

  push(i: number, j: number, rule: number): void {
    if (this.length === this.left.length) this.grow();
    this.left[this.length] = i;
    this.right[this.length] = j;
    this.rules[this.length] = rule;
    this.length++;
  }

  a(k: number): number {
    return this.left[k]!;
  }

  b(k: number): number {
    return this.right[k]!;
  }

  rule(k: number): number {
    return this.rules[k]!;
  }

  /** Copies of the left and right indices of pairs [from, to), e.g. for a worker thread. */
  slice(from: number, to: number): { readonly a: Int32Array; readonly b: Int32Array } {
    return { a: this.left.slice(from, to), b: this.right.slice(from, to) };
  }

  private grow(): void {
    const capacity = this.left.length * 2;
    const left = new Int32Array(capacity);
    const right = new Int32Array(capacity);
    const rules = new Uint8Array(capacity);
    left.set(this.left);
    right.set(this.right);
    rules.set(this.rules);
    this.left = left;
    this.right = right;
    this.rules = rules;
  }
}
