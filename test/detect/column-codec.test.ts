import { describe, expect, it } from 'vitest';
import { ColumnDecoder, ColumnEncoder } from '../../src/detect/column-codec.js';

describe('ColumnEncoder / ColumnDecoder', () => {
  it('round-trips chunks of columns, repeated values once, varied columns plain', () => {
    const encoder = new ColumnEncoder();
    const decoder = new ColumnDecoder();
    let sentStrings = 0;
    for (let chunk = 0; chunk < 12; chunk++) {
      const rows = 2000;
      const repeated = Array.from({ length: rows }, (_, r) => ['', 'us', 'de', 'fr'][(r + chunk) % 4]!);
      const varied = Array.from({ length: rows }, (_, r) => `person${chunk * rows + r}@example.com`);
      const encoded = encoder.encode([repeated, varied], rows);
      sentStrings += encoded.reduce((n, e) => n + e.added.length + e.plain.length, 0);
      // What a worker would post: the codes travel as transferred buffers.
      const received = structuredClone(encoded, { transfer: ColumnEncoder.buffers(encoded) });
      expect(decoder.decode(received)).toEqual([repeated, varied]);
    }
    // The four repeated values travel once; the varied column goes plain after the first 10,000 rows.
    expect(sentStrings).toBe(4 + 12 * 2000);
  });
});
