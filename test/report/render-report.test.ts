import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import { EVIL_FILE, QUOTES_VALUE, REPORT_FIXTURE, SCRIPT_VALUE } from './report-fixture.js';

const html = renderReport(REPORT_FIXTURE);
/** The page without line-break hints and with whitespace collapsed, for content assertions. */
const page = html.replaceAll('<wbr>', '').replace(/\s+/g, ' ');

describe('renderReport', () => {
  it('is a complete, self-contained page', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('</html>');
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<link\b/);
  });

  it('escapes values from the data so markup cannot be injected', () => {
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(SCRIPT_VALUE);
    expect(page).not.toContain(SCRIPT_VALUE);
    expect(page).toContain('Acme &quot;&amp;&#39; Co');
    expect(page).not.toContain(QUOTES_VALUE);
    expect(page).not.toContain(EVIL_FILE);
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page).not.toContain('<b>name</b>');
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(img|b)\b/);
  });

  it('allows only its own inline script', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
  });

  it('shows the header and the summary numbers', () => {
    for (const text of [
      'exports/hubspot-contacts.csv',
      'b2b-contacts',
      'dedupe',
      '2025-03-14 09:26:53 UTC',
    ]) {
      expect(page).toContain(text);
    }
    for (const n of ['10,025', '266', '605', '339', '3.4%', '402', '37', '1,288', '48,210']) {
      expect(page).toContain(n);
    }
    expect(page).toContain('If you synced this export as it is, about <strong>339 records (3.4%)</strong>');
    expect(page).toContain('oversized blocks');
    expect(page).toContain('cut edges');
  });

  it('hides oversized blocks and cut edges when there are none', () => {
    const quiet = renderReport({
      ...REPORT_FIXTURE,
      summary: {
        ...REPORT_FIXTURE.summary,
        counts: { ...REPORT_FIXTURE.summary.counts, oversizedBlocks: 0, cutEdges: 0 },
      },
    });
    expect(quiet).not.toContain('oversized blocks');
    expect(quiet).not.toContain('cut edges');
  });

  it('draws the cluster-size chart', () => {
    expect(page).toContain('<svg');
    expect(page).toContain('9,420');
    expect(page).toContain('(log scale)');
  });

  it('lists the column mapping and ignored columns', () => {
    expect(page).toContain('Record ID');
    expect(page).toContain('Company &lt;b&gt;name&lt;/b&gt;');
    expect(page).toContain('Lifecycle Stage');
    expect(page).toContain('explicit (--map / contract)');
  });

  it('shows every record, the survivor and the golden values', () => {
    for (const id of ['rec-101', 'rec-102', 'rec-103', 'rec-301', 'rec-302', 'rec-201', 'rec-202']) {
      expect(page).toContain(id);
    }
    for (const id of ['C-0001', 'C-0417']) expect(page).toContain(id);
    expect(page).toContain('★ survivor');
    expect(page).toMatch(/<td class="val golden"> ?Acme Co ?<\/td>/);
    expect(page).toMatch(/<td class="val golden"> ?Samuel ?<\/td>/);
    expect(page).toMatch(/<td class="val golden"> ?dana\.whitfield@acme\.example ?<\/td>/);
  });

  it('explains edges and review pairs with rules, probabilities and guards', () => {
    expect(page).toContain('role_address:email');
    expect(page).toContain('name_conflict');
    expect(page).toContain('class="chip guard"');
    expect(page).toContain('exact key on email');
    expect(page).toContain('58.0%');
    expect(page).toContain('71.3%');
    expect(page).toContain('class="wbar');
  });

  it('includes the model and timings', () => {
    expect(page).toContain('14 EM iterations');
    expect(page).toContain('jaro&gt;=0.88');
    expect(page).toContain('6.12 s');
    expect(page).toContain('12.2 s');
  });
});
