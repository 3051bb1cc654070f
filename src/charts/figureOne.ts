// The paper's Figure 1 of one or two runs, as the data of its two charts (histogram and
// fraction curve), from core's figureOneStatistics: one assembly for the lab and the CLI.
import type { FigureOneStatistics } from '../core/metrics';
import type { FractionCurveData } from './fractionFigure';
import type { HistogramData } from './histogramFigure';

export interface FigureOneSet {
  id: string;
  label: string;
  color?: string;
  statistics: FigureOneStatistics;
}

/** Labels of the histogram's axes and description, the same in the lab and in files. */
export const FIGURE_ONE_HISTOGRAM_LABELS = { description: 'Histogram of column norms', xLabel: '‖U eᵢ‖', yLabel: 'columns' } as const;
export const FIGURE_ONE_FRACTION_DESCRIPTION = 'Fraction of columns with norm at least x times the largest';

/**
 * The two charts' data. `halfMax` is where F is marked and read out (core's HALF_MAX, at
 * which figureOneStatistics evaluates F); the count axis is square-root scaled so a few large
 * norms stay visible next to a tall spike of dead columns at 0.
 */
export function figureOneData(sets: readonly FigureOneSet[], tau: number, halfMax: number): { histogram: HistogramData; fraction: FractionCurveData } {
  return {
    histogram: {
      series: sets.map((s) => ({ id: s.id, label: s.label, color: s.color, histogram: s.statistics.histogram, aboveTau: s.statistics.aboveTau })),
      tau,
      countScale: 'sqrt',
    },
    fraction: {
      series: sets.map((s) => ({ id: s.id, label: s.label, color: s.color, steps: s.statistics.steps, atMarker: s.statistics.atHalfMax })),
      marker: halfMax,
    },
  };
}
