// The chart frame every lab renderer lives in: wrapper <div>, accessible root <svg>,
// responsive size, and the handle a renderer returns.
import { select, type Selection } from 'd3';
import { FONT_FAMILY, FONT_SIZE } from './theme';

/** Options shared by every renderer. */
export interface ChartFrameOptions {
  /** Fixed width in CSS pixels; otherwise the container's width, followed as it changes. */
  width?: number;
  /** Fixed height in CSS pixels; otherwise width / aspectRatio. */
  height?: number;
  /** Width / height when no height is given. */
  aspectRatio?: number;
  /** Lower bound on the height that aspectRatio gives (default MIN_CHART_HEIGHT), so a chart stays readable on a narrow phone. */
  minHeight?: number;
  /** If set, the chart's wrapper becomes a labelled region (role="region"). */
  regionLabel?: string;
}

/** Smallest height a chart sized by its aspect ratio gets: below it a phone's axes crowd. */
const MIN_CHART_HEIGHT = 200;

/** Width used when neither an explicit width nor a laid-out container is available (jsdom). */
const FALLBACK_WIDTH = 640;

export interface ChartFrame {
  wrapper: HTMLDivElement;
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** Current outer size. */
  size(): { width: number; height: number };
  /** Sets the svg size; returns true when it changed. */
  layout(): boolean;
  /** Screen-reader label of the root element. */
  setLabel(label: string): void;
  destroy(): void;
}

let uniqueCounter = 0;
/** Ids that are unique in the page (clip paths, gradients). */
export function uniqueId(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

/**
 * Creates the wrapper <div> (position: relative, so overlays can be placed over the plot)
 * and, unless `withSvg` is false, the root <svg role="img">. `onResize` is called when the
 * container's width changes (ResizeObserver when the environment has one).
 */
export function createFrame(
  container: HTMLElement,
  options: ChartFrameOptions,
  className: string,
  onResize: () => void,
  defaultAspect = 2,
): ChartFrame {
  const wrapper = document.createElement('div');
  wrapper.className = `pl-chart ${className}`;
  wrapper.style.position = 'relative';
  wrapper.style.width = options.width === undefined ? '100%' : `${options.width}px`;
  if (options.regionLabel) {
    wrapper.setAttribute('role', 'region');
    wrapper.setAttribute('aria-label', options.regionLabel);
  }
  container.appendChild(wrapper);
  const svg = select(wrapper)
    .append('svg')
    .attr('role', 'img')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .style('display', 'block')
    .style('overflow', 'visible')
    .style('font-family', FONT_FAMILY)
    .style('font-size', `${FONT_SIZE}px`);

  let width = 0;
  let height = 0;
  const measure = (): { width: number; height: number } => {
    // The wrapper fills the container's content box (its padding excluded).
    const w = options.width ?? (wrapper.clientWidth || container.clientWidth || FALLBACK_WIDTH);
    const h = options.height ?? Math.max(options.minHeight ?? MIN_CHART_HEIGHT, Math.round(w / (options.aspectRatio ?? defaultAspect)));
    return { width: w, height: h };
  };
  const layout = (): boolean => {
    const next = measure();
    if (next.width === width && next.height === height) return false;
    width = next.width;
    height = next.height;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    return true;
  };
  layout();

  let observer: ResizeObserver | null = null;
  if (options.width === undefined && typeof ResizeObserver !== 'undefined') {
    observer = new ResizeObserver(() => {
      if (layout()) onResize();
    });
    observer.observe(container);
  }

  return {
    wrapper,
    svg,
    size: () => ({ width, height }),
    layout,
    setLabel: (label) => {
      svg.attr('aria-label', label);
    },
    destroy: () => {
      observer?.disconnect();
      wrapper.remove();
    },
  };
}

/** What every renderer returns. */
export interface Chart<T> {
  /** Redraws the chart for new data. */
  update(data: T): void;
  /** Stops following the container's size and removes the chart. */
  destroy(): void;
}

/** The Chart of a renderer: `update` is its own (store the data, redraw); destroy tears down the frame. */
export function chartHandle<T>(frame: ChartFrame, update: (data: T) => void): Chart<T> {
  return { update, destroy: () => frame.destroy() };
}
