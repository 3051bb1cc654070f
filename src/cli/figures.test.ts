import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { FIGURE1_BINS } from '../core/metrics';
import { runPipeline } from '../core/run';
import {
  FRACTION_POINTS,
  columnNormsSvg,
  finetuneLossSvg,
  fractionCsv,
  fractionSvg,
  histogramCsv,
  histogramSvg,
  num,
  settingsText,
  type NormSet,
} from './figures';

function parseSvg(text: string): Document {
  const { DOMParser } = new JSDOM().window;
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

const texts = (doc: Document): string[] => [...doc.querySelectorAll('text, title')].map((t) => t.textContent ?? '');

/** A small empirical run where a few of the 8 columns survive τ and fine-tune linearly. */
const TINY: RunConfig = { ...DEFAULT_CONFIG, d: 8, k: 8, r: 2, n: 300, steps: 600, fineTuneSteps: 60, checkpointEvery: 20 };
const result = runPipeline(TINY);

describe('CLI figures', () => {
  it('column norms: the lab\'s chart, one bar per column, pruned ones greyed, τ with its [derived] tag', () => {
    const doc = parseSvg(columnNormsSvg(result));
    const bars = (className: string) => doc.querySelector(`.pl-bars path.${className}`)?.getAttribute('d')?.match(/M/g)?.length ?? 0;
    const kept = result.kept?.length ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(TINY.k);
    expect(bars('pl-above-tau')).toBe(kept);
    expect(bars('pl-below-tau')).toBe(TINY.k - kept);
    const rule = doc.querySelector('line.pl-tau-line');
    expect(rule?.getAttribute('y1')).toBe(rule?.getAttribute('y2'));
    expect(texts(doc)).toContain(`τ = ${Number(result.tau.toPrecision(3))} = √(2β) [derived]`);
    expect(texts(doc)).toContain(settingsText(result));
    expect(texts(doc)).toContain(`${kept} of ${TINY.k} columns kept (‖U eᵢ‖ ≥ τ), ${TINY.k - kept} pruned`);
  });

  it('an explicit τ is drawn without the [derived] tag', () => {
    const explicit = runPipeline({ ...TINY, tau: 0.3, steps: 40, fineTuneSteps: 0 });
    expect(texts(parseSvg(columnNormsSvg(explicit)))).toContain('τ = 0.3');
  });

  it('a diverged run\'s figures say that it diverged, and at which step (finding 12)', () => {
    const diverged = runPipeline({ ...TINY, eta: 10, steps: 100 });
    expect(diverged.status.kind).toBe('diverged');
    const note = texts(parseSvg(columnNormsSvg(diverged))).find((t) => t.includes('diverged'));
    expect(note).toMatch(/^phase 1 diverged at step \d+; shown: the last checkpoint before \(try η ≤ /);
  });

  it('fine-tuning: the loss gap and gradient norm with a dashed fit line per fitted rate, and ρ in the notes', () => {
    const svg = finetuneLossSvg(result);
    expect(svg).not.toBeNull();
    const doc = parseSvg(svg ?? '');
    const rate = result.rate;
    expect(rate).not.toBeNull();
    expect(texts(doc)).toContain('L(Vₜ) − L∞');
    expect(doc.querySelectorAll('line.pl-fit-line').length).toBe(2);
    expect(texts(doc).some((t) => t.startsWith(`loss gap: ρ = ${num(rate?.rho, 6)} per step`))).toBe(true);
  });

  it('no fine-tuning figure when phase 1 diverged', () => {
    const diverged = runPipeline({ ...TINY, eta: 10, steps: 100 });
    expect(finetuneLossSvg(diverged)).toBeNull();
  });

  const sets: NormSet[] = [
    { id: 'regularized', label: 'λ = 0.05', norms: [1, 0.9, 0.8, 1e-6] },
    { id: 'unregularized', label: 'λ = 0', norms: [1, 0.7, 0.6, 0.5] },
  ];

  it('Figure 1: the fraction curve and histogram, as SVG and CSV with the same numbers', () => {
    const fraction = parseSvg(fractionSvg(sets, 0.141, 'subtitle'));
    expect(fraction.querySelector('title')?.textContent).toBe('Fraction of columns with ‖U eᵢ‖ ≥ x · maxⱼ ‖U eⱼ‖');
    expect(texts(fraction)).toContain('λ = 0.05: F(0.5) = 75% · λ = 0: F(0.5) = 100%');
    const fractionRows = fractionCsv(sets).trimEnd().split(/\r?\n/);
    expect(fractionRows[0]).toBe('x,F(x) λ = 0.05,F(x) λ = 0');
    expect(fractionRows).toHaveLength(FRACTION_POINTS + 1);
    // F(0.5): 3 of 4 regularized columns, all 4 unregularized ones.
    expect(fractionRows.find((row) => row.startsWith('0.5,'))).toBe('0.5,0.75,1');

    const histogram = parseSvg(histogramSvg(sets, 0.141, 'subtitle'));
    expect(histogram.querySelectorAll('.pl-bars rect')).toHaveLength(2 * FIGURE1_BINS);
    const histogramRows = histogramCsv(sets, 0.141).trimEnd().split(/\r?\n/).slice(1);
    expect(histogramRows).toHaveLength(FIGURE1_BINS);
    const totals = [2, 3].map((column) => histogramRows.reduce((sum, row) => sum + Number(row.split(',')[column]), 0));
    expect(totals).toEqual([4, 4]);
  });

  it('writes no TeX underscores in titles, labels or legends', () => {
    for (const svg of [columnNormsSvg(result), finetuneLossSvg(result) ?? '', fractionSvg(sets, 0.1, ''), histogramSvg(sets, 0.1, '')]) {
      expect(texts(parseSvg(svg)).filter((t) => /_[a-zA-Z0-9∞]/.test(t))).toEqual([]);
    }
  });
});
