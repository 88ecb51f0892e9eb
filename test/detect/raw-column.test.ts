import { describe, expect, it } from 'vitest';
import { RawColumn, joinValues, splitValues } from '../../src/detect/raw-column.js';

describe('RawColumn', () => {
  it('gives back every value appended, across chunks, in record order', () => {
    const chunks = [['Bob', '', 'José Ñúñez'], [], ['x', 'a "quoted", value', '', '東京'], ['last']];
    const column = new RawColumn();
    for (const chunk of chunks) column.appendJoined(joinValues(chunk));
    const all = chunks.flat();
    expect(column.length).toBe(all.length);
    expect(all.map((_, i) => column.at(i))).toEqual(all);
    expect(column.toArray()).toEqual(all);
  });

  it('finds values in chunks of one size, then after a shorter chunk (the end of one file, a second file)', () => {
    const chunks = [
      ['a0', 'a1', 'a2'],
      ['b0', 'b1', 'b2'],
      ['c0'],
      ['d0', 'd1', 'd2'],
      ['e0', 'e1', 'e2', 'e3'],
    ];
    const column = new RawColumn();
    for (const chunk of chunks) column.appendJoined(joinValues(chunk));
    const all = chunks.flat();
    expect(all.map((_, i) => column.at(i))).toEqual(all);
    expect(column.toArray()).toEqual(all);
  });

  it("answers '' outside the column", () => {
    const column = RawColumn.of(['a', 'b']);
    expect(column.at(-1)).toBe('');
    expect(column.at(2)).toBe('');
    expect(new RawColumn().at(0)).toBe('');
  });

  it('joins values into one string and splits them back', () => {
    for (const values of [[], [''], ['a', '', 'bc', 'José', '東京', '']]) {
      const joined = joinValues(values);
      expect(joined.text).toBe(values.join(''));
      expect(splitValues(joined)).toEqual(values);
    }
  });
});
