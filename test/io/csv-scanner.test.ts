import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanError, CsvScanner } from '../../src/io/csv-scanner.js';

interface Scanned {
  records: string[][];
  lines: number[];
}

/** Scans `text` fed in pieces cut at `cuts` (positions into the text). */
function scan(text: string, delimiter = ',', cuts: number[] = [], maxRecordBytes = 0): Scanned {
  const records: string[][] = [];
  const lines: number[] = [];
  const scanner = new CsvScanner({ delimiter, maxRecordBytes }, (fields, line) => {
    records.push([...fields]);
    lines.push(line);
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  scanner.push(text.slice(at));
  scanner.end();
  return { records, lines };
}

/** The oracle: csv-parse with the options openCsv used to pass it. */
function oracle(text: string, delimiter: string): string[][] {
  return parse(text, {
    delimiter,
    ltrim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
}

function scanError(fn: () => unknown): CsvScanError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CsvScanError);
    return err as CsvScanError;
  }
  throw new Error('expected a CsvScanError');
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
const LINE_ENDS = ['\n', '\r\n', '\r'] as const;

/** Characters that stress quoting and trimming. */
const valueChar = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  ',',
  ';',
  '\t',
  '|',
  '"',
  '\n',
  '\r',
  '\r\n',
  'é',
  '東',
  '😀',
  '\u00a0',
  '\u3000',
  '\uFEFF',
  "'",
);
const value = fc.oneof(
  fc.array(valueChar, { maxLength: 8 }).map((cs) => cs.join('')),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constant(''),
);

/** A table serialised with proper quoting, plus the line where each row starts. */
const table = fc
  .record({
    delimiter: fc.constantFrom(...DELIMITERS),
    lineEnd: fc.constantFrom(...LINE_ENDS),
    width: fc.integer({ min: 1, max: 5 }),
    trailingLineEnd: fc.boolean(),
    rows: fc.array(
      fc.record({
        values: fc.array(value, { minLength: 5, maxLength: 5 }),
        quoteAll: fc.boolean(),
        spaceBefore: fc.boolean(),
        blankLinesBefore: fc.constantFrom('', '', '', 'empty', 'spaces'),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ delimiter, lineEnd, width, trailingLineEnd, rows }) => {
    const mustQuote = (v: string) =>
      v.includes(delimiter) ||
      v.includes('"') ||
      v.includes('\n') ||
      v.includes('\r') ||
      (v.length > 0 && v.trimStart() !== v);
    let text = '';
    let line = 1;
    const expected: { record: string[]; line: number }[] = [];
    const breaks = (s: string) =>
      lineEnd === '\r' ? (s.match(/\r\n|\r|\n/g) ?? []).length : (s.match(/\n/g) ?? []).length;
    rows.forEach((row, i) => {
      if (row.blankLinesBefore !== '') {
        const blank = (row.blankLinesBefore === 'spaces' ? ' \u00a0 ' : '') + lineEnd;
        text += blank;
        line += breaks(blank);
      }
      const values = row.values.slice(0, width);
      const cells = values.map((v) => {
        const quoted = row.quoteAll || mustQuote(v) ? `"${v.replaceAll('"', '""')}"` : v;
        return (row.spaceBefore ? ' ' : '') + quoted;
      });
      const serialised = cells.join(delimiter);
      // A row that is one empty unquoted cell is a blank line, which both parsers skip.
      if (cells.length > 1 || serialised.trim() !== '') expected.push({ record: values, line });
      text += serialised;
      line += breaks(serialised);
      if (i < rows.length - 1 || trailingLineEnd) {
        text += lineEnd;
        line += breaks(lineEnd);
      }
    });
    return { delimiter, text, expected };
  });

const cutsFor = (text: string) => fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 });

describe('CsvScanner against csv-parse', () => {
  it('reads properly quoted tables like csv-parse, with any chunk boundaries', () => {
    fc.assert(
      fc.property(
        table.chain((t) => fc.tuple(fc.constant(t), cutsFor(t.text))),
        ([{ delimiter, text, expected }, cuts]) => {
          const got = scan(text, delimiter, cuts);
          expect(got.records).toEqual(oracle(text, delimiter));
          // Leading/trailing whitespace of unquoted values aside, the records are the table's rows.
          expect(got.records.length).toBe(expected.length);
          expect(got.lines).toEqual(expected.map((e) => e.line));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('matches csv-parse on arbitrary text, stray quotes included (relax_quotes)', () => {
    const noise = fc
      .record({
        lineEnd: fc.constantFrom('\n', '\r\n'),
        parts: fc.array(fc.constantFrom('a', 'b', ',', '"', '""', ' ', '\t', 'NL', 'é', '😀'), {
          maxLength: 40,
        }),
      })
      .map(({ lineEnd, parts }) => parts.map((p) => (p === 'NL' ? lineEnd : p)).join(''));
    fc.assert(
      fc.property(
        noise.chain((text) => fc.tuple(fc.constant(text), cutsFor(text))),
        ([text, cuts]) => {
          let want: string[][] | 'unclosed';
          try {
            want = oracle(text, ',');
          } catch (err) {
            expect((err as { code?: string }).code).toBe('CSV_QUOTE_NOT_CLOSED');
            want = 'unclosed';
          }
          if (want === 'unclosed') {
            expect(scanError(() => scan(text, ',', cuts)).code).toBe('unclosed_quote');
          } else {
            expect(scan(text, ',', cuts).records).toEqual(want);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('CsvScanner', () => {
  it('numbers records by the physical line where they start, after multi-line quoted fields', () => {
    const text = 'id,note\n1,"two\nlines"\n2,plain\n\n3,"a\n\nb\n"\n4,x\n';
    for (const cuts of [[], [13], [9, 10, 11, 12, 20, 21, 22], Array.from(text, (_, i) => i)]) {
      expect(scan(text, ',', cuts)).toEqual({
        records: [
          ['id', 'note'],
          ['1', 'two\nlines'],
          ['2', 'plain'],
          ['3', 'a\n\nb\n'],
          ['4', 'x'],
        ],
        lines: [1, 2, 4, 6, 10],
      });
    }
  });

  it('counts CRLF as one line break, inside quotes too', () => {
    const text = 'id,note\r\n1,"two\r\nlines"\r\n\r\n2,x\r\n';
    const every = Array.from(text, (_, i) => i);
    for (const cuts of [[], every]) {
      expect(scan(text, ',', cuts)).toEqual({
        records: [
          ['id', 'note'],
          ['1', 'two\r\nlines'],
          ['2', 'x'],
        ],
        lines: [1, 2, 5],
      });
    }
  });

  it('reads files whose lines end with a lone CR', () => {
    const text = 'id,note\r1,"a\rb"\r2,x';
    expect(scan(text, ',', [8, 9, 14])).toEqual({
      records: [
        ['id', 'note'],
        ['1', 'a\rb'],
        ['2', 'x'],
      ],
      lines: [1, 2, 4],
    });
  });

  it('accepts LF and CRLF mixed in one file, and keeps a lone CR as data there', () => {
    expect(scan('a,b\r\n1,2\n3,4\r\n5,x\ry\n').records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', 'x\ry'],
    ]);
  });

  it('keeps delimiters, doubled quotes and trailing spaces inside quotes; drops leading spaces', () => {
    expect(scan('a, "b, c", "say ""hi"" ",  d ,\n').records).toEqual([['a', 'b, c', 'say "hi" ', 'd ', '']]);
  });

  it('keeps a stray quote literally, like csv-parse relax_quotes', () => {
    const text = 'a,b"c,"d"e,"f" ,g\n';
    expect(scan(text).records).toEqual(oracle(text, ','));
    expect(scan(text).records).toEqual([['a', 'b"c', '"d"e', '"f" ', 'g']]);
  });

  it('reads a field cut at every position of the input', () => {
    const text = 'x|"y|\n""z"""|w\n1|2|3';
    const want = scan(text, '|');
    for (let i = 0; i <= text.length; i++) expect(scan(text, '|', [i])).toEqual(want);
    expect(want.records).toEqual([
      ['x', 'y|\n"z"', 'w'],
      ['1', '2', '3'],
    ]);
  });

  it('skips blank and whitespace-only lines but keeps a line holding an empty quoted value', () => {
    expect(scan('\n  \n""\n \t \r\nz\n').records).toEqual([[''], ['z']]);
    expect(scan('\n  \n""\n \t \r\nz\n').lines).toEqual([3, 5]);
  });

  it('reports an unclosed quote at the line where its record starts, with the field', () => {
    const err = scanError(() => scan('id,name\n1,Ann\n2,"Bob\n3,Cy\n', ',', [16, 19]));
    expect(err.code).toBe('unclosed_quote');
    expect(err.line).toBe(3);
    expect(err.field).toBe(1);
  });

  it('rejects a record longer than maxRecordBytes, counting UTF-8 bytes', () => {
    expect(scan('a,b\n1,éé\n', ',', [], 6).records).toHaveLength(2);
    const err = scanError(() => scan('a,b\n1,ééé\n', ',', [], 6));
    expect(err).toMatchObject({ code: 'record_too_long', line: 2, field: 1 });
    // An unclosed quote stops once the buffered record passes the limit, not at the end of input.
    const runaway = new CsvScanner({ delimiter: ',', maxRecordBytes: 100 }, () => {});
    runaway.push('a,b\n1,"');
    const long = scanError(() => {
      for (let i = 0; i < 100; i++) runaway.push('x'.repeat(10));
    });
    expect(long).toMatchObject({ code: 'record_too_long', line: 2, field: 1 });
  });
});
