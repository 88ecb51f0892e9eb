import { describe, expect, it } from 'vitest';
import { evaluateClusters } from '../../src/detect/evaluate-clusters.js';

describe('evaluateClusters', () => {
  const truth = new Map([
    ['a', 'p1'],
    ['b', 'p1'],
    ['c', 'p1'],
    ['d', 'p2'],
    ['e', 'p3'],
  ]);

  it('is perfect when clusters equal the truth', () => {
    const e = evaluateClusters(
      new Map([
        ['a', 'x'],
        ['b', 'x'],
        ['c', 'x'],
        ['d', 'y'],
        ['e', 'z'],
      ]),
      truth,
    );
    expect(e.pairwise).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 3 });
    expect(e.bcubed.f1).toBe(1);
  });

  it('counts pairwise and B-cubed errors', () => {
    const predicted = new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
      ['d', 'y'],
      ['e', 'z'],
    ]);
    const e = evaluateClusters(predicted, truth, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(e.pairwise.correctPairs).toBe(1);
    expect(e.pairwise.predictedPairs).toBe(2);
    expect(e.pairwise.precision).toBe(0.5);
    expect(e.pairwise.recall).toBeCloseTo(1 / 3);
    expect(e.bcubed.precision).toBeCloseTo((1 + 1 + 0.5 + 0.5 + 1) / 5);
    expect(e.matchDecisions).toEqual({ pairs: 2, correct: 1, precision: 0.5 });
  });

  it('refuses records without ground truth', () => {
    expect(() => evaluateClusters(new Map([['zz', 'x']]), truth)).toThrow(/no ground truth/);
  });
});
