import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { generateContacts } from '../../src/generate/contact-generator.js';
import { CONTACT_COLUMNS } from '../../src/generate/generated-contact.js';
import { writeCsv } from '../../src/generate/write-csv.js';
import { csvField } from '../../src/io/csv-format.js';

const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-csv-'));

describe('writeCsv', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('Acme')).toBe('Acme');
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('Robert "Bob"')).toBe('"Robert ""Bob"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('')).toBe('');
  });

  it('round-trips awkward values through csv-parse', async () => {
    const rows = [
      { a: 'plain', b: 'Acme, Inc.', c: 'Robert "Bob"' },
      { a: '', b: 'multi\nline', c: "O'Brien" },
      { a: '"', b: ',', c: 'trailing space ' },
      { a: 'ünïcödé', b: '\r\n', c: '""' },
    ];
    const path = join(dir, 'awkward.csv');
    expect(await writeCsv(path, ['a', 'b', 'c'], rows)).toBe(rows.length);
    expect(parse(readFileSync(path, 'utf8'), { columns: true })).toEqual(rows);
  });

  it('round-trips generated contacts, header first', async () => {
    const rows = [...generateContacts({ rows: 5_000, duplicateRate: 0.2, seed: 9 })];
    const path = join(dir, 'contacts.csv');
    await writeCsv(path, CONTACT_COLUMNS, rows);
    const text = readFileSync(path, 'utf8');
    expect(text.slice(0, text.indexOf('\n'))).toBe(CONTACT_COLUMNS.join(','));
    expect(text).toContain('"');
    expect(parse(text, { columns: true })).toEqual(rows);
  });

  it('rejects when the file cannot be written', async () => {
    await expect(writeCsv(join(dir, 'missing', 'x.csv'), ['a'], [{ a: '1' }])).rejects.toThrow();
  });
});
