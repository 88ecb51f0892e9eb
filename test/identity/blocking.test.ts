import { describe, expect, it } from 'vitest';
import { blockPairs } from '../../src/identity/blocking.js';
import { FeatureStore } from '../../src/identity/feature-store.js';
import type { BlockingRule } from '../../src/identity/rules.js';

function store(columns: Record<string, string[]>): FeatureStore {
  return FeatureStore.fromColumns(new Map(Object.entries(columns)));
}

function pairList(
  s: FeatureStore,
  rules: BlockingRule[],
  options: { maxBlockSize?: number; window?: number; linkSplit?: number } = {},
) {
  const { pairs, stats } = blockPairs(s, rules, {
    maxBlockSize: options.maxBlockSize ?? 25,
    window: options.window ?? 10,
    sortFeatures: ['sort'],
    ...(options.linkSplit !== undefined ? { linkSplit: options.linkSplit } : {}),
  });
  const list = Array.from({ length: pairs.size }, (_, k) => `${pairs.a(k)}-${pairs.b(k)}`);
  return { list, stats };
}

describe('blockPairs', () => {
  it('produces every pair of a small block, and a pair two rules share once', () => {
    const s = store({
      email: ['a', 'a', 'b', 'a'],
      phone: ['1', '1', '1', '2'],
      sort: ['', '', '', ''],
    });
    const { list, stats } = pairList(s, [
      { name: 'email', keys: ['email'] },
      { name: 'phone', keys: ['phone'] },
    ]);
    expect(list).toEqual(['0-1', '0-3', '1-3', '0-2', '1-2']);
    expect(stats.pairsByRule.map((r) => r.pairs)).toEqual([3, 2]);
  });

  it('compares an oversized block by a sorted window only', () => {
    // Ten records with one key: 45 pairs, more than maxBlockSize 4 allows (6); window 2 over the sort order.
    const n = 10;
    const s = store({
      key: Array.from({ length: n }, () => 'k'),
      sort: Array.from({ length: n }, (_, i) => String.fromCharCode(106 - i)), // reverse record order
    });
    const { list, stats } = pairList(s, [{ name: 'key', keys: ['key'] }], { maxBlockSize: 4, window: 2 });
    expect(stats.oversizedBlocks).toBe(1);
    expect(list).toHaveLength(9 + 8);
    expect(list).toContain('8-9'); // neighbours in sort order
    expect(list).toContain('7-9'); // two apart
    expect(list).not.toContain('6-9'); // three apart: outside the window
  });

  it('does not produce again a pair an earlier oversized block compared in its window', () => {
    // Records 0..15: the first rule puts 0..11 in one oversized block, the second puts all 16 in one; the
    // sort order interleaves the extra records, so the windows overlap in part.
    const n = 16;
    const s = store({
      first: Array.from({ length: n }, (_, i) => (i < 12 ? 'f' : '')),
      second: Array.from({ length: n }, () => 's'),
      sort: Array.from({ length: n }, (_, i) => String((i * 7) % n).padStart(2, '0')),
    });
    const first: BlockingRule = { name: 'first', keys: ['first'] };
    const second: BlockingRule = { name: 'second', keys: ['second'] };
    const options = { maxBlockSize: 4, window: 3 };
    const both = pairList(s, [first, second], options).list;
    const alone = new Set([...pairList(s, [first], options).list, ...pairList(s, [second], options).list]);
    expect(new Set(both).size).toBe(both.length);
    expect(new Set(both)).toEqual(alone);
    expect(both.length).toBeLessThan(
      pairList(s, [first], options).list.length + pairList(s, [second], options).list.length,
    );
  });

  it('groups many two-part keys exactly as their joined strings would', () => {
    // 20,000 records over 12,000 (a, b) combinations: enough to make the key table grow several times.
    const n = 20_000;
    let seed = 7;
    const next = (m: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % m;
    };
    const a = Array.from({ length: n }, () => `a${next(120)}`);
    const b = Array.from({ length: n }, () => `b${next(100)}`);
    const s = store({ a, b, sort: Array.from({ length: n }, () => '') });
    const { list } = pairList(s, [{ name: 'ab', keys: ['a', 'b'] }], { maxBlockSize: 1000 });
    const groups = new Map<string, number[]>();
    for (let i = 0; i < n; i++) groups.set(`${a[i]}|${b[i]}`, [...(groups.get(`${a[i]}|${b[i]}`) ?? []), i]);
    const expected: string[] = [];
    for (const members of groups.values())
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) expected.push(`${members[x]}-${members[y]}`);
    expect(list.length).toBe(expected.length);
    expect(new Set(list)).toEqual(new Set(expected));
  });

  it('pairs key parts in any order when the rule says so, and only then', () => {
    const s = store({
      first: ['ann', 'lee', 'ann', 'lee', ''],
      last: ['lee', 'ann', 'kim', 'ann', 'lee'],
      city: ['x', 'y', 'x', 'z', 'x'],
      sort: ['', '', '', '', ''],
    });
    const anyOrder: BlockingRule = { name: 'names', keys: ['first', 'last'], anyOrder: true };
    expect(pairList(s, [anyOrder]).list).toEqual(['0-1', '0-3', '1-3']);
    expect(pairList(s, [{ ...anyOrder, anyOrder: false }]).list).toEqual(['1-3']);
    // A column coded for an any-order rule keeps its codes for a plain rule over it.
    const both = pairList(s, [anyOrder, { name: 'last+city', keys: ['last', 'city'] }]);
    expect(both.list).toEqual(['0-1', '0-3', '1-3', '0-4']);
  });

  it('links across the split only', () => {
    const s = store({ email: ['a', 'a', 'a', 'a'], sort: ['', '', '', ''] });
    const { list } = pairList(s, [{ name: 'email', keys: ['email'] }], { linkSplit: 2 });
    expect(list).toEqual(['0-2', '0-3', '1-2', '1-3']);
  });
});
