// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { binUniform, createHistogram } from './histogram';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('binUniform', () => {
  it('counts equal-width bins with the maximum in the last bin', () => {
    const counts = binUniform([0, 0.1, 0.25, 0.5, 0.99, 1, 1.5, -1, Number.NaN], 4, 1);
    expect(Array.from(counts)).toEqual([2, 1, 1, 2]);
  });
  it('reuses the output buffer', () => {
    const out = new Float64Array(2);
    expect(binUniform([0.1, 0.9], 2, 1, out)).toBe(out);
    expect(Array.from(binUniform([0.1], 2, 1, out))).toEqual([1, 0]);
  });
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
    chart.update({
      series: [
        { id: 'reg', label: 'regularized', values: regularized },
        { id: 'unreg', label: 'unregularized', values: unregularized },
      ],
      bins: 10,
      max: 1,
      tau: 0.141,
    });
    const reg = Array.from(container.querySelectorAll('.pl-bars rect[data-series="reg"]'));
    const unreg = container.querySelectorAll('.pl-bars rect[data-series="unreg"]');
    expect(reg.length).toBe(10);
    expect(unreg.length).toBe(10);
    const heights = reg.map((r) => Number(r.getAttribute('height')));
    // Bin 0 holds 7 regularized norms, bin 9 holds one (0.9): heights in ratio 7 : 1.
    expect(heights[0] / heights[9]).toBeCloseTo(7, 6);
    expect(heights[5]).toBe(0);
    expect(container.querySelectorAll('.pl-legend-item').length).toBe(2);
    expect(container.querySelector('.pl-tau')!.getAttribute('style')).toContain('inline');
    const label = container.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('regularized: 10 values, most (7) between 0 and 0.1, 3 at or above τ = 0.141');
  });

  it('reuses its bars on update and drops the legend for one series', () => {
    const { container, chart } = setup();
    chart.update({ series: [{ id: 'reg', label: 'regularized', values: regularized }], bins: 10 });
    const before = Array.from(container.querySelectorAll('.pl-bars rect'));
    chart.update({ series: [{ id: 'reg', label: 'regularized', values: unregularized }], bins: 10 });
    expect(Array.from(container.querySelectorAll('.pl-bars rect'))).toEqual(before);
    expect(container.querySelectorAll('.pl-legend-item').length).toBe(0);
    expect(container.querySelector('.pl-tau')!.getAttribute('style')).toContain('none');
  });
});
