import { describe, expect, it } from 'vitest';
import { openRecords } from '../../src/io/index.js';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { fixture, fixtureDir, inputError, readAll } from './io-helpers.js';

describe('CSV', () => {
  it('strips a BOM, sniffs semicolons and keeps quoted newlines and quotes', async () => {
    const path = fixture(
      'bom.csv',
      '\uFEFFid;name;note\n1;"Doe; Jane";"line one\nline two"\n2;Bob;"say ""hi"""\n',
    );
    const { source, rows } = await readAll(path);
    expect(source.format).toBe('csv');
    expect(source.columns).toEqual(['id', 'name', 'note']);
    expect(rows).toEqual([
      { line: 2, values: { id: '1', name: 'Doe; Jane', note: 'line one\nline two' } },
      { line: 4, values: { id: '2', name: 'Bob', note: 'say "hi"' } },
    ]);
    expect(source.bytesRead()).toBe(source.bytesTotal);
  });

  it('trims Febrl-style ", " spacing in header and values', async () => {
    const path = fixture(
      'febrl.csv',
      'rec_id, given_name, surname\nrec-1, mitchell, green \nrec-2-dup-0, , greene\n',
    );
    const { source, rows } = await readAll(path);
    expect(source.columns).toEqual(['rec_id', 'given_name', 'surname']);
    expect(rows.map((r) => r.values)).toEqual([
      { rec_id: 'rec-1', given_name: 'mitchell', surname: 'green' },
      { rec_id: 'rec-2-dup-0', given_name: '', surname: 'greene' },
    ]);
  });

  it('reads tab-separated files with empty fields and CRLF', async () => {
    const path = fixture('t.tsv', 'a\tb\tc\r\n1\t\t3\r\n\r\n4\t5\t6\r\n');
    const { rows } = await readAll(path);
    expect(rows).toEqual([
      { line: 2, values: { a: '1', b: '', c: '3' } },
      { line: 4, values: { a: '4', b: '5', c: '6' } },
    ]);
  });

  it('chunks large files and counts lines', async () => {
    const body = Array.from({ length: 4500 }, (_, i) => `${i},"x${i}"`).join('\n');
    const { rows, source } = await readAll(fixture('big.csv', `id,v\n${body}\n`));
    expect(rows).toHaveLength(4500);
    expect(rows[4499]).toEqual({ line: 4501, values: { id: '4499', v: 'x4499' } });
    const sizes: number[] = [];
    for await (const chunk of (await openRecords(fixture('big.csv', `id,v\n${body}\n`))).rows)
      sizes.push(chunk.length);
    expect(sizes).toEqual([2000, 2000, 500]);
    expect(source.bytesRead()).toBe(source.bytesTotal);
  });

  it('names file:line for a row with the wrong number of fields', async () => {
    const path = fixture(
      'contacts.csv',
      'id,name,company\n1,Ann,Acme\n2,"Bob\nSmith",Acme\n3,Cy,Acme, Inc\n',
    );
    const err = await inputError(readAll(path));
    expect(err.code).toBe('malformed_row');
    expect(err.line).toBe(5);
    expect(err.message).toBe(
      `${path}:5: row has 4 fields but the header has 3 (check that values containing commas are quoted)`,
    );
  });

  it('reports an unclosed quote at the line where the record starts', async () => {
    const path = fixture('q.csv', 'id,name\n1,Ann\n2,"Bob\n3,Cy\n');
    const err = await inputError(readAll(path));
    expect(err.code).toBe('malformed_row');
    expect(err.line).toBe(3);
    expect(err.message).toContain('never closed');
  });

  it('rejects Latin-1 bytes with the line and an iconv hint', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('id,name\n1,Ann\n2,Ren'),
      Buffer.from([0xe9]),
      Buffer.from('e\n3,Cy\n'),
    ]);
    const err = await inputError(readAll(fixture('latin1.csv', latin1)));
    expect(err.code).toBe('invalid_encoding');
    expect(err.line).toBe(3);
    expect(err.message).toContain('iconv -f latin1 -t utf-8');
  });

  it('accepts multi-byte characters split across read chunks', async () => {
    const body = Array.from({ length: 60000 }, (_, i) => `${i},Zoë Müller 東京`).join('\n');
    const { rows } = await readAll(fixture('utf8.csv', `id,name\n${body}\n`));
    expect(rows).toHaveLength(60000);
    expect(rows.every((r) => r.values.name === 'Zoë Müller 東京')).toBe(true);
  });

  it('rejects an empty file and a header-only file', async () => {
    expect((await inputError(openRecords(fixture('empty.csv', '')))).code).toBe('empty_file');
    expect((await inputError(openRecords(fixture('bom-only.csv', '\uFEFF\n')))).code).toBe('empty_file');
    const headerOnly = await inputError(openRecords(fixture('header.csv', 'id,name\n')));
    expect(headerOnly.code).toBe('empty_file');
    expect(headerOnly.message).toContain('header but no data rows');
  });

  it('rejects a line longer than maxLineBytes', async () => {
    const path = fixture('long.csv', `id,v\n1,short\n2,${'x'.repeat(500)}\n`);
    const err = await inputError(readAll(path, { maxLineBytes: 100 }));
    expect(err.code).toBe('line_too_long');
    expect(err.line).toBe(3);
  });

  it('rejects duplicate header names', async () => {
    const err = await inputError(openRecords(fixture('dup.csv', 'id,Email,email,Email\n1,a,b,c\n')));
    expect(err.code).toBe('duplicate_header');
    expect(err.column).toBe('Email');
    expect(err.message).toContain('columns 2 and 4');
  });

  it('reports a missing file and an unknown extension', async () => {
    expect((await inputError(openRecords(join(fixtureDir, 'nope.csv')))).code).toBe('file_not_found');
    expect((await inputError(openRecords(fixture('x.xlsx', 'a')))).code).toBe('unsupported_format');
  });
});

describe('JSONL', () => {
  it('flattens one level and stringifies values', async () => {
    const path = fixture(
      'a.jsonl',
      [
        '{"Id":"1","Email":"a@x.io","Age":42,"Vip":true,"Phone":null,"Account":{"Name":"Acme","Size":3}}',
        '',
        '{"Id":"2","Tags":["a","b"],"Extra":"late"}',
      ].join('\n'),
    );
    const { source, rows } = await readAll(path);
    expect(source.columns).toEqual([
      'Id',
      'Email',
      'Age',
      'Vip',
      'Phone',
      'Account.Name',
      'Account.Size',
      'Tags',
      'Extra',
    ]);
    expect(rows).toEqual([
      {
        line: 1,
        values: {
          Id: '1',
          Email: 'a@x.io',
          Age: '42',
          Vip: 'true',
          Phone: '',
          'Account.Name': 'Acme',
          'Account.Size': '3',
        },
      },
      { line: 3, values: { Id: '2', Tags: '["a","b"]', Extra: 'late' } },
    ]);
  });

  it('names the line of invalid JSON', async () => {
    const path = fixture('bad.ndjson', '{"id":1}\n{"id":2}\n{"id":3,}\n');
    const err = await inputError(readAll(path));
    expect(err.code).toBe('invalid_json');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: line is not valid JSON`),
    );
  });

  it('rejects non-object lines, empty files and long lines', async () => {
    expect((await inputError(readAll(fixture('arr.jsonl', '[1,2]\n')))).code).toBe('invalid_json');
    expect((await inputError(openRecords(fixture('e.jsonl', '\n\n')))).code).toBe('empty_file');
    const long = await inputError(
      readAll(fixture('l.jsonl', `{"a":1}\n{"a":"${'x'.repeat(300)}"}\n`), { maxLineBytes: 100 }),
    );
    expect(long.code).toBe('line_too_long');
    expect(long.line).toBe(2);
  });
});

describe('Parquet', () => {
  it('round-trips a small file', async () => {
    const path = join(fixtureDir, 'small.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'id', data: ['1', '2', '3'], type: 'STRING' },
        { name: 'email', data: ['a@x.io', null, 'c@x.io'], type: 'STRING' },
        { name: 'score', data: [1, 2, 3], type: 'INT32' },
      ],
    });
    const { source, rows } = await readAll(path);
    expect(source.format).toBe('parquet');
    expect(source.columns).toEqual(['id', 'email', 'score']);
    expect(rows).toEqual([
      { line: 1, values: { id: '1', email: 'a@x.io', score: '1' } },
      { line: 2, values: { id: '2', email: '', score: '2' } },
      { line: 3, values: { id: '3', email: 'c@x.io', score: '3' } },
    ]);
    expect(source.bytesRead()).toBe(source.bytesTotal);
  });

  it('rejects a file that is not Parquet', async () => {
    const err = await inputError(openRecords(fixture('fake.parquet', 'id,name\n1,a\n')));
    expect(err.code).toBe('unsupported_format');
  });
});
