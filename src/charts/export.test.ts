// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createColumnNorms } from './columnNorms';
import { createHeatmap } from './heatmap';
import { resolveCssVariables, toSvgString } from './export';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
});

describe('resolveCssVariables', () => {
  it('uses a defined custom property, else the fallback, also when nested', () => {
    document.documentElement.style.setProperty('--pl-kept', '#123456');
    const element = document.createElement('div');
    document.body.appendChild(element);
    expect(resolveCssVariables('var(--pl-kept, #4477aa)', element)).toBe('#123456');
    expect(resolveCssVariables('var(--pl-missing, #4477aa)', element)).toBe('#4477aa');
    expect(resolveCssVariables('var(--pl-a, var(--pl-b, red))', element)).toBe('red');
    expect(resolveCssVariables('1px solid var(--pl-x, blue)', element)).toBe('1px solid blue');
  });
});

describe('toSvgString', () => {
  it('writes a standalone svg with resolved colours and no interactive parts', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const chart = createColumnNorms(container, { width: 400, height: 200 });
    chart.update({ norms: [1, 0.01, 0.5], tau: 0.1, aboveTau: 2, order: 'index', scale: 'linear' });
    const text = toSvgString(container);
    expect(text).not.toContain('var(');
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('<title>Column norms of 3 columns; 2 above τ = 0.1</title>');
    expect(text).not.toContain('pl-tau-hit');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    expect(root.getAttribute('width')).toBe('400');
    // Kept bars get the fallback blue, the dropped bar the fallback grey.
    expect(root.querySelector('.pl-bars path.pl-above-tau')!.getAttribute('style')).toContain('fill: #4477aa');
    expect(root.querySelector('.pl-bars path.pl-below-tau')!.getAttribute('style')).toContain('fill: #c4c4c4');
    expect(root.querySelector('.pl-bars path.pl-above-tau')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    // The first drawn element is the opaque background.
    expect(root.querySelector('rect')!.getAttribute('style')).toBe('fill: #ffffff');
  });

  it('embeds a canvas chart as an image with its legend', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/png;base64,AAAA');
    const container = document.createElement('div');
    const chart = createHeatmap(container, { width: 300, height: 120 });
    chart.update({ U: [1, -1], rows: 1, cols: 2 });
    const text = toSvgString(container);
    const root = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    expect(root.querySelector('image')!.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    expect(root.querySelector('linearGradient')).not.toBeNull();
    expect(root.querySelector('title')!.textContent).toContain('Heatmap of U');
    // Laid out at the renderer's size: 300 wide, the 120 px canvas above the legend.
    expect(root.getAttribute('width')).toBe('300');
    expect(root.querySelector('image')!.getAttribute('height')).toBe('120');
    expect(root.querySelector('g')!.getAttribute('style')).toContain('font-size: 12px');
  });

  it('says what is missing when there is nothing to export', () => {
    expect(() => toSvgString(document.createElement('div'))).toThrow(/neither an <svg> nor a <canvas>/);
  });
});
