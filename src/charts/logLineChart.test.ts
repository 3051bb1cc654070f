// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { formatValue } from './theme';
import { scaleLinear, scaleLog } from 'd3';
import { createLogLineChart, formatRho, nearestIndex, type LogLineData } from './logLineChart';
import { affineTransform, downsampleIndices, logLineFigure } from './logLineFigure';

afterEach(() => {
  document.body.innerHTML = '';
});

function setup(xScale: 'linear' | 'log' = 'linear') {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const chart = createLogLineChart(container, { width: 500, height: 260, description: 'Fine-tuning loss', xScale });
  return { container, chart };
}

/** Vertices of an SVG path "M1,2L3,4…". */
function vertices(d: string | null): [number, number][] {
  if (!d) return [];
  return d
    .slice(1)
    .split('L')
    .map((pair) => pair.split(',').map(Number) as [number, number]);
}

describe('downsampleIndices', () => {
  it('skips non-positive values and keeps at most two points per pixel', () => {
    const n = 10_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 1 + Math.sin(i)));
    const kept = downsampleIndices(xs, ys, (v) => (v / n) * 100);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept.every((i) => ys[i] > 0)).toBe(true);
    // The extremes of the first pixel (x < 100) survive.
    let min = 0;
    let max = 0;
    for (let i = 1; i < 100; i++) {
      if (ys[i] <= 0) continue;
      if (min === 0 || ys[i] < ys[min]) min = i;
      if (max === 0 || ys[i] > ys[max]) max = i;
    }
    expect(kept).toContain(min);
    expect(kept).toContain(max);
  });
});

describe('affineTransform', () => {
  it('gives the same pixels as the d3 scales it replaces in hot loops', () => {
    const linear = scaleLinear().domain([10, 490]).range([0, 428]);
    const log = scaleLog().domain([1e-6, 10]).range([200, 0]);
    for (const v of [10, 55.5, 300, 490]) expect(affineTransform(linear, false)(v)).toBeCloseTo(linear(v), 9);
    for (const v of [1e-6, 3e-4, 0.7, 10]) expect(affineTransform(log, true)(v)).toBeCloseTo(log(v), 9);
  });
});

describe('nearestIndex and formatRho', () => {
  it('finds the nearest step by binary search', () => {
    expect(nearestIndex([0, 10, 20, 30], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20, 30], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20, 30], 99)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
  });
  it('prints ρ with enough digits to tell it from 1', () => {
    expect(formatRho(0.9712)).toBe('0.9712');
    expect(formatRho(0.99995)).toBe('0.999950');
  });
});

describe('logLineChart', () => {
  const steps = Array.from({ length: 50 }, (_, i) => i * 10);
  const data: LogLineData = {
    series: [
      { id: 'gap', label: 'loss gap', x: steps, y: steps.map((s) => (s === 100 ? 0 : 0.97 ** s)) },
      { id: 'grad', label: 'gradient norm', points: steps.map((s) => ({ x: s, y: 2 * 0.98 ** s })), dashed: true },
    ],
    fits: [{ rho: 0.9712, C: 1, from: 0, to: 490 }],
  };

  it('draws one path per series, skipping non-positive values, and prints ρ', () => {
    const { container, chart } = setup();
    chart.update(data);
    const paths = container.querySelectorAll('.pl-lines path');
    expect(paths.length).toBe(2);
    expect(vertices(paths[0].getAttribute('d')).length).toBe(49);
    expect(vertices(paths[1].getAttribute('d')).length).toBe(50);
    expect(container.querySelector('.pl-fit-label')!.textContent).toBe('ρ = 0.9712');
    expect(container.querySelectorAll('.pl-legend-label').length).toBe(2);
    const label = container.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('Fine-tuning loss (log scale): loss gap from 1 at step 0');
    expect(label).toContain('fitted rate ρ = 0.9712');
  });

  it('draws the fitted rate as a straight line between its end points on the log scale', () => {
    const { container, chart } = setup();
    chart.update(data);
    const line = container.querySelector('.pl-fit-line')!;
    const y1 = Number(line.getAttribute('y1'));
    const y2 = Number(line.getAttribute('y2'));
    const path = vertices(container.querySelectorAll('.pl-lines path')[0].getAttribute('d'));
    // The first loss-gap point (1 at step 0) lies on the fit's start.
    expect(path[0][1]).toBeCloseTo(y1, 0);
    expect(y2).toBeGreaterThan(y1);
  });

  it('reuses its paths on update', () => {
    const { container, chart } = setup();
    chart.update(data);
    const before = Array.from(container.querySelectorAll('.pl-lines path'));
    chart.update({ ...data, series: data.series.map((s) => ({ ...s })) });
    expect(Array.from(container.querySelectorAll('.pl-lines path'))).toEqual(before);
  });

  it('shows an exact readout of each series at the nearest step on hover', () => {
    const { container, chart } = setup();
    chart.update(data);
    const overlay = container.querySelector('.pl-overlay')!;
    // Plot width 500 − 56 − 16 = 428 px for steps 0…490. jsdom has no layout, so d3.pointer
    // reads clientX as plot coordinates; x = 203 is nearest to the recorded step 200.
    const px = (428 * 203) / 490;
    overlay.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: px, clientY: 100 }));
    const readout = container.querySelector('[aria-live="polite"]')!;
    expect(readout.textContent).toBe(`step 200 · loss gap ${formatValue(0.97 ** 200)} · gradient norm ${formatValue(2 * 0.98 ** 200)}`);
    expect(readout.textContent).toBe('step 200 · loss gap 0.00226 · gradient norm 0.0352');
    expect(container.querySelectorAll('.pl-hover circle').length).toBe(2);
    overlay.dispatchEvent(new PointerEvent('pointerleave', { bubbles: true }));
    expect(readout.textContent).toBe('');
  });

  it('supports a log x-axis for sweeps', () => {
    const { container, chart } = setup('log');
    chart.update({ series: [{ id: 'err', label: 'test error', x: [1e-3, 1e-2, 1e-1], y: [0.5, 0.05, 0.2] }] });
    const ticks = Array.from(container.querySelectorAll('.pl-x-axis text.tick')).map((t) => t.textContent);
    expect(ticks).toEqual(['0.001', '0.01', '0.1']);
    expect(container.querySelectorAll('.pl-legend-label').length).toBe(0);
  });

  it('an empty chart shows no ticks (no "500m" step), and step axes only whole steps (finding 13)', () => {
    const empty = logLineFigure({ series: [] }, { width: 500, height: 260 });
    expect(empty.x.ticks).toEqual([]);
    expect(empty.y.ticks).toEqual([]);
    const oneStep = logLineFigure({ series: [{ id: 'loss', label: 'loss', x: [0, 1], y: [1, 0.5] }] }, { width: 500, height: 260 });
    expect(oneStep.x.ticks.map((t) => t.label)).toEqual(['0', '1']);
  });

  it('draws every fit with its own key and the events callers add', () => {
    const figure = logLineFigure(
      { ...data, fits: [...(data.fits ?? []), { rho: 0.98, C: 2, from: 0, to: 490, label: 'gradient' }], events: [{ x: 200, label: 'pruned' }] },
      { width: 500, height: 260 },
    );
    const texts = figure.layers.flatMap((layer) => layer.marks.flatMap((m) => (m.kind === 'text' ? [m.text] : [])));
    expect(texts).toEqual(expect.arrayContaining(['pruned', 'ρ = 0.9712', 'gradient: ρ = 0.9800']));
  });
});
