// The lab's fraction curve (Figure 1, left): the Figure of fractionFigure.ts painted live,
// with F at the marker read out under the chart.
import { createReadout } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { fractionFigure, type FractionCurveData } from './fractionFigure';
import { createFigurePainter } from './paintFigure';

export type { FractionCurveData, FractionSeries } from './fractionFigure';

export interface FractionCurveOptions extends ChartFrameOptions {
  description?: string;
}

export type FractionCurveChart = Chart<FractionCurveData>;

export function createFractionCurve(container: HTMLElement, options: FractionCurveOptions = {}): FractionCurveChart {
  const frame = createFrame(container, options, 'pl-fraction-curve', () => render(), 1.6);
  const painter = createFigurePainter(frame.svg);
  const readout = createReadout(frame.wrapper);
  let data: FractionCurveData | null = null;

  const render = (): void => {
    if (!data) return;
    const figure = fractionFigure(data, frame.size(), options.description);
    painter.paint(figure);
    if (readout.textContent !== figure.readout) readout.textContent = figure.readout;
    frame.setLabel(figure.label);
  };

  return chartHandle(frame, (next: FractionCurveData) => {
    data = next;
    render();
  });
}
