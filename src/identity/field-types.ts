/** The closed set of field types a match rule can compare. */
export const FIELD_TYPES = [
  'external_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'full_name',
  'company',
  'domain',
  'website',
  'street',
  'city',
  'postcode',
  'state',
  'country',
  'birth_date',
  'title',
  'string',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value);
}
