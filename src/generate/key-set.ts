/**
 * A compact set of 32-bit string hashes (open addressing over a Uint32Array). A hash
 * collision can report an unseen key as present; callers use it only to avoid reusing
 * email addresses, where a false "present" just picks another address.
 */
export class KeySet {
  private table: Uint32Array;
  private count = 0;

  constructor(expected: number) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.table = new Uint32Array(size);
  }

  /** Adds a key given by its 32-bit hash (see `hashKey`); false when it was already present. */
  addHash(h: number): boolean {
    const fresh = this.insert(h >>> 0 || 1);
    if (fresh && ++this.count * 10 > this.table.length * 7) this.grow();
    return fresh;
  }

  /** Adds a string key; false when it was already present. */
  add(key: string): boolean {
    return this.addHash(hashKey(key));
  }

  private insert(h: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = table[i];
      if (v === h) return false;
      if (v === 0) {
        table[i] = h;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (const h of old) if (h !== 0) this.insert(h);
  }
}

/** FNV-1a over a string, continuing from `h` so keys can be hashed in parts. */
export function hashKey(key: string, h = 0x811c9dc5): number {
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
