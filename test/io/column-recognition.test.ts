import { describe, expect, it } from 'vitest';
import type { FieldType } from '../../src/identity/field-types.js';
import { InputError, parseMapArgs, recognizeColumns } from '../../src/io/index.js';

const FIELDS: { name: string; type: FieldType }[] = [
  { name: 'external_id', type: 'external_id' },
  { name: 'email', type: 'email' },
  { name: 'phone', type: 'phone' },
  { name: 'first_name', type: 'first_name' },
  { name: 'last_name', type: 'last_name' },
  { name: 'full_name', type: 'full_name' },
  { name: 'company', type: 'company' },
  { name: 'city', type: 'city' },
  { name: 'postcode', type: 'postcode' },
  { name: 'birth_date', type: 'birth_date' },
];

function columnsOf(result: ReturnType<typeof recognizeColumns>): Record<string, string> {
  return Object.fromEntries(result.mapped.map((m) => [m.field, m.column]));
}

describe('recognizeColumns', () => {
  it('recognises a Salesforce contact export', () => {
    const cols = [
      'Id',
      'FirstName',
      'LastName',
      'Email',
      'Phone',
      'MobilePhone',
      'Account.Name',
      'MailingCity',
      'OwnerId',
    ];
    const result = recognizeColumns(cols, FIELDS, { file: 'sf.csv' });
    expect(result.id).toBe('Id');
    expect(columnsOf(result)).toEqual({
      email: 'Email',
      phone: 'Phone',
      first_name: 'FirstName',
      last_name: 'LastName',
      company: 'Account.Name',
      city: 'MailingCity',
    });
    expect(result.mapped.every((m) => m.how === 'recognised')).toBe(true);
    expect(result.ignored).toEqual(['MobilePhone', 'OwnerId']);
  });

  it('recognises a HubSpot contact export', () => {
    const cols = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name'];
    const result = recognizeColumns(cols, FIELDS, { file: 'hs.csv' });
    expect(result.id).toBe('Record ID');
    expect(columnsOf(result)).toEqual({
      email: 'Email',
      phone: 'Phone Number',
      first_name: 'First Name',
      last_name: 'Last Name',
      company: 'Company Name',
    });
    expect(result.ignored).toEqual([]);
  });

  it('recognises a Zendesk users export', () => {
    const result = recognizeColumns(['id', 'name', 'email', 'phone', 'organization_id'], FIELDS, {
      file: 'zd.csv',
    });
    expect(result.id).toBe('id');
    expect(columnsOf(result)).toEqual({ email: 'email', phone: 'phone', full_name: 'name' });
    expect(result.ignored).toEqual(['organization_id']);
  });

  it('recognises Febrl and generator names', () => {
    const cols = [
      'rec_id',
      'given_name',
      'surname',
      'address_1',
      'suburb',
      'postcode',
      'date_of_birth',
      'soc_sec_id',
    ];
    const fields = [...FIELDS, { name: 'street', type: 'street' as const }];
    const result = recognizeColumns(cols, fields, { file: 'febrl.csv' });
    expect(result.id).toBe('rec_id');
    expect(columnsOf(result)).toEqual({
      first_name: 'given_name',
      last_name: 'surname',
      city: 'suburb',
      postcode: 'postcode',
      birth_date: 'date_of_birth',
      street: 'address_1',
    });
    expect(result.ignored).toEqual(['soc_sec_id']);
  });

  it('maps string fields only by exact name, and each column once', () => {
    const fields = [
      { name: 'email', type: 'email' as const },
      { name: 'work_email', type: 'email' as const },
      { name: 'segment', type: 'string' as const },
      { name: 'notes', type: 'string' as const },
    ];
    const result = recognizeColumns(['E-mail', 'Email Address', 'Segment', 'Comments'], fields, {
      file: 'x.csv',
    });
    expect(columnsOf(result)).toEqual({ email: 'E-mail', work_email: 'Email Address', segment: 'Segment' });
    expect(result.id).toBeNull();
    expect(result.ignored).toEqual(['Comments']);
  });

  it('lets explicit mappings and the id column win', () => {
    const cols = ['Id', 'Email', 'Work Email', 'Customer Number'];
    const result = recognizeColumns(cols, FIELDS, {
      file: 'x.csv',
      explicit: { email: 'Work Email', external_id: 'customer number' },
      idColumn: 'Id',
    });
    expect(result.mapped).toEqual([
      { field: 'external_id', type: 'external_id', column: 'Customer Number', how: 'explicit' },
      { field: 'email', type: 'email', column: 'Work Email', how: 'explicit' },
    ]);
    expect(result.ignored).toEqual(['Email']);
  });

  it('explains a --map to a missing column with the closest name', () => {
    const cols = ['Id', 'FirstName', 'Email', 'Phone'];
    let err: unknown;
    try {
      recognizeColumns(cols, FIELDS, { file: 'contacts.csv', explicit: { email: 'Emial' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.code).toBe('unknown_column');
    expect(e.column).toBe('Emial');
    expect(e.message).toBe(
      'contacts.csv: --map email=Emial: there is no column "Emial"; did you mean "Email"? (available columns: Id, FirstName, Email, Phone)',
    );
  });

  it('rejects an unknown id column and an unknown field', () => {
    expect(() => recognizeColumns(['a'], FIELDS, { file: 'x.csv', idColumn: 'ID ' })).toThrow(
      /no column "ID "/,
    );
    expect(() => recognizeColumns(['a'], FIELDS, { file: 'x.csv', explicit: { shoe: 'a' } })).toThrow(
      /no field or type named "shoe"/,
    );
  });
});

describe('parseMapArgs', () => {
  it('splits at the first =', () => {
    expect(parseMapArgs(['email=Work Email', ' phone = Phone=Mobile '])).toEqual({
      email: 'Work Email',
      phone: 'Phone=Mobile',
    });
  });

  it('rejects values without =, empty sides and repeats', () => {
    expect(() => parseMapArgs(['email'])).toThrow(/"email" is not TYPE=COLUMN/);
    expect(() => parseMapArgs(['=Email'])).toThrow(InputError);
    expect(() => parseMapArgs(['email=A', 'email=B'])).toThrow(/mapped twice/);
  });
});
