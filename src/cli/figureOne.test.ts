// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createFractionCurve } from '../charts/fractionCurve';
import { createHistogram } from '../charts/histogram';
import { FIGURE_ONE_FRACTION_DESCRIPTION, FIGURE_ONE_HISTOGRAM_LABELS } from '../charts/figureOne';
import { FRACTION_SIZE, HISTOGRAM_SIZE, figureOneOfSets, fractionSvg, histogramSvg, type NormSet } from './figures';

afterEach(() => {
  document.body.innerHTML = '';
});

/** Geometry and series of every mark in a layer, as the lab's page or a CLI file has it. */
function marks(root: ParentNode, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector)).map((el) =>
    ['x', 'y', 'width', 'height', 'd', 'cx', 'cy', 'data-series'].map((name) => el.getAttribute(name) ?? '').join('|'),
  );
}

describe("the CLI's Figure 1 and the lab's Figure 1", () => {
  // Norms like those of the figure1 preset: four large columns with the penalty, a spread without.
  const sets: NormSet[] = [
    { id: 'regularized', label: 'λ = 0.05', norms: [1.1, 0.9, 0.8, 0.7, ...Array.from({ length: 20 }, (_, i) => 1e-4 * i)] },
    { id: 'unregularized', label: 'λ = 0', norms: Array.from({ length: 24 }, (_, i) => 0.05 * (i + 1)) },
  ];
  const tau = 0.141;

  it('draw the same histogram bars and τ marker for the same norms', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    createHistogram(container, { ...HISTOGRAM_SIZE, ...FIGURE_ONE_HISTOGRAM_LABELS }).update(figureOneOfSets(sets, tau).histogram);
    const file = new DOMParser().parseFromString(histogramSvg(sets, tau, 'settings'), 'image/svg+xml');
    const lab = marks(container, '.pl-bars rect');
    expect(lab).toHaveLength(60);
    expect(marks(file, '.pl-bars rect')).toEqual(lab);
    expect(marks(file, '.pl-tau line')).toEqual(marks(container, '.pl-tau line'));
    expect(file.documentElement.getAttribute('aria-label')).toBe(container.querySelector('svg')!.getAttribute('aria-label'));
  });

  it('draw the same fraction-curve steps and marker for the same norms', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    createFractionCurve(container, { ...FRACTION_SIZE, description: FIGURE_ONE_FRACTION_DESCRIPTION }).update(figureOneOfSets(sets, tau).fraction);
    const file = new DOMParser().parseFromString(fractionSvg(sets, tau, 'settings'), 'image/svg+xml');
    expect(marks(container, '.pl-lines path')).toHaveLength(2);
    expect(marks(file, '.pl-lines path')).toEqual(marks(container, '.pl-lines path'));
    expect(marks(file, '.pl-marker circle')).toEqual(marks(container, '.pl-marker circle'));
  });
});
