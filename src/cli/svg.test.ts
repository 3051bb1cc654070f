import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart, wrapText } from './svg';

function parseSvg(text: string): Document {
  const { DOMParser } = new JSDOM().window;
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

describe('renderChart', () => {
  const norms = [0.9, 0.7, 0.5, 1e-6, 2e-7, 3e-8];
  const svg = renderChart({
    title: 'Column norms <before> pruning',
    subtitle: 'λ = 0.05 & β = 0.01',
    x: { label: 'column', integerTicks: true },
    y: { label: '‖U e_i‖', scale: 'log' },
    bars: [{ label: 'kept', bars: norms.map((y, i) => ({ x0: i, x1: i + 0.8, y })) }],
    rules: [{ axis: 'y', value: Math.sqrt(0.02), label: 'τ = 0.1414' }],
    notes: ['3 columns ≥ τ'],
  });

  it('is a well-formed standalone SVG document with escaped text', () => {
    const doc = parseSvg(svg);
    const root = doc.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('viewBox')).toBe('0 0 720 440');
    expect(doc.querySelector('title')?.textContent).toBe('Column norms <before> pruning');
    expect(doc.querySelector('.subtitle')?.textContent).toBe('λ = 0.05 & β = 0.01');
  });

  it('draws the threshold rule, the bars, the legend, labels and the note', () => {
    const doc = parseSvg(svg);
    const rule = doc.querySelector('line.rule');
    expect(rule).not.toBeNull();
    expect(rule?.getAttribute('y1')).toBe(rule?.getAttribute('y2'));
    expect(doc.querySelectorAll('.marks rect')).toHaveLength(norms.length);
    const legendText = [...doc.querySelectorAll('.legend text')].map((t) => t.textContent);
    expect(legendText).toEqual(['kept', 'τ = 0.1414']);
    expect(doc.querySelector('.x-label')?.textContent).toBe('column');
    expect(doc.querySelector('.y-label')?.textContent).toBe('‖U e_i‖');
    expect(doc.querySelector('.note')?.textContent).toBe('3 columns ≥ τ');
  });

  it('labels a log axis by powers of ten and spans every value', () => {
    const doc = parseSvg(svg);
    const labels = [...doc.querySelectorAll('.y-axis text')].map((t) => t.textContent);
    expect(labels[0]).toBe('10−8');
    expect(labels[labels.length - 1]).toBe('1');
    expect(labels).toContain('10−4');
    const exponents = doc.querySelectorAll('.y-axis text tspan');
    expect(exponents.length).toBeGreaterThan(3);
  });

  it('puts the rule at the right height on the log scale', () => {
    const doc = parseSvg(svg);
    const tickY = (label: string) => {
      const text = [...doc.querySelectorAll('.y-axis text')].find((t) => t.textContent === label);
      return Number(text?.getAttribute('y'));
    };
    const ruleY = Number(doc.querySelector('line.rule')?.getAttribute('y1'));
    const top = tickY('1');
    const decade = (tickY('10−8') - top) / 8;
    expect(ruleY).toBeCloseTo(top - Math.log10(Math.sqrt(0.02)) * decade, 0);
  });

  it('breaks a log-scale line at non-positive values and uses integer ticks when asked', () => {
    const doc = parseSvg(
      renderChart({
        title: 'loss',
        x: { label: 'step', integerTicks: true },
        y: { label: 'loss', scale: 'log' },
        lines: [{ label: 'L − L∞', x: [0, 1, 2, 3, 4], y: [1, 0.1, 0, 0.001, 1e-4], markers: true }],
      }),
    );
    const d = doc.querySelector('.marks path')?.getAttribute('d') ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(2);
    expect(doc.querySelectorAll('.marks circle')).toHaveLength(4);
    const xLabels = [...doc.querySelectorAll('.x-axis text')].map((t) => t.textContent ?? '');
    expect(xLabels.every((label) => /^\d+$/.test(label))).toBe(true);
  });

  it('includes zero on a linear axis with bars and formats ticks', () => {
    const doc = parseSvg(
      renderChart({
        title: 'histogram',
        x: { label: 'norm' },
        y: { label: 'columns' },
        bars: [{ label: 'λ = 0', bars: [{ x0: 0.2, x1: 0.3, y: 12 }, { x0: 0.3, x1: 0.4, y: 30 }] }],
      }),
    );
    const labels = [...doc.querySelectorAll('.y-axis text')].map((t) => t.textContent);
    expect(labels[0]).toBe('0');
    expect(labels[labels.length - 1]).toBe('30');
  });
});

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});

describe('wrapText', () => {
  it('wraps at word boundaries within the width and keeps an overlong word whole', () => {
    expect(wrapText('empirical, d = 30, k = 30; λ = 0.05', 12)).toEqual(['empirical, d', '= 30, k =', '30; λ = 0.05']);
    expect(wrapText('supercalifragilistic word', 5)).toEqual(['supercalifragilistic', 'word']);
    expect(wrapText('', 10)).toEqual([]);
  });
});
