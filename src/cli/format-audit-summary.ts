import type { AuditSummary } from '../detect/audit-result.js';

const int = (n: number): string => n.toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The audit summary as a short plain-text table for the terminal. */
export function formatAuditSummary(s: AuditSummary, files: readonly string[]): string {
  const c = s.counts;
  const rows: [string, string][] = [
    ['records', int(c.records)],
    ['duplicate clusters', `${int(c.duplicateClusters)} (${int(c.recordsInDuplicateClusters)} records)`],
    ['redundant records', `${int(c.redundantRecords)} (${pct(c.duplicateRate)} duplicate rate)`],
    ['pairs compared', int(c.comparedPairs)],
    ['match pairs', int(c.matchPairs)],
    ['review pairs', int(c.reviewPairs)],
    ['missing external ID', `${int(c.missingExternalId)} of ${int(c.records)}`],
  ];
  if (c.oversizedBlocks > 0)
    rows.push(['oversized blocks', `${int(c.oversizedBlocks)} (compared by sorted window)`]);
  if (c.cutEdges > 0) rows.push(['cut match edges', `${int(c.cutEdges)} (cluster size / unique key guard)`]);
  rows.push(['time', `${(Number(s.timingsMs['total'] ?? 0) / 1000).toFixed(1)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `Lanekeeper audit (${s.mode}, preset ${s.preset}${s.contract ? `, contract ${s.contract}` : ''}): ${s.input.files.join(' + ')}`,
  ];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${v}`);
  lines.push('Columns:');
  for (const m of s.columns.mapped) lines.push(`  ${m.field.padEnd(width)}  ← ${m.column} (${m.how})`);
  if (s.columns.id !== null) lines.push(`  ${'record id'.padEnd(width)}  ← ${s.columns.id}`);
  if (s.columns.ignored.length > 0) lines.push(`  ignored: ${s.columns.ignored.join(', ')}`);
  if (files.length > 0) lines.push('Outputs:', ...files.map((f) => `  ${f}`));
  return lines.join('\n') + '\n';
}
