import { describe, expect, it } from 'vitest';
import { LevelCache } from '../../src/identity/level-cache.js';

describe('LevelCache', () => {
  it('answers a stored level for the value pair in either order, and -1 for a pair never stored', () => {
    const cache = new LevelCache(Int32Array.from([0, 1, 2, -1]), 3, 4);
    expect(cache.get(0, 1)).toBe(-1);
    cache.set(0, 1, 2);
    cache.set(2, 0, 0);
    expect(cache.get(1, 0)).toBe(2);
    expect(cache.get(0, 1)).toBe(2);
    expect(cache.get(0, 2)).toBe(0);
    expect(cache.get(1, 2)).toBe(-1);
  });

  it('stops storing at half its capacity and still answers what it holds', () => {
    const distinct = 40;
    const cache = new LevelCache(new Int32Array(0), distinct, 4);
    const pairs: [number, number][] = [];
    for (let x = 0; x < distinct && pairs.length < 12; x++) pairs.push([x, x + 1]);
    pairs.forEach(([x, y], k) => cache.set(x, y, k % 5));
    pairs.forEach(([x, y], k) => expect(cache.get(y, x)).toBe(k < 8 ? k % 5 : -1));
  });
});
