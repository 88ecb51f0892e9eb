/** Pairs per chunk: storage grows by whole chunks, so adding pairs never copies the ones already held. */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** A growable list of record-index pairs with the blocking rule that produced each one. */
export class CandidatePairs {
  private readonly left: Int32Array[] = [];
  private readonly right: Int32Array[] = [];
  private readonly rules: Uint8Array[] = [];
  private length = 0;

  get size(): number {
    return this.length;
  }

  push(i: number, j: number, rule: number): void {
    const offset = this.length & MASK;
    if (offset === 0) {
      this.left.push(new Int32Array(CHUNK));
      this.right.push(new Int32Array(CHUNK));
      this.rules.push(new Uint8Array(CHUNK));
    }
    const chunk = this.length >>> CHUNK_BITS;
    this.left[chunk]![offset] = i;
    this.right[chunk]![offset] = j;
    this.rules[chunk]![offset] = rule;
    this.length++;
  }

  a(k: number): number {
    return this.left[k >>> CHUNK_BITS]![k & MASK]!;
  }

  b(k: number): number {
    return this.right[k >>> CHUNK_BITS]![k & MASK]!;
  }

  rule(k: number): number {
    return this.rules[k >>> CHUNK_BITS]![k & MASK]!;
  }

  /** Copies of the left and right indices of pairs [from, to), e.g. for a worker thread. */
  slice(from: number, to: number): { readonly a: Int32Array; readonly b: Int32Array } {
    return { a: gather(this.left, from, to), b: gather(this.right, from, to) };
  }
}

function gather(chunks: readonly Int32Array[], from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  let k = from;
  while (k < to) {
    const chunk = chunks[k >>> CHUNK_BITS]!;
    const offset = k & MASK;
    const n = Math.min(CHUNK - offset, to - k);
    out.set(chunk.subarray(offset, offset + n), k - from);
    k += n;
  }
  return out;
}
