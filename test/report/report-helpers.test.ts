import { describe, expect, it } from 'vitest';
import { breakableText } from '../../src/report/breakable-text.js';
import { clusterSizeBars } from '../../src/report/cluster-size-bars.js';
import { formatNumber, formatPercent, formatWeight } from '../../src/report/format-number.js';
import { escapeHtml } from '../../src/report/html-escape.js';
import { html, raw } from '../../src/report/html-template.js';
import { svgBarChart } from '../../src/report/svg-bar-chart.js';

describe('escapeHtml / html', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('escapes interpolations but not nested templates or raw markup', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${[1, '<', raw('<br>')]}${null}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>1&lt;<br></p>',
    );
  });
});

describe('breakableText', () => {
  it('escapes and adds break hints after @ . / _', () => {
    expect(breakableText('a.b@c<d>').value).toBe('a.<wbr>b@<wbr>c&lt;d&gt;');
    expect(breakableText('</script>').value).toBe('&lt;/<wbr>script&gt;');
  });
});

describe('format-number', () => {
  it('formats counts, percentages and weights', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatPercent(0.0338)).toBe('3.4%');
    expect(formatPercent(0.99993)).toBe('99.993%');
    expect(formatPercent(0.0000001)).toBe('<0.1%');
    expect(formatWeight(2.5)).toBe('+2.50');
    expect(formatWeight(-1)).toBe('−1.00');
  });
});

describe('svgBarChart', () => {
  it('uses a log scale when counts are skewed and escapes labels', () => {
    const svg = svgBarChart(
      [
        { label: '1', value: 10_000 },
        { label: '<2>', value: 3 },
      ],
      { title: 'sizes', yLabel: 'clusters' },
    ).value;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('(log scale)');
    expect(svg).toContain('&lt;2&gt;');
    expect(svg).not.toContain('<2>');
  });

  it('stays linear when counts are similar', () => {
    const svg = svgBarChart(
      [
        { label: 'a', value: 4 },
        { label: 'b', value: 6 },
      ],
      { title: 't', yLabel: 'n' },
    ).value;
    expect(svg).not.toContain('log scale');
  });
});

describe('clusterSizeBars', () => {
  it('keeps one bar per size when sizes are few, greying singletons', () => {
    const bars = clusterSizeBars([
      { size: 2, count: 5 },
      { size: 1, count: 90 },
    ]);
    expect(bars.map((b) => [b.label, b.value, b.tone])).toEqual([
      ['1', 90, 'muted'],
      ['2', 5, 'accent'],
    ]);
  });

  it('groups many sizes into ranges', () => {
    const sizes = Array.from({ length: 40 }, (_, i) => ({ size: i + 1, count: 1 }));
    const bars = clusterSizeBars(sizes);
    expect(bars.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', '6–10', '11–20', '21–50']);
    expect(bars.find((b) => b.label === '21–50')?.value).toBe(20);
  });
});
