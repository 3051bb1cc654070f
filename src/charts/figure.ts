// A figure as plain data: plot box, axes (ticks already placed and labelled), legend and
// marks in plot coordinates. Each figure has one builder (histogramFigure, columnNormsFigure…)
// that the lab's d3 renderer paints into the page (paintFigure.ts) and the CLI and exports
// serialize as SVG text (figureSvg.ts), so the two cannot draw the same numbers differently.
import { LEGEND_ROW_HEIGHT, estimateTextWidth, type Margins } from './theme';

/** Presentation of a mark; colours may be CSS var() with a fallback (resolved in files). */
export interface MarkStyle {
  fill?: string;
  fillOpacity?: number;
  stroke?: string;
  strokeWidth?: number;
  dash?: string;
  fontWeight?: string;
}

interface MarkBase {
  style: MarkStyle;
  className?: string;
  /** The series the mark belongs to (data-series). */
  series?: string;
}

export type Mark =
  | (MarkBase & { kind: 'rect'; x: number; y: number; width: number; height: number })
  | (MarkBase & { kind: 'path'; d: string })
  | (MarkBase & { kind: 'line'; x1: number; y1: number; x2: number; y2: number })
  | (MarkBase & { kind: 'circle'; cx: number; cy: number; r: number })
  | (MarkBase & { kind: 'text'; x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end'; dy?: string });

/** A group of marks drawn in order, e.g. "pl-bars" or "pl-tau". */
export interface Layer {
  className: string;
  marks: Mark[];
  /** Clip the marks to the plot box (lines that may run off a log axis). */
  clip?: boolean;
}

export interface AxisTick {
  /** Position along the axis in plot pixels. */
  at: number;
  label: string;
}

export interface FigureAxis {
  ticks: AxisTick[];
  title: string;
}

export interface FigureLegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** 'line' for curves, 'swatch' for filled areas. */
  mark: 'line' | 'swatch';
}

export interface PlacedLegendItem extends FigureLegendItem {
  /** Position of the item's mark, in svg pixels. */
  x: number;
  y: number;
}

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Figure {
  width: number;
  height: number;
  plot: PlotBox;
  legend: PlacedLegendItem[];
  x: FigureAxis;
  y: FigureAxis;
  /** Light horizontal grid lines at these plot y positions. */
  grid: number[];
  /** How far left of the plot the y title sits. */
  yTitleOffset: number;
  layers: Layer[];
  /** Accessible description (aria-label, or the file's description). */
  label: string;
}

/** The plot area never shrinks below this many pixels a side, so scales keep a non-empty range. */
export const MIN_PLOT_SIZE = 10;

export interface Size {
  width: number;
  height: number;
}

/** Gap between the legend's last row and the plot. */
const LEGEND_GAP = 6;

/**
 * The plot box inside an outer size and its margins, below a legend wrapped to the plot's
 * width (rows of LEGEND_ROW_HEIGHT), and the legend's items placed.
 */
export function layoutPlot(size: Size, margins: Margins, legend: readonly FigureLegendItem[] = []): { plot: PlotBox; legend: PlacedLegendItem[] } {
  const width = Math.max(MIN_PLOT_SIZE, size.width - margins.left - margins.right);
  let x = 0;
  let row = 0;
  const placed = legend.map((item) => {
    const itemWidth = 22 + estimateTextWidth(item.label);
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += 1;
    }
    const at = { ...item, x: margins.left + x, y: margins.top + LEGEND_GAP + row * LEGEND_ROW_HEIGHT };
    x += itemWidth + 16;
    return at;
  });
  const top = margins.top + (legend.length ? (row + 1) * LEGEND_ROW_HEIGHT : 0);
  const height = Math.max(MIN_PLOT_SIZE, size.height - top - margins.bottom);
  return { plot: { left: margins.left, top, width, height }, legend: placed };
}

/** Legend items of the series, or none for a single series (the chart's title names it). */
export function seriesLegend(series: readonly { label: string; color: string; dashed?: boolean }[], mark: FigureLegendItem['mark']): FigureLegendItem[] {
  if (series.length < 2) return [];
  return series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed, mark }));
}

/** A pixel coordinate as written into attributes: two decimals at most. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}
