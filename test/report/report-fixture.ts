import type { PairView, ReportData } from '../../src/detect/audit-result.js';
import type { FieldEvidence } from '../../src/identity/decision.js';

export const SCRIPT_VALUE = '<script>alert(1)</script>';
export const QUOTES_VALUE = 'Acme "&\' Co';
export const EVIL_FILE = 'exports/<img src=x onerror=alert(2)>.csv';

const FIELDS = ['email', 'first_name', 'last_name', 'company', 'phone', 'city'];

function pair(
  a: string,
  b: string,
  decision: PairView['decision'],
  probability: number,
  rule: string,
  fields: FieldEvidence[],
  guards: string[],
  aValues: Record<string, string>,
  bValues: Record<string, string>,
): PairView {
  const weight = fields.reduce((n, f) => n + f.weight, 0);
  return {
    a,
    b,
    decision,
    probability,
    explanation: { rule, decision, probability, weight, fields, guards },
    aValues,
    bValues,
  };
}

const r101 = {
  email: 'dana.whitfield@acme.example',
  first_name: 'Dana',
  last_name: 'Whitfield',
  company: QUOTES_VALUE,
  phone: '+1 415 555 0142',
  city: 'San Francisco',
};
const r102 = {
  email: 'Dana.Whitfield@acme.example',
  first_name: 'Dana',
  last_name: 'Whitfield',
  company: 'Acme Co',
  phone: '',
  city: 'SF',
};
const r103 = {
  email: 'dwhitfield@gmail.example',
  first_name: SCRIPT_VALUE,
  last_name: 'Whitfield',
  company: 'ACME CO',
  phone: '(415) 555-0142',
  city: 'San Francisco',
};
const r301 = {
  email: 'info@brightline.example',
  first_name: 'Sam',
  last_name: 'Okafor',
  company: 'Brightline',
  phone: '+44 20 7946 0011',
  city: 'London',
};
const r302 = {
  email: 'info@brightline.example',
  first_name: 'Samuel',
  last_name: 'Okafor',
  company: 'Brightline Ltd',
  phone: '+44 20 7946 0011',
  city: 'London',
};
const r201 = {
  email: 'j.moreno@northwind.example',
  first_name: 'Julia',
  last_name: 'Moreno',
  company: 'Northwind',
  phone: '',
  city: 'Madrid',
};
const r202 = {
  email: 'j.moreno@northwind.example',
  first_name: 'Javier',
  last_name: 'Moreno',
  company: 'Northwind Traders',
  phone: '+34 91 555 0199',
  city: 'Madrid',
};

const largest = {
  clusterId: 'C-0001',
  records: [
    { id: 'rec-101', values: r101, survivor: true },
    { id: 'rec-102', values: r102, survivor: false },
    { id: 'rec-103', values: r103, survivor: false },
  ],
  golden: { ...r101, company: 'Acme Co' },
  weakestProbability: 0.962,
  edges: [
    pair(
      'rec-101',
      'rec-102',
      'match',
      0.99993,
      'key:email',
      [
        { field: 'email', level: 'exact', similarity: 1, weight: 13.1 },
        { field: 'first_name', level: 'exact', similarity: 1, weight: 5.2 },
        { field: 'last_name', level: 'exact', similarity: 1, weight: 6.8 },
        { field: 'phone', level: 'null', weight: 0 },
      ],
      [],
      r101,
      r102,
    ),
    pair(
      'rec-101',
      'rec-103',
      'match',
      0.962,
      'score',
      [
        { field: 'email', level: 'else', similarity: 0.41, weight: -2.9 },
        { field: 'first_name', level: 'else', similarity: 0.1, weight: -1.7 },
        { field: 'last_name', level: 'exact', similarity: 1, weight: 6.8 },
        { field: 'phone', level: 'exact', similarity: 1, weight: 9.4 },
      ],
      [],
      r101,
      r103,
    ),
  ],
};

const doubtful = {
  clusterId: 'C-0417',
  records: [
    { id: 'rec-301', values: r301, survivor: false },
    { id: 'rec-302', values: r302, survivor: true },
  ],
  golden: { ...r302 },
  weakestProbability: 0.713,
  edges: [
    pair(
      'rec-301',
      'rec-302',
      'match',
      0.713,
      'score',
      [
        { field: 'email', level: 'exact', similarity: 1, weight: 0 },
        { field: 'first_name', level: 'jaro>=0.88', similarity: 0.89, weight: 2.1 },
        { field: 'last_name', level: 'exact', similarity: 1, weight: 6.8 },
        { field: 'phone', level: 'exact', similarity: 1, weight: 9.4 },
      ],
      ['role_address:email'],
      r301,
      r302,
    ),
  ],
};

const review = pair(
  'rec-201',
  'rec-202',
  'review',
  0.58,
  'score',
  [
    { field: 'email', level: 'exact', similarity: 1, weight: 13.1 },
    { field: 'first_name', level: 'else', similarity: 0.52, weight: -4.6 },
    { field: 'last_name', level: 'exact', similarity: 1, weight: 6.8 },
    { field: 'phone', level: 'null', weight: 0 },
  ],
  ['name_conflict'],
  r201,
  r202,
);

/** A small, hand-built audit: two clusters, one review pair, hostile values in several places. */
export const REPORT_FIXTURE: ReportData = {
  generatedAt: '2025-03-14T09:26:53.000Z',
  fields: FIELDS,
  largest: [largest],
  doubtful: [doubtful],
  review: [review],
  summary: {
    input: { files: ['exports/hubspot-contacts.csv', EVIL_FILE], records: 10_025 },
    mode: 'dedupe',
    preset: 'b2b-contacts',
    contract: null,
    columns: {
      mapped: [
        { field: 'id', type: 'external_id', column: 'Record ID', how: 'recognised' },
        { field: 'email', type: 'email', column: 'Email', how: 'recognised' },
        { field: 'first_name', type: 'first_name', column: 'First Name', how: 'recognised' },
        { field: 'last_name', type: 'last_name', column: 'Last Name', how: 'recognised' },
        { field: 'company', type: 'company', column: 'Company <b>name</b>', how: 'explicit' },
        { field: 'phone', type: 'phone', column: 'Phone Number', how: 'recognised' },
        { field: 'city', type: 'city', column: 'City', how: 'recognised' },
      ],
      id: 'Record ID',
      ignored: ['Lifecycle Stage', 'Owner', 'Last Activity Date'],
    },
    counts: {
      records: 10_025,
      clusters: 9_686,
      duplicateClusters: 266,
      recordsInDuplicateClusters: 605,
      redundantRecords: 339,
      duplicateRate: 339 / 10_025,
      comparedPairs: 48_210,
      matchPairs: 402,
      reviewPairs: 37,
      missingExternalId: 1_288,
      oversizedBlocks: 2,
      cutEdges: 3,
    },
    clusterSizes: [
      { size: 1, count: 9_420 },
      { size: 2, count: 212 },
      { size: 3, count: 41 },
      { size: 4, count: 9 },
      { size: 5, count: 3 },
      { size: 7, count: 1 },
    ],
    resources: { peakRssMb: 512 },
    blocking: [{ rule: 'email', pairs: 120, oversizedBlocks: 0 }],
    timingsMs: { read: 412, normalize: 1_380, block: 240, train: 3_910, score: 6_120, cluster: 95 },
    model: {
      estimated: true,
      prior: 0.0001,
      emIterations: 14,
      comparisons: [
        {
          field: 'email',
          levels: [
            { label: 'exact', m: 0.912, u: 0.0001, weight: 13.1 },
            { label: 'else', m: 0.088, u: 0.9999, weight: -3.5 },
          ],
        },
        {
          field: 'first_name',
          levels: [
            { label: 'exact', m: 0.81, u: 0.022, weight: 5.2 },
            { label: 'jaro>=0.88', m: 0.11, u: 0.026, weight: 2.1 },
            { label: 'else', m: 0.08, u: 0.952, weight: -3.6 },
          ],
        },
        {
          field: 'last_name',
          levels: [
            { label: 'exact', m: 0.93, u: 0.0083, weight: 6.8 },
            { label: 'else', m: 0.07, u: 0.9917, weight: -3.8 },
          ],
        },
        {
          field: 'phone',
          levels: [
            { label: 'exact', m: 0.62, u: 0.00093, weight: 9.4 },
            { label: 'else', m: 0.38, u: 0.99907, weight: -1.4 },
          ],
        },
      ],
    },
  },
};
