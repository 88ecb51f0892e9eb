/** A min-heap of items keyed by the row position at which they are due. */
export class PendingQueue<T> {
  private readonly dues: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.dues.length;
  }

  /** Due position of the earliest item, or Infinity when empty. */
  peekDue(): number {
    return this.dues[0] ?? Infinity;
  }

  push(due: number, item: T): void {
    const dues = this.dues;
    const items = this.items;
    let i = dues.length;
    dues.push(due);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pd = dues[parent] as number;
      if (pd <= due) break;
      dues[i] = pd;
      items[i] = items[parent] as T;
      i = parent;
    }
    dues[i] = due;
    items[i] = item;
  }

  pop(): T | undefined {
    const dues = this.dues;
    const items = this.items;
    if (dues.length === 0) return undefined;
    const top = items[0];
    const lastDue = dues.pop() as number;
    const lastItem = items.pop() as T;
    const n = dues.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (dues[r] as number) < (dues[l] as number) ? r : l;
        if ((dues[c] as number) >= lastDue) break;
        dues[i] = dues[c] as number;
        items[i] = items[c] as T;
        i = c;
      }
      dues[i] = lastDue;
      items[i] = lastItem;
    }
    return top;
  }
}
