import type { DemoFigures, DemoResult } from './run-demo.js';

const ROWS: readonly (readonly [keyof DemoFigures, string])[] = [
  ['records', 'records created'],
  ['duplicates', 'true duplicates'],
  ['false_merges', 'false merges'],
  ['overwritten', 'overwritten values'],
  ['review', 'review items'],
  ['api_calls', 'API calls'],
];

/** The demo's side-by-side table and where the details are. */
export function formatDemo(result: DemoResult): string {
  const d = result.details;
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `Lanekeeper demo: ${n(d.events)} deliveries about ${n(d.people)} people (seed ${d.seed}) from a web form,`,
    'a help desk and an enrichment provider into HubSpot contacts (emulated, with search lag and faults)',
    d.existing.contacts === 0
      ? 'starting empty.'
      : `that already hold ${n(d.existing.contacts)} contacts, ${n(d.existing.streamPeople)} of them people of the stream with older values.`,
    '',
    `${''.padEnd(22)}${'naive sync'.padStart(14)}${'Lanekeeper gate'.padStart(18)}`,
    ...ROWS.map(
      ([key, label]) =>
        `${label.padEnd(22)}${n(result.naive[key]).padStart(14)}${n(result.gate[key]).padStart(18)}`,
    ),
    `${'seconds'.padEnd(22)}${d.seconds.naive.toFixed(1).padStart(14)}${d.seconds.gate.toFixed(1).padStart(18)}`,
    '',
    'true duplicates: records that are a second (third, …) record of one person; false merges: records',
    "holding deliveries of two or more people — both counted against the stream's ground truth;",
    'overwritten values: values the contacts held before the sync that it changed (another email, name',
    'or phone format written over them). Review items are decisions the gate left to a person (e.g. one',
    'family address, two different names).',
    `Re-deliveries in the stream: ${n(d.redeliveries)}; dead letters: ${n(d.deadLetters)}.`,
    '',
    `Report (per-record figures): ${d.report}`,
    `Gate state (SQLite: events, decisions with explanations, review items): ${d.sqlite}`,
    '',
  ];
  return lines.join('\n');
}
