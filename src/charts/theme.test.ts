// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { drawLegend } from './draw';
import { createFrame } from './frame';
import { decadeDomain, formatLogTick, formatValue, logTickValues } from './theme';
import { select } from 'd3';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('number formats', () => {
  it('keeps three significant digits and writes tiny values with powers of ten', () => {
    expect(formatValue(0.14142)).toBe('0.141');
    expect(formatValue(-0.5)).toBe('−0.5');
    expect(formatValue(12345)).toBe('12300');
    expect(formatValue(1e-12)).toBe('10⁻¹²');
    expect(formatValue(2.5e-7)).toBe('2.5×10⁻⁷');
    expect(formatValue(0)).toBe('0');
  });
  it('labels log ticks plainly near 1 and as powers of ten far from it', () => {
    expect(formatLogTick(0.01)).toBe('0.01');
    expect(formatLogTick(1e-6)).toBe('10⁻⁶');
    expect(formatLogTick(1e6)).toBe('10⁶');
  });
});

describe('log axes', () => {
  it('uses at most five powers of ten, thinning long ranges', () => {
    expect(logTickValues([1e-3, 1])).toEqual([1e-3, 1e-2, 1e-1, 1]);
    const ticks = logTickValues([1e-12, 1]);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks[ticks.length - 1]).toBe(1);
  });
  it('falls back to 1-2-5 steps inside a single decade', () => {
    expect(logTickValues([0.15, 0.9])).toEqual([0.2, 0.5]);
  });
  it('pads a domain to whole decades', () => {
    expect(decadeDomain(0.003, 0.4)).toEqual([0.001, 1]);
    expect(decadeDomain(1, 1)).toEqual([1, 10]);
  });
});

describe('frame and legend', () => {
  it('labels the root svg and falls back to a fixed width without layout', () => {
    const container = document.createElement('div');
    const frame = createFrame(container, { aspectRatio: 2, regionLabel: 'Training curves' }, 'pl-test', () => undefined);
    frame.setLabel('A chart');
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('A chart');
    expect(svg.getAttribute('width')).toBe('640');
    expect(svg.getAttribute('height')).toBe('320');
    expect(container.querySelector('[role="region"]')!.getAttribute('aria-label')).toBe('Training curves');
    frame.destroy();
    expect(container.childElementCount).toBe(0);
  });
  it('keeps at least minHeight when the aspect ratio would make the chart flatter', () => {
    const container = document.createElement('div');
    const frame = createFrame(container, { width: 330, aspectRatio: 2.2, minHeight: 250 }, 'pl-test', () => undefined);
    expect(container.querySelector('svg')!.getAttribute('height')).toBe('250');
    frame.destroy();
    const wide = createFrame(container, { width: 1100, aspectRatio: 2.2, minHeight: 250 }, 'pl-test', () => undefined);
    expect(container.querySelector('svg')!.getAttribute('height')).toBe('500');
    wide.destroy();
  });
  it('wraps legend entries into rows that fit the width', () => {
    const svg = select(document.body).append('svg');
    const group = svg.append('g');
    const items = ['stuck at 0', 'exactly r', 'extra columns left', 'unstable', 'pending'].map((label) => ({
      label,
      color: '#000',
      mark: 'swatch' as const,
    }));
    expect(drawLegend(group, items)).toBe(1);
    expect(drawLegend(group, items, 250)).toBeGreaterThan(1);
    expect(group.selectAll('.pl-legend-item').size()).toBe(5);
    expect(drawLegend(group, [])).toBe(0);
  });
});
