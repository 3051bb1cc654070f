// The lab's histogram of column norms: the Figure of histogramFigure.ts painted live.
import { createFrame, chartHandle, type Chart, type ChartFrameOptions } from './frame';
import { histogramFigure, type HistogramData, type HistogramLabels } from './histogramFigure';
import { createFigurePainter } from './paintFigure';

export type { HistogramData, HistogramSeries } from './histogramFigure';

export type HistogramOptions = ChartFrameOptions & HistogramLabels;

export type HistogramChart = Chart<HistogramData>;

export function createHistogram(container: HTMLElement, options: HistogramOptions = {}): HistogramChart {
  const frame = createFrame(container, options, 'pl-histogram', () => render(), 2);
  const painter = createFigurePainter(frame.svg);
  let data: HistogramData | null = null;

  const render = (): void => {
    if (!data) return;
    const figure = histogramFigure(data, frame.size(), options);
    painter.paint(figure);
    frame.setLabel(figure.label);
  };

  return chartHandle(frame, (next: HistogramData) => {
    data = next;
    render();
  });
}
