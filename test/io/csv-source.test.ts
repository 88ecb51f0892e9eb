import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, inputError, readAll } from './io-helpers.js';

describe('openCsv', () => {
  it('numbers rows by their first physical line after multi-line quoted values (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['id,note', '1,"two', 'lines"', '', '2,plain', '3,"a', '', 'b"', '4,x', ''].join(eol);
      const { rows } = await readAll(fixture('lines.csv', text));
      expect(rows.map((r) => [r.line, r.values.id, r.values.note])).toEqual([
        [2, '1', `two${eol}lines`],
        [5, '2', 'plain'],
        [6, '3', `a${eol}${eol}b`],
        [9, '4', 'x'],
      ]);
    }
  });

  it('reads a file that mixes LF and CRLF line ends', async () => {
    const { rows } = await readAll(fixture('mixed.csv', 'a,b\n1,2\r\n3,"4"\r\n5,6\n'));
    expect(rows).toEqual([
      { line: 2, values: { a: '1', b: '2' } },
      { line: 3, values: { a: '3', b: '4' } },
      { line: 4, values: { a: '5', b: '6' } },
    ]);
  });

  it('keeps stray quotes literally, skips whitespace-only lines, accepts trailing empty fields', async () => {
    const { rows } = await readAll(fixture('relaxed.csv', 'a,b,c\n1,O"Brien,"x"y\n  \n2, "q, r" ,3,, \n'));
    expect(rows).toEqual([
      { line: 2, values: { a: '1', b: 'O"Brien', c: '"x"y' } },
      { line: 4, values: { a: '2', b: '"q, r"', c: '3' } },
    ]);
  });

  it('names the column of an unclosed quote', async () => {
    const err = await inputError(
      readAll(fixture('open.csv', 'id,name,city\n1,Ann,Oslo\n2,"Bob,Rome\n3,Cy,Bonn\n')),
    );
    expect(err).toMatchObject({ code: 'malformed_row', line: 3, column: 'name' });
  });

  it('reports line_too_long where a never-closed quote starts', async () => {
    const body = Array.from({ length: 150_000 }, (_, i) => `${i},value ${i}`).join('\n');
    const path = fixture('runaway.csv', `id,v\n1,"oops\n${body}\n`);
    const err = await inputError(readAll(path, { maxLineBytes: 4096 }));
    expect(err).toMatchObject({ code: 'line_too_long', line: 2, column: 'v' });
  });

  it('reads records that straddle read buffers exactly as csv-parse does', async () => {
    // About 3 MB, so records (some multi-line, some non-ASCII) cross the 1 MiB read boundaries.
    const lines = ['id,name,note'];
    for (let i = 0; i < 40_000; i++) {
      const note = i % 7 === 0 ? `"line one ${i}\nline ""two"", Zoë 東京"` : `plain ${i} 😀`;
      lines.push(`${i}, name ${i} ,${note}`);
    }
    const text = `${lines.join('\n')}\n`;
    const { rows } = await readAll(fixture('big.csv', text));
    const want = (
      parse(text, { ltrim: true, relax_quotes: true, skip_empty_lines: true }) as string[][]
    ).slice(1);
    expect(rows.length).toBe(want.length);
    rows.forEach((row, i) => {
      const record = want[i]!;
      expect(row.values).toEqual({
        id: record[0]!.trimEnd(),
        name: record[1]!.trimEnd(),
        note: record[2]!.trimEnd(),
      });
    });
    expect(rows[40_000 - 1]!.line).toBe(text.split('\n').length - 1);
  });
});
