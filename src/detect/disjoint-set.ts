/** Union-find over record indices, with path compression and union by size. */
export class DisjointSet {
  private readonly parent: Int32Array;
  private readonly sizes: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.sizes = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }

  /** Size of the set whose root is `root`. */
  size(root: number): number {
    return this.sizes[root]!;
  }

  /** Joins the sets of two roots; returns the root that survives (the larger set's). */
  unionRoots(ra: number, rb: number): number {
    if (ra === rb) return ra;
    if (this.sizes[ra]! < this.sizes[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.sizes[ra]! += this.sizes[rb]!;
    return ra;
  }

  union(a: number, b: number): number {
    return this.unionRoots(this.find(a), this.find(b));
  }
}
