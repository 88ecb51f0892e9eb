/** Columns of a generated CRM export, in file order. */
export const CONTACT_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'company',
  'website',
  'title',
  'street',
  'city',
  'state',
  'postcode',
  'country',
  'source',
  'updated_at',
  'truth_id',
] as const;

export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

/** One generated row; missing values are empty strings. `truth_id` names the real person behind it. */
export type GeneratedContact = Record<ContactColumn, string>;

/** Systems that wrote rows into the CRM. */
export const SOURCES = ['web_form', 'help_desk', 'billing', 'enrichment', 'csv_import'] as const;
export type Source = (typeof SOURCES)[number];
