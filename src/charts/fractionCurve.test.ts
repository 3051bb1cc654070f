// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fractionAtLeast, fractionSteps } from '../core/metrics';
import { createFractionCurve } from './fractionCurve';
import type { FractionSeries } from './fractionFigure';

afterEach(() => {
  document.body.innerHTML = '';
});

const series = (id: string, label: string, norms: number[]): FractionSeries => ({ id, label, steps: fractionSteps(norms), atMarker: fractionAtLeast(norms, 0.5) });

describe('fractionCurve', () => {
  it('draws the staircase of each series and reads out F at the marker', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const chart = createFractionCurve(container, { width: 400, height: 260 });
    chart.update({
      series: [series('reg', 'regularized', [1, 0.9, 0, 0]), series('unreg', 'unregularized', [1, 0.8, 0.6, 0.2])],
      marker: 0.5,
    });
    const paths = container.querySelectorAll('.pl-lines path');
    expect(paths.length).toBe(2);
    // M + two vertices per column.
    expect(paths[0].getAttribute('d')!.split('L').length).toBe(1 + 2 * 4);
    // The curve ends at F = 0 on the right edge (x = 1 → plot width 400 − 48 − 16 = 336).
    expect(paths[1].getAttribute('d')!.endsWith(`L336.0,${(260 - 12 - 20 - 36).toFixed(1)}`)).toBe(true);
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe('regularized: F(0.5) = 50% · unregularized: F(0.5) = 75%');
    const label = container.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('unregularized: 75% of 4 columns at or above half the largest norm');

    const before = Array.from(paths);
    chart.update({ series: [series('reg', 'regularized', [1, 1, 1])], marker: null });
    const after = Array.from(container.querySelectorAll('.pl-lines path'));
    expect(after.length).toBe(1);
    expect(after[0]).toBe(before[0]);
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe('');
  });
});
