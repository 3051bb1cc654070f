// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { countAbove, normHistograms } from '../core/metrics';
import { createHistogram } from './histogram';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('histogram', () => {
  const regularized = [0.9, 0.8, 0.7, 0, 0, 0, 0, 0, 1e-6, 1e-9];
  const unregularized = [0.9, 0.6, 0.5, 0.45, 0.4, 0.3, 0.2, 0.1, 0.05, 0.7];

  function setup() {
    const container = document.createElement('div');
    document.body.appendChild(container);
    return { container, chart: createHistogram(container, { width: 480, height: 240 }) };
  }

  it('draws one bar per bin and series with heights proportional to the counts', () => {
    const { container, chart } = setup();
    const [reg, unreg] = normHistograms([regularized, unregularized], 1, 10);
    chart.update({
      series: [
        { id: 'reg', label: 'regularized', histogram: reg, aboveTau: countAbove(regularized, 0.141) },
        { id: 'unreg', label: 'unregularized', histogram: unreg },
      ],
      tau: 0.141,
    });
    const regBars = Array.from(container.querySelectorAll('.pl-bars rect[data-series="reg"]'));
    expect(regBars.length).toBe(10);
    expect(container.querySelectorAll('.pl-bars rect[data-series="unreg"]').length).toBe(10);
    const heights = regBars.map((r) => Number(r.getAttribute('height')));
    // Bin 0 holds 7 regularized norms, bin 9 holds one (0.9): heights in ratio 7 : 1.
    expect(heights[0] / heights[9]).toBeCloseTo(7, 2);
    expect(heights[5]).toBe(0);
    expect(container.querySelectorAll('.pl-legend-label').length).toBe(2);
    expect(container.querySelectorAll('.pl-tau line').length).toBe(1);
    const label = container.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('regularized: 10 values, most (7) between 0 and 0.1, 3 at or above τ = 0.141');
  });

  it('reuses its bars on update and drops the legend for one series', () => {
    const { container, chart } = setup();
    chart.update({ series: [{ id: 'reg', label: 'regularized', histogram: normHistograms([regularized], null, 10)[0] }] });
    const before = Array.from(container.querySelectorAll('.pl-bars rect'));
    chart.update({ series: [{ id: 'reg', label: 'regularized', histogram: normHistograms([unregularized], null, 10)[0] }] });
    expect(Array.from(container.querySelectorAll('.pl-bars rect'))).toEqual(before);
    expect(container.querySelectorAll('.pl-legend-label').length).toBe(0);
    expect(container.querySelectorAll('.pl-tau line').length).toBe(0);
  });
});
