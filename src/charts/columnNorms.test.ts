// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createColumnNorms } from './columnNorms';
import { columnNormsDomain, columnNormsFigure, type ColumnNormsData } from './columnNormsFigure';

/** The bars drawn in a colour: one subpath "M…Z" per bar in the path of that class. */
const barCount = (container: Element, className: string): number =>
  container.querySelector(`.pl-bars path.${className}`)?.getAttribute('d')?.match(/M/g)?.length ?? 0;
const allBars = (container: Element): number => barCount(container, 'pl-above-tau') + barCount(container, 'pl-below-tau');

const WIDTH = 600;
const HEIGHT = 300;
// Matches the renderer's margins: plot area starts 14 px from the top, 34 px above the bottom.
const TOP = 14;
const PLOT_HEIGHT = HEIGHT - 14 - 34;

function setup(onTauChange?: (tau: number) => void) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const chart = createColumnNorms(container, { width: WIDTH, height: HEIGHT, onTauChange });
  return { container, chart };
}

const base: ColumnNormsData = {
  norms: [0.9, 0.02, 0.5, 0.001, 0.3, 1e-12],
  tau: 0.141,
  aboveTau: 3,
  r: 3,
  order: 'index',
  scale: 'linear',
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('columnNorms', () => {
  it('draws one bar per column and greys exactly those below τ', () => {
    const { container, chart } = setup();
    chart.update(base);
    expect(allBars(container)).toBe(6);
    expect(barCount(container, 'pl-below-tau')).toBe(3);
    // Two elements, whatever the number of columns.
    expect(container.querySelectorAll('.pl-bars > *')).toHaveLength(2);
  });

  it('labels the svg from the data and lets the caller label the region', () => {
    const container = document.createElement('div');
    const chart = createColumnNorms(container, { width: WIDTH, height: HEIGHT, regionLabel: 'Column norms' });
    chart.update(base);
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Column norms of 6 columns; 3 above τ = 0.141 (r = 3)');
    expect(container.querySelector('[role="region"]')!.getAttribute('aria-label')).toBe('Column norms');
  });

  it('places the τ line where the linear scale puts τ', () => {
    const { container, chart } = setup();
    chart.update(base);
    const [, top] = columnNormsDomain(base);
    const line = container.querySelector('.pl-tau-line')!;
    const expected = PLOT_HEIGHT * (1 - base.tau / top);
    expect(Number(line.getAttribute('y1'))).toBeCloseTo(expected, 1);
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe('τ = 0.141');
  });

  it('tags the derived default τ = √(2β) [derived] in its label, and only that τ', () => {
    const { container, chart } = setup();
    chart.update({ ...base, tauDerived: true });
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe('τ = 0.141 = √(2β) [derived]');
    chart.update({ ...base, tau: 0.2, tauDerived: false });
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe('τ = 0.2');
  });

  it('uses a shared yMax and places τ on a log scale with a floor', () => {
    const { container, chart } = setup();
    chart.update({ ...base, scale: 'log', yMax: 10 });
    const [floor, top] = columnNormsDomain({ ...base, scale: 'log', yMax: 10 });
    expect(top).toBe(10);
    expect(floor).toBeGreaterThanOrEqual(1e-12);
    expect(floor).toBeLessThanOrEqual(0.141 / 2);
    const line = container.querySelector('.pl-tau-line')!;
    const expected = PLOT_HEIGHT * (1 - (Math.log10(0.141) - Math.log10(floor)) / (Math.log10(top) - Math.log10(floor)));
    expect(Number(line.getAttribute('y1'))).toBeCloseTo(expected, 1);
    // A norm below the floor has a zero-height bar but is still counted and greyed.
    const figure = columnNormsFigure({ ...base, scale: 'log', yMax: 10 }, { width: WIDTH, height: HEIGHT });
    expect(figure.bars.every((bar) => Number.isFinite(bar.y) && bar.y >= 0 && bar.y <= figure.plot.height)).toBe(true);
    expect(figure.bars[5]).toMatchObject({ y: figure.plot.height, below: true });
    expect(allBars(container)).toBe(6);
  });

  it('gives charts that share yMax the same log axis whatever their data', () => {
    const a = columnNormsDomain({ ...base, scale: 'log', yMax: 2 });
    const b = columnNormsDomain({ ...base, norms: [1.5, 1e-3], scale: 'log', yMax: 2 });
    expect(a).toEqual(b);
    expect(a[0]).toBeCloseTo(2e-6, 18);
  });

  it('reuses the same elements on update and sorts in descending order', () => {
    const { container, chart } = setup();
    chart.update(base);
    const first = Array.from(container.querySelectorAll('.pl-bars path'));
    const sorted = { ...base, norms: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], order: 'descending' as const };
    chart.update(sorted);
    const second = Array.from(container.querySelectorAll('.pl-bars path'));
    expect(second).toEqual(first);
    const tops = columnNormsFigure(sorted, { width: WIDTH, height: HEIGHT }).bars.map((bar) => bar.y);
    for (let i = 1; i < tops.length; i++) expect(tops[i]).toBeGreaterThanOrEqual(tops[i - 1]);
    expect(barCount(container, 'pl-below-tau')).toBe(1);
  });

  it('draws each bar as the subpath of its box', () => {
    const figure = columnNormsFigure(base, { width: WIDTH, height: HEIGHT });
    const kept = figure.layers[0].marks[0];
    if (kept.kind !== 'path') throw new Error('the kept bars are not a path');
    const first = figure.bars[0];
    const px = (v: number) => String(Math.round(v * 100) / 100);
    expect(kept.d.startsWith(`M${px(first.x)},${px(first.y)}H${px(first.x + first.width)}V${px(figure.plot.height)}H${px(first.x)}Z`)).toBe(true);
  });

  it('removes bars when pruning leaves fewer columns and labels original ids', () => {
    const { container, chart } = setup();
    chart.update(base);
    chart.update({ ...base, norms: [0.9, 0.5, 0.3], indices: [0, 2, 4] });
    expect(allBars(container)).toBe(3);
    const labels = Array.from(container.querySelectorAll('.pl-x-axis text.tick')).map((t) => t.textContent);
    expect(labels[0]).toBe('0');
    expect(labels).toContain('2');
  });

  it('exposes a keyboard slider that moves τ by a small log step', () => {
    const onTauChange = vi.fn();
    const { container, chart } = setup(onTauChange);
    chart.update(base);
    const handle = container.querySelector<HTMLElement>('[role="slider"]')!;
    expect(handle.tabIndex).toBe(0);
    expect(handle.getAttribute('aria-label')).toBe('Pruning threshold line');
    expect(Number(handle.getAttribute('aria-valuenow'))).toBeCloseTo(0.141, 12);
    expect(Number(handle.getAttribute('aria-valuemin'))).toBe(0);

    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    const up = onTauChange.mock.calls[0][0] as number;
    expect(up).toBeGreaterThan(0.141);
    expect(up / 0.141).toBeLessThan(1.1);
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    const down = onTauChange.mock.calls[1][0] as number;
    expect(down).toBeLessThan(up);
    expect(Number(handle.getAttribute('aria-valuenow'))).toBeCloseTo(down, 12);
  });

  it('calls onTauChange while the line is dragged with the mouse, clamped to the axis', () => {
    const onTauChange = vi.fn();
    const { container, chart } = setup(onTauChange);
    chart.update(base);
    const [, top] = columnNormsDomain(base);
    const hit = container.querySelector('.pl-tau-hit')!;
    const at = (tau: number) => TOP + PLOT_HEIGHT * (1 - tau / top);
    // d3-drag listens for mousemove/mouseup on event.view; jsdom under Vitest refuses a `view`
    // in the MouseEvent constructor, so it is attached afterwards.
    const view = document.defaultView!;
    const mouse = (type: string, clientY: number) => {
      const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: 300, clientY });
      Object.defineProperty(event, 'view', { value: view });
      return event;
    };
    // jsdom has no layout, so d3.pointer reads clientX/clientY relative to a zero rectangle.
    hit.dispatchEvent(mouse('mousedown', at(0.141)));
    view.dispatchEvent(mouse('mousemove', at(0.4)));
    // A data frame arriving mid-drag with the old τ does not move the line back.
    chart.update({ ...base });
    expect(Number(container.querySelector('.pl-tau-line')!.getAttribute('y1'))).toBeCloseTo(at(0.4) - TOP, 6);
    view.dispatchEvent(mouse('mousemove', -500));
    view.dispatchEvent(mouse('mouseup', -500));
    const values = onTauChange.mock.calls.map((c) => c[0] as number);
    expect(values.some((v) => Math.abs(v - 0.4) < 1e-9)).toBe(true);
    expect(values[values.length - 1]).toBeCloseTo(top, 12);
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe(`τ = ${Number(top.toPrecision(3))}`);
  });

  it('keeps τ on the axis and in its label when a shared top lies below it (finding 1)', () => {
    // Before training both lanes' norms are ~1e-3: a shared top of 0.0012 must not pin τ = 0.141 to it.
    const { container, chart } = setup();
    const early = { ...base, norms: [0.0011, 0.0009, 0.001], aboveTau: 0, yMax: 0.0012 };
    chart.update(early);
    const [, top] = columnNormsDomain(early);
    expect(top).toBeGreaterThanOrEqual(0.141);
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe('τ = 0.141');
    expect(Number(container.querySelector('.pl-tau-line')!.getAttribute('y1'))).toBeGreaterThan(0);
    expect(columnNormsDomain({ ...early, scale: 'log' })[1]).toBeGreaterThanOrEqual(0.141);
    expect(columnNormsDomain({ ...early, norms: [5] })).toEqual(columnNormsDomain(early));
  });

  it('places the τ label where it covers no bar, else above the plot (finding 13)', () => {
    const overlaps = (data: ColumnNormsData) => {
      const figure = columnNormsFigure(data, { width: WIDTH, height: HEIGHT });
      const label = figure.layers[1].marks.find((m) => m.kind === 'text')!;
      if (label.kind !== 'text') throw new Error('no label');
      const width = label.text.length * 12 * 0.58;
      const left = label.anchor === 'end' ? label.x - width : label.x;
      const bars = figure.bars;
      return { y: label.y, covered: bars.some((b) => b.x < left + width && b.x + b.width > left && b.y < label.y) };
    };
    // Tall bars at the right end, where the label used to sit.
    const rightTall = { ...base, norms: [0.01, 0.01, 0.01, 0.01, 0.9, 0.9], aboveTau: 2, tauDerived: true };
    expect(overlaps(rightTall).covered).toBe(false);
    // Every bar above τ: no room beside the line, so the label goes above the plot.
    const allTall = { ...base, norms: Array.from({ length: 30 }, () => 0.9), aboveTau: 30, tauDerived: true };
    const placed = overlaps(allTall);
    expect(placed.covered).toBe(false);
    expect(placed.y).toBeLessThan(0);
  });

  it('a τ dragged to the bottom of a linear axis stays a valid τ that the label shows (finding 4)', () => {
    const onTauChange = vi.fn();
    const { container, chart } = setup(onTauChange);
    chart.update(base);
    const hit = container.querySelector('.pl-tau-hit')!;
    const view = document.defaultView!;
    const mouse = (type: string, clientY: number) => {
      const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: 300, clientY });
      Object.defineProperty(event, 'view', { value: view });
      return event;
    };
    hit.dispatchEvent(mouse('mousedown', TOP + PLOT_HEIGHT / 2));
    view.dispatchEvent(mouse('mousemove', TOP + PLOT_HEIGHT + 200));
    view.dispatchEvent(mouse('mouseup', TOP + PLOT_HEIGHT + 200));
    const last = onTauChange.mock.calls[onTauChange.mock.calls.length - 1][0] as number;
    expect(last).toBeGreaterThan(0);
    expect(Number(last.toPrecision(3))).toBe(last);
    expect(container.querySelector('.pl-tau-label')!.textContent).toBe(`τ = ${last}`);
  });

  it('names the column under the pointer and its norm', () => {
    const { container, chart } = setup();
    const data = { ...base, indices: [10, 11, 12, 13, 14, 15] };
    chart.update(data);
    const figure = columnNormsFigure(data, { width: WIDTH, height: HEIGHT });
    const third = figure.bars[2];
    const svg = container.querySelector('svg')!;
    // jsdom has no layout: d3.pointer reads clientX/clientY as svg coordinates.
    const move = (clientX: number, clientY: number) => svg.dispatchEvent(new MouseEvent('pointermove', { bubbles: true, clientX, clientY }));
    move(figure.plot.left + third.x + third.width / 2, figure.plot.top + figure.plot.height - 1);
    expect(container.querySelector('.pl-hover-label')!.textContent).toBe('column 12: ‖U eᵢ‖ = 0.5');
    move(figure.plot.left + third.x + third.width / 2, figure.plot.top + figure.plot.height + 20);
    expect(container.querySelector('.pl-hover-label')!.textContent).toBe('');
    move(figure.plot.left + third.x + third.width / 2, figure.plot.top + 5);
    svg.dispatchEvent(new PointerEvent('pointerleave'));
    expect(container.querySelector('.pl-hover-label')!.textContent).toBe('');
  });

  it('destroy removes everything it created', () => {
    const { container, chart } = setup();
    chart.update(base);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });
});
