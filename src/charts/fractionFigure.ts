// The fraction curve F(x) = #{i : ‖u_i‖ ≥ x·max_j ‖u_j‖} / k for x ∈ [0, 1] (the paper's
// Figure 1, left) as a Figure, drawn exactly as the step function core computes
// (fractionSteps), with F read out at a marker. Drawn by the lab and the CLI alike.
import { format, scaleLinear } from 'd3';
import type { FractionSteps } from '../core/metrics';
import { layoutPlot, seriesLegend, type Figure, type Mark, type Size } from './figure';
import { COLORS, seriesColor, type Margins } from './theme';

export interface FractionSeries {
  id: string;
  label: string;
  steps: FractionSteps;
  /** F at the marker, when there is one. */
  atMarker?: number;
  color?: string;
  dashed?: boolean;
}

export interface FractionCurveData {
  series: readonly FractionSeries[];
  /** Optional x at which F is marked and read out, e.g. HALF_MAX. */
  marker?: number | null;
}

export interface FractionFigure extends Figure {
  /** "label: F(0.5) = 75% · …", for the lab's readout under the chart. */
  readout: string;
}

const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 48 };
const percent = format('.0%');

/** The staircase path of F: one vertical drop of 1/k at each break. */
function staircase(steps: FractionSteps, x: (v: number) => number, y: (v: number) => number): string | null {
  const { breaks, k } = steps;
  if (k === 0 || breaks.length === 0) return null;
  let d = `M${x(0)},${y(1)}`;
  for (let j = 0; j < breaks.length; j++) {
    const px = x(breaks[j]).toFixed(1);
    d += `L${px},${y((k - j) / k).toFixed(1)}L${px},${y((k - j - 1) / k).toFixed(1)}`;
  }
  return d;
}

export function fractionFigure(data: FractionCurveData, size: Size, description = 'Fraction of columns with norm at least x times the largest'): FractionFigure {
  const series = data.series.map((s, i) => ({ ...s, color: seriesColor(s.color, i) }));
  const { plot, legend } = layoutPlot(size, MARGIN, seriesLegend(series, 'line'));
  const { width, height } = plot;
  const x = scaleLinear().domain([0, 1]).range([0, width]);
  const y = scaleLinear().domain([0, 1]).range([height, 0]);

  const lines: Mark[] = series.flatMap((s): Mark[] => {
    const d = staircase(s.steps, x, y);
    return d ? [{ kind: 'path', d, series: s.id, style: { stroke: s.color, strokeWidth: 1.75, dash: s.dashed ? '6 3' : undefined } }] : [];
  });

  const marker = data.marker ?? null;
  const markerMarks: Mark[] = [];
  const markerVisible = marker !== null && marker >= 0 && marker <= 1;
  if (markerVisible) {
    markerMarks.push({ kind: 'line', x1: x(marker), x2: x(marker), y1: 0, y2: height, style: { stroke: COLORS.muted, dash: '3 3' } });
    for (const s of series) {
      if (s.atMarker === undefined) continue;
      markerMarks.push({ kind: 'circle', cx: x(marker), cy: y(s.atMarker), r: 3.5, series: s.id, style: { fill: s.color, stroke: COLORS.background, strokeWidth: 1.5 } });
    }
  }
  const readout = markerVisible ? series.map((s) => `${s.label}: F(${marker}) = ${s.atMarker === undefined ? '—' : percent(s.atMarker)}`).join(' · ') : '';
  const at = marker === 0.5 ? 'half' : `${marker} times`;
  const summary = markerVisible
    ? series.map((s) => `${s.label}: ${s.atMarker === undefined ? '—' : percent(s.atMarker)} of ${s.steps.k} columns at or above ${at} the largest norm`)
    : [];

  const yTicks = [0, 0.5, 1];
  return {
    width: size.width,
    height: size.height,
    plot,
    legend,
    x: { ticks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ at: x(v), label: format('~g')(v) })), title: 'x (fraction of the largest norm)' },
    y: { ticks: yTicks.map((v) => ({ at: y(v), label: percent(v) })), title: 'F(x)' },
    grid: [0.25, 0.5, 0.75, 1].map((v) => y(v)),
    yTitleOffset: 36,
    layers: [
      { className: 'pl-marker', marks: markerMarks },
      { className: 'pl-lines', marks: lines },
    ],
    label: `${description}; ${summary.join('; ') || 'no data'}`,
    readout,
  };
}
