// Canvas heatmap of U (d rows × k columns): one canvas pixel per entry, scaled up by CSS with
// pixelated rendering; a diverging scale symmetric around 0. Columns that pruning drops are
// faded towards grey so the survivors stand out.
import { interpolateRdBu, rgb, select } from 'd3';
import { createReadout } from './draw';
import { chartHandle, createFrame, uniqueId, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, FONT_FAMILY, FONT_SIZE, formatValue, plural } from './theme';

export interface HeatmapData {
  /** Row-major rows×cols matrix: entry (i, j) is U[i * cols + j]. */
  U: ArrayLike<number>;
  rows: number;
  cols: number;
  /** Per column: truthy = kept. Faded columns are those pruning drops. */
  keepMask?: ArrayLike<boolean | number> | null;
  /** Original ids of the columns (after pruning), for the hover readout. */
  columnIds?: readonly number[];
  /** Colour range ±maxAbs (shared scales); default the largest |entry|. */
  maxAbs?: number;
}

export interface HeatmapOptions extends ChartFrameOptions {
  description?: string;
}

export type HeatmapChart = Chart<HeatmapData>;

/** How far a dropped column's colour moves towards the neutral grey (0 = not at all, 1 = fully). */
export const DROPPED_FADE = 0.75;
const NEUTRAL_GREY = 235;
const LUT_SIZE = 256;
const MAX_DEFAULT_HEIGHT = 320;
const MIN_DEFAULT_HEIGHT = 60;
const LEGEND_HEIGHT = 30;
const LEGEND_WIDTH = 160;

/**
 * RGB lookup table (LUT_SIZE × 3 bytes) of the diverging scale: index 0 is −max (blue),
 * the middle is 0 (white), the last is +max (red).
 */
export function divergingLut(size = LUT_SIZE): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const c = rgb(interpolateRdBu(1 - i / (size - 1)));
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

/** The largest |entry|, 0 for an empty or all-zero matrix. */
export function maxAbsolute(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > max && Number.isFinite(a)) max = a;
  }
  return max;
}

/**
 * RGBA bytes (rows·cols·4, row-major like U) of the heatmap, written into `out`.
 * Values beyond ±maxAbs saturate; non-finite entries are drawn black.
 */
export function heatmapPixels(
  data: HeatmapData,
  maxAbs: number,
  lut: Uint8ClampedArray,
  out: Uint8ClampedArray = new Uint8ClampedArray(data.rows * data.cols * 4),
): Uint8ClampedArray {
  const { U, rows, cols, keepMask } = data;
  const levels = lut.length / 3 - 1;
  const scale = maxAbs > 0 ? levels / (2 * maxAbs) : 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = U[i * cols + j];
      const p = (i * cols + j) * 4;
      if (!Number.isFinite(v)) {
        out[p] = 0;
        out[p + 1] = 0;
        out[p + 2] = 0;
        out[p + 3] = 255;
        continue;
      }
      const index = Math.max(0, Math.min(levels, Math.round((v + maxAbs) * scale))) * 3;
      let r = lut[index];
      let g = lut[index + 1];
      let b = lut[index + 2];
      if (keepMask && !keepMask[j]) {
        r += (NEUTRAL_GREY - r) * DROPPED_FADE;
        g += (NEUTRAL_GREY - g) * DROPPED_FADE;
        b += (NEUTRAL_GREY - b) * DROPPED_FADE;
      }
      out[p] = r;
      out[p + 1] = g;
      out[p + 2] = b;
      out[p + 3] = 255;
    }
  }
  return out;
}

export function heatmapLabel(data: HeatmapData, maxAbs: number, description = 'Heatmap of U'): string {
  let dropped = 0;
  if (data.keepMask) for (let j = 0; j < data.cols; j++) if (!data.keepMask[j]) dropped++;
  const pruned = data.keepMask ? `; ${plural(dropped, 'column')} faded as pruned` : '';
  return `${description}: ${plural(data.rows, 'row')} × ${plural(data.cols, 'column')}, colour from −${formatValue(maxAbs)} (blue) through 0 (white) to ${formatValue(maxAbs)} (red)${pruned}`;
}

export function createHeatmap(container: HTMLElement, options: HeatmapOptions = {}): HeatmapChart {
  const frame = createFrame(container, options, 'pl-heatmap', () => render(), 2);
  // The frame's svg becomes the colour legend (decorative); the canvas is the image.
  const legendSvg = frame.svg.attr('role', null).attr('aria-hidden', 'true');
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  Object.assign(canvas.style, { display: 'block', width: '100%', imageRendering: 'pixelated' });
  frame.wrapper.insertBefore(canvas, frame.wrapper.firstChild);
  const readout = createReadout(frame.wrapper);
  const lut = divergingLut();

  const gradientId = uniqueId('pl-rdbu');
  const gradient = legendSvg.append('defs').append('linearGradient').attr('id', gradientId);
  gradient
    .selectAll('stop')
    .data([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    .join('stop')
    .attr('offset', (t) => `${t * 100}%`)
    .attr('stop-color', (t) => interpolateRdBu(1 - t));
  const legend = legendSvg.append('g').attr('transform', 'translate(0,4)');
  legend.append('rect').attr('width', LEGEND_WIDTH).attr('height', 8).style('fill', `url(#${gradientId})`);
  const legendLabels = legend
    .selectAll<SVGTextElement, number>('text')
    .data([0, 0.5, 1])
    .join('text')
    .attr('x', (t) => t * LEGEND_WIDTH)
    .attr('y', 22)
    .attr('text-anchor', (t) => (t === 0 ? 'start' : t === 1 ? 'end' : 'middle'))
    .style('font-family', FONT_FAMILY)
    .style('font-size', `${FONT_SIZE}px`)
    .style('fill', COLORS.muted);

  let data: HeatmapData | null = null;
  let image: ImageData | null = null;
  let context: CanvasRenderingContext2D | null | undefined;

  const render = (): void => {
    if (!data) return;
    const { width } = frame.size();
    const { rows, cols } = data;
    const height = options.height ?? Math.round(Math.min(MAX_DEFAULT_HEIGHT, Math.max(MIN_DEFAULT_HEIGHT, (width * rows) / Math.max(1, cols))));
    canvas.style.height = `${height}px`;
    legendSvg.attr('width', width).attr('height', LEGEND_HEIGHT).attr('viewBox', `0 0 ${width} ${LEGEND_HEIGHT}`);
    const maxAbs = data.maxAbs ?? maxAbsolute(data.U);
    legendLabels.text((t) => (t === 0.5 ? '0' : `${t === 0 ? '−' : ''}${formatValue(maxAbs)}`));
    canvas.setAttribute('aria-label', heatmapLabel(data, maxAbs, options.description));

    if (canvas.width !== cols || canvas.height !== rows) {
      canvas.width = cols;
      canvas.height = rows;
      image = null;
    }
    if (context === undefined) context = canvas.getContext('2d');
    if (!context || rows === 0 || cols === 0) return;
    if (!image) image = context.createImageData(cols, rows);
    heatmapPixels(data, maxAbs, lut, image.data);
    context.putImageData(image, 0, 0);
  };

  select(canvas)
    .on('pointermove', (event: PointerEvent) => {
      if (!data) return;
      const rect = canvas.getBoundingClientRect();
      if (rect.width <= 0 || rect.height <= 0) return;
      const j = Math.floor(((event.clientX - rect.left) / rect.width) * data.cols);
      const i = Math.floor(((event.clientY - rect.top) / rect.height) * data.rows);
      if (i < 0 || j < 0 || i >= data.rows || j >= data.cols) return;
      const id = data.columnIds ? data.columnIds[j] : j;
      const dropped = data.keepMask && !data.keepMask[j] ? ' (pruned)' : '';
      readout.textContent = `row ${i}, column ${id}${dropped}: ${formatValue(data.U[i * data.cols + j])}`;
    })
    .on('pointerleave', () => {
      readout.textContent = '';
    });

  return chartHandle(frame, (next: HeatmapData) => {
    data = next;
    render();
  });
}
